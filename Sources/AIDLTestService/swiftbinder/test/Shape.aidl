package swiftbinder.test;

import swiftbinder.test.Point;
import swiftbinder.test.ByteEnum;

/** Every kind of field, with defaults. */
parcelable Shape {
    const int SIDES_MAX = 1 << 4;
    const String NAME_PREFIX = "shape:\t";

    boolean filled = true;
    byte tag = 0x7f;
    char letter = 'Z';
    int sides = SIDES_MAX - 1;
    long area = 1L << 40;
    float scale = 1.5f;
    double ratio = 0.25;
    String name = NAME_PREFIX + "square";
    @utf8InCpp String label;
    @nullable String note;
    int[] lengths = {1, 2, 3};
    byte[] blob;
    List<String> tags;
    Point origin;
    @nullable Point center;
    Point[] corners;
    ByteEnum kind = ByteEnum.BAR;
    ByteEnum[] kinds;
    IBinder owner;
    @nullable ParcelFileDescriptor backing;
    Value value;
}
