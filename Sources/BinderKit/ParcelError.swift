// Why a parcel could not be read. Parcel data arrives from another process, so
// every malformed input has to become one of these instead of a trap.

/// A failed read from a `ParcelReader`. Offsets are byte positions in the data.
public enum ParcelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A read needed more bytes than remain. `needed` includes the padding to
    /// 4 bytes, because Android's reader also demands the padding be present.
    case outOfBounds(offset: Int, needed: Int, available: Int)
    /// A length prefix that is negative but not the -1 that means null.
    case invalidLength(Int32, offset: Int)
    /// A String16 holding an unpaired surrogate: no Swift String can carry it.
    /// (Java strings can; `readString16Units` gives such data raw.)
    case invalidUTF16(offset: Int)
    /// A String8 whose bytes are not UTF-8.
    case invalidUTF8(offset: Int)
    /// The zero unit (or byte) after a string's characters is not zero, so the
    /// length prefix disagrees with the data; Android rejects these too.
    case missingTerminator(offset: Int)
    /// An object read where the offsets array lists no object. The kernel only
    /// translates listed objects, so an unlisted one carries untranslated,
    /// sender-local values (a pointer, a handle, an fd number) that mean nothing here.
    case notAnObject(offset: Int)
    /// An object whose type is not one a parcel carries, or not the kind asked for.
    case unexpectedObjectType(UInt32, offset: Int)
    /// A plain-data read overlapping a listed object. Android refuses these so
    /// that object fields cannot be read, or reinterpreted, as ordinary data.
    case readIntoObject(offset: Int, objectOffset: Int)
    /// A seek outside the data.
    case invalidPosition(Int)
    /// A null (length -1, marker 0, null binder) where the AIDL type is not @nullable.
    case unexpectedNull(offset: Int)
    /// An AIDL value out of its range: a union tag no field has, a
    /// parcelable size smaller than its own prefix or past the data.
    case invalidValue(String, offset: Int)

    public var description: String {
        switch self {
        case let .outOfBounds(offset, needed, available):
            return "parcel read at \(offset) needs \(needed) bytes, \(available) remain"
        case let .invalidLength(length, offset):
            return "parcel length \(length) at \(offset) is negative"
        case let .invalidUTF16(offset):
            return "parcel String16 has an unpaired surrogate at \(offset)"
        case let .invalidUTF8(offset):
            return "parcel String8 at \(offset) is not UTF-8"
        case let .missingTerminator(offset):
            return "parcel string at \(offset) lacks its zero terminator"
        case let .notAnObject(offset):
            return "parcel offset \(offset) is not in the object offsets"
        case let .unexpectedObjectType(type, offset):
            return "parcel object at \(offset) has unexpected type 0x\(String(type, radix: 16))"
        case let .readIntoObject(offset, objectOffset):
            return "parcel data read at \(offset) overlaps the object at \(objectOffset)"
        case let .invalidPosition(position):
            return "parcel position \(position) is outside the data"
        case let .unexpectedNull(offset):
            return "parcel holds a null at \(offset) where the type is not nullable"
        case let .invalidValue(what, offset):
            return "parcel holds an invalid \(what) at \(offset)"
        }
    }
}
