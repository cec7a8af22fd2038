package swiftbinder.test;

interface INamedCallback {
    String getName();
}
