package swiftbinder.test;

import swiftbinder.test.ByteEnum;
import swiftbinder.test.IntEnum;
import swiftbinder.test.LongEnum;
import swiftbinder.test.INamedCallback;
import swiftbinder.test.Point;
import swiftbinder.test.Shape;
import swiftbinder.test.Value;

/** In the style of AOSP's ITestService: one method per kind of value. */
interface ITestService {
    const int CONSTANT = 42;
    const int NEGATIVE = -42;
    const int HEX = 0xFFFFFFFF;
    const long LONG_CONSTANT = 1L << 33;
    const String STRING_CONSTANT = "foo";
    const boolean FLAG = 1 < 2;
    const int BAD_PARAMETER = -1;

    // Primitives
    boolean repeatBoolean(boolean token);
    byte repeatByte(byte token);
    char repeatChar(char token);
    int repeatInt(int token);
    long repeatLong(long token);
    float repeatFloat(float token);
    double repeatDouble(double token);
    String repeatString(String token);
    @utf8InCpp String repeatUtf8CppString(@utf8InCpp String token);
    ByteEnum repeatByteEnum(ByteEnum token);
    IntEnum repeatIntEnum(IntEnum token);
    LongEnum repeatLongEnum(LongEnum token);

    // Arrays: the input, reversed into the out array, returned as is
    boolean[] reverseBoolean(in boolean[] input, out boolean[] repeated);
    byte[] reverseByte(in byte[] input, out byte[] repeated);
    char[] reverseChar(in char[] input, out char[] repeated);
    int[] reverseInt(in int[] input, out int[] repeated);
    long[] reverseLong(in long[] input, out long[] repeated);
    String[] reverseString(in String[] input, out String[] repeated);
    ByteEnum[] reverseByteEnum(in ByteEnum[] input, out ByteEnum[] repeated);
    List<String> reverseStringList(in List<String> input, out List<String> repeated);

    // Nullables
    @nullable int[] repeatNullableIntArray(in @nullable int[] input);
    @nullable String repeatNullableString(@nullable String input);
    @nullable Point repeatNullablePoint(in @nullable Point input);
    @nullable List<String> repeatNullableStringList(in @nullable List<String> input);
    @nullable String[] repeatNullableStrings(in @nullable String[] input);

    // Parcelables, unions, inout
    Shape repeatShape(in Shape input);
    void scalePoint(inout Point point, int factor);
    void fillPoint(out Point point);
    Value repeatValue(in Value input);
    Value[] repeatValues(in Value[] input);

    // Binders and interfaces
    INamedCallback getCallback(String name);
    @nullable INamedCallback getNullableCallback(@nullable String name);
    String callbackName(INamedCallback callback);
    List<String> callbackNames(in List<INamedCallback> callbacks);
    List<INamedCallback> makeCallbacks(in List<String> names);
    IBinder repeatBinder(IBinder binder);
    @nullable IBinder repeatNullableBinder(@nullable IBinder binder);
    List<IBinder> repeatBinderList(in List<IBinder> binders);

    // File descriptors
    FileDescriptor repeatFileDescriptor(in FileDescriptor fd);
    ParcelFileDescriptor repeatParcelFileDescriptor(in ParcelFileDescriptor fd);
    @nullable ParcelFileDescriptor repeatNullableParcelFileDescriptor(in @nullable ParcelFileDescriptor fd);
    FileDescriptor[] repeatFileDescriptors(in FileDescriptor[] fds);

    // Exceptions
    void throwServiceException(int code);
    void throwException(int exceptionCode, String message);

    // Oneway
    oneway void ping(int token);
    int lastPing();
}
