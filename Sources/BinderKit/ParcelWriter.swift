// Building parcel data the way Android's Parcel lays it out, so that an
// Android peer (or the kernel, for the objects) reads it back unchanged.

/// Writes the Android Parcel wire format: little-endian values, each padded
/// with zeros to a multiple of 4 bytes, plus the offsets of any objects.
///
/// `bytes` and `objectOffsets` are the two buffers a transaction hands the
/// kernel (`data.ptr.buffer` and `data.ptr.offsets`).
public struct ParcelWriter: Equatable, Sendable {
    /// The data written so far.
    public private(set) var bytes: [UInt8] = []
    /// The byte offset of each listed object in `bytes`, in writing order.
    public private(set) var objectOffsets: [UInt64] = []
    /// Objects the data refers to (local binders, proxies), kept alive until
    /// the kernel has taken its own references; not part of the wire format.
    public internal(set) var retained: [any AnyObject & Sendable] = []

    /// Bytes of data written (what Android calls dataSize).
    public var dataSize: Int { bytes.count }

    public init() {}

    /// Equal when the wire bytes are: `retained` only keeps objects alive.
    public static func == (a: ParcelWriter, b: ParcelWriter) -> Bool {
        a.bytes == b.bytes && a.objectOffsets == b.objectOffsets
    }

    /// `count` rounded up to a multiple of 4: the slot a value of that size takes.
    static func padded(_ count: Int) -> Int { (count + 3) & ~3 }

    // MARK: Scalars

    public mutating func writeInt32(_ value: Int32) { bytes.appendParcelInteger(value) }
    public mutating func writeUInt32(_ value: UInt32) { bytes.appendParcelInteger(value) }
    /// 8 bytes with no extra alignment: Android only keeps the data 4-aligned.
    public mutating func writeInt64(_ value: Int64) { bytes.appendParcelInteger(value) }
    public mutating func writeUInt64(_ value: UInt64) { bytes.appendParcelInteger(value) }
    /// A whole int32, 1 or 0: Android has no narrower slot.
    public mutating func writeBool(_ value: Bool) { writeInt32(value ? 1 : 0) }
    /// The IEEE-754 bit pattern.
    public mutating func writeFloat(_ value: Float) { writeUInt32(value.bitPattern) }
    public mutating func writeDouble(_ value: Double) { writeUInt64(value.bitPattern) }

    // MARK: Strings and arrays

    /// Android's main string format (Java String, AIDL `String`): int32 length in
    /// UTF-16 code units, or -1 for null; the units; a zero unit; padding.
    public mutating func writeString16(_ value: String?) {
        guard let value else { return writeInt32(-1) }
        writeString16(units: Array(value.utf16))
    }

    /// A String16 from raw code units, which may hold what no Swift String can
    /// (an unpaired surrogate from a Java peer, say).
    public mutating func writeString16(units: [UInt16]) {
        writeLength(units.count)
        var raw: [UInt8] = []
        raw.reserveCapacity(2 * units.count + 2)
        for unit in units { raw.appendParcelInteger(unit) }
        raw.appendParcelInteger(UInt16(0))
        appendPadded(raw)
    }

    /// Android's String8 / C string format: int32 length in UTF-8 bytes, or -1
    /// for null; the bytes; a NUL; padding.
    public mutating func writeString8(_ value: String?) {
        guard let value else { return writeInt32(-1) }
        let utf8 = Array(value.utf8)
        writeLength(utf8.count)
        appendPadded(utf8 + [0])
    }

    /// int32 length, or -1 for null; the bytes; padding (no terminator).
    public mutating func writeByteArray(_ value: [UInt8]?) {
        guard let value else { return writeInt32(-1) }
        writeLength(value.count)
        appendPadded(value)
    }

    /// An int32 presence marker (1, or 0 for nil) then the value, as AIDL writes
    /// nullable parcelables. (Nullable strings and arrays use their own -1 length instead.)
    public mutating func writeNullable<T>(_ value: T?, _ write: (inout ParcelWriter, T) -> Void) {
        guard let value else { return writeInt32(0) }
        writeInt32(1)
        write(&self, value)
    }

    // MARK: Objects

    /// Writes a binder object, listing its offset unless it is a null binder or
    /// handle 0, which Android leaves unlisted (see `ParcelObject.isListed`).
    public mutating func writeObject(_ object: ParcelObject) {
        if object.isListed { objectOffsets.append(UInt64(bytes.count)) }
        bytes += object.encoded
    }

    /// A strong reference to a local object: `ptr` and `cookie` are what the
    /// kernel hands back in transactions addressed to it.
    public mutating func writeStrongBinder(ptr: UInt64, cookie: UInt64, flags: UInt32 = ParcelObject.defaultFlags) {
        writeObject(.binder(ptr: ptr, cookie: cookie, flags: flags))
    }

    public mutating func writeWeakBinder(ptr: UInt64, cookie: UInt64, flags: UInt32 = ParcelObject.defaultFlags) {
        writeObject(.weakBinder(ptr: ptr, cookie: cookie, flags: flags))
    }

    /// A null IBinder, as Android writes it for both strong and weak nulls.
    public mutating func writeNullBinder(flags: UInt32 = ParcelObject.defaultFlags) {
        writeObject(.binder(ptr: 0, cookie: 0, flags: flags))
    }

    /// A strong reference to a remote object by this process's handle for it.
    public mutating func writeStrongHandle(_ handle: UInt32, flags: UInt32 = ParcelObject.defaultFlags) {
        writeObject(.handle(handle, flags: flags))
    }

    public mutating func writeWeakHandle(_ handle: UInt32, flags: UInt32 = ParcelObject.defaultFlags) {
        writeObject(.weakHandle(handle, flags: flags))
    }

    /// A file descriptor the kernel duplicates into the receiver. With
    /// `takeOwnership` the receiver's Parcel closes its copy when done.
    public mutating func writeFileDescriptor(_ fd: Int32, takeOwnership: Bool) {
        writeObject(.fileDescriptor(fd, cookie: takeOwnership ? 1 : 0))
    }

    // MARK: Size prefixes

    /// Writes an int32 that `body` fills in afterwards with the byte count
    /// from the prefix's own start to the end of what `body` wrote, as
    /// structured AIDL parcelables are framed.
    public mutating func writeSizePrefixed(_ body: (inout ParcelWriter) -> Void) {
        let start = bytes.count
        writeInt32(0)
        body(&self)
        guard let size = Int32(exactly: bytes.count - start) else {
            preconditionFailure("parcelable of \(bytes.count - start) bytes exceeds int32")
        }
        var encoded: [UInt8] = []
        encoded.appendParcelInteger(size)
        bytes.replaceSubrange(start..<start + 4, with: encoded)
    }

    // MARK: Helpers

    /// A length prefix; a collection too long for int32 is a caller bug, not data.
    private mutating func writeLength(_ count: Int) {
        guard let length = Int32(exactly: count) else {
            preconditionFailure("parcel value of \(count) elements exceeds the int32 length prefix")
        }
        writeInt32(length)
    }

    /// Appends raw bytes and zeros up to the next multiple of 4.
    private mutating func appendPadded(_ raw: [UInt8]) {
        bytes += raw
        bytes += repeatElement(0, count: Self.padded(raw.count) - raw.count)
    }
}
