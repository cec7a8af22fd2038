public enum BinderABIPlaceholder {}
