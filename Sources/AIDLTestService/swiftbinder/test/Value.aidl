package swiftbinder.test;

import swiftbinder.test.IntEnum;

/** A union: the tag is the field index. */
union Value {
    int number = 42;
    String text;
    int[] numbers;
    IntEnum choice;
    @nullable IBinder binder;
}
