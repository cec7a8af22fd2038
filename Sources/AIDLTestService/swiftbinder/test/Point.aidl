package swiftbinder.test;

/** A small structured parcelable. */
parcelable Point {
    int x;
    int y = -3;
}
