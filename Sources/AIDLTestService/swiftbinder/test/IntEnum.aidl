package swiftbinder.test;

@Backing(type="int")
enum IntEnum {
    FOO = 1000,
    BAR = 2000,
    QUX = FOO | 0x10,
    MINUS = -1,
}
