package swiftbinder.handwritten;

/** A generic parcelable: each use names the types of first and second. */
parcelable Pair<A, B> {
    A first;
    B second;
}
