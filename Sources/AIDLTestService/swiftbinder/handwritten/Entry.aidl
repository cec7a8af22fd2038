package swiftbinder.handwritten;

import swiftbinder.test.ByteEnum;

/** Generic parcelables as fields, nested in each other and in arrays. */
parcelable Entry {
    Pair<String, Pair<int, long>> nested;
    Pair<ByteEnum, byte[]>[] list;
}
