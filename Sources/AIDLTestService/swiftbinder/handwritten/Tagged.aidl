package swiftbinder.handwritten;

/** A generic parcelable whose type parameter is another generic's argument. */
parcelable Tagged<T> {
    String tag;
    T value;
    Pair<T, int>[] history;
}
