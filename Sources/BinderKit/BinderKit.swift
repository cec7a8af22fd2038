import BinderABI
