package swiftbinder.handwritten;

/** Hand-written and generic parcelables as arguments, results and out parameters. */
interface IHandwritten {
    Cookie echo(in Cookie cookie);
    @nullable Cookie maybe(in @nullable Cookie cookie);
    void mint(long id, out Cookie cookie, inout Token token);
    Pair<int, String> swap(in Pair<String, int> pair);
    Pair<Cookie, Token>[] zip(in Cookie[] cookies, in Token[] tokens);
    Entry grow(in Entry entry);
}
