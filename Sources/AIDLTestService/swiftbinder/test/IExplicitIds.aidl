package swiftbinder.test;

/** Methods with explicit transaction ids. */
interface IExplicitIds {
    int first() = 10;
    oneway void second(int value) = 3;
}
