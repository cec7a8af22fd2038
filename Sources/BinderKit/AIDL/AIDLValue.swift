// How each AIDL type is laid out in a parcel, as one protocol that every
// Swift type standing for an AIDL type conforms to. Generated code only calls
// `writeAIDL` / `readAIDL`; the layout of arrays and of nulls is chosen by
// the element type, because Android packs some arrays (byte[]) and marks
// nulls differently per kind (a -1 length, a 0 marker, a null binder).

/// A Swift type that stands for an AIDL type on the wire.
public protocol AIDLValue: Sendable {
    /// Writes the value where a parameter, field or element of its type goes.
    func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat)
    /// Reads what `writeAIDL` wrote.
    static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self

    /// `T[]` / `List<T>`: by default an int32 count (-1 for null) and each element.
    static func writeAIDLArray(_ values: [Self], to parcel: inout ParcelWriter, _ wire: AIDLWireFormat)
    static func readAIDLArray(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [Self]

    /// `@nullable T`: by default an int32 presence marker (1, or 0 for null)
    /// before the value, as parcelables are written.
    static func writeAIDLNullable(_ value: Self?, to parcel: inout ParcelWriter, _ wire: AIDLWireFormat)
    static func readAIDLNullable(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self?

    /// The value an `out` parameter starts as on the service side, and what
    /// fills an `out` array of the size the caller sent.
    static var aidlDefault: Self { get }
}

extension AIDLValue {
    public static func writeAIDLArray(_ values: [Self], to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeAIDLCount(values.count)
        for value in values { value.writeAIDL(to: &parcel, wire) }
    }

    public static func readAIDLArray(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [Self] {
        // Every element takes at least 4 bytes, which bounds the count before allocating.
        let count = try parcel.readAIDLCount(minimumElementSize: 4)
        var values: [Self] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readAIDL(from: &parcel, wire)) }
        return values
    }

    public static func writeAIDLNullable(_ value: Self?, to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        guard let value else { return parcel.writeInt32(0) }
        parcel.writeInt32(1)
        value.writeAIDL(to: &parcel, wire)
    }

    public static func readAIDLNullable(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self? {
        let start = parcel.reader.position
        guard try parcel.reader.readInt32() != 0 else { return nil }
        do {
            return try readAIDL(from: &parcel, wire)
        } catch {
            try parcel.reader.seek(to: start)
            throw error
        }
    }
}

extension ParcelWriter {
    /// An array's int32 element count.
    public mutating func writeAIDLCount(_ count: Int) {
        guard let value = Int32(exactly: count) else { preconditionFailure("array of \(count) elements exceeds int32") }
        writeInt32(value)
    }
}

extension IncomingParcel {
    /// An array's count, refusing null (-1), other negatives, and counts the
    /// remaining data cannot hold at `minimumElementSize` bytes each.
    public mutating func readAIDLCount(minimumElementSize: Int) throws -> Int {
        let start = reader.position
        let count = try reader.readInt32()
        guard count != -1 else {
            try reader.seek(to: start)
            throw ParcelError.unexpectedNull(offset: start)
        }
        guard count >= 0, Int(count) <= reader.remaining / max(minimumElementSize, 1) else {
            try reader.seek(to: start)
            throw ParcelError.invalidLength(count, offset: start)
        }
        return Int(count)
    }

    /// Whether the next int32 is -1 (a null string or array); consumes it if so.
    public mutating func readAIDLNullLength() throws -> Bool {
        let start = reader.position
        if try reader.readInt32() == -1 { return true }
        try reader.seek(to: start)
        return false
    }
}

// MARK: Primitives: each a whole int32 or int64 slot.

extension Bool: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeBool(self) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Bool { try parcel.reader.readBool() }
    public static var aidlDefault: Bool { false }
}

/// AIDL `byte`: a whole int32 alone, but `byte[]` is packed (int32 length, bytes, padding).
extension Int8: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeInt32(Int32(self)) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Int8 {
        Int8(truncatingIfNeeded: try parcel.reader.readInt32())
    }
    public static func writeAIDLArray(_ values: [Int8], to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeByteArray(values.map { UInt8(bitPattern: $0) })
    }
    public static func readAIDLArray(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [Int8] {
        guard let bytes = try parcel.reader.readByteArray() else {
            throw ParcelError.unexpectedNull(offset: parcel.reader.position - 4)
        }
        return bytes.map { Int8(bitPattern: $0) }
    }
    public static var aidlDefault: Int8 { 0 }
}

/// AIDL `char`: one UTF-16 unit in a whole int32, arrays too.
extension UInt16: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeInt32(Int32(self)) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> UInt16 {
        UInt16(truncatingIfNeeded: try parcel.reader.readInt32())
    }
    public static var aidlDefault: UInt16 { 0 }
}

extension Int32: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeInt32(self) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Int32 { try parcel.reader.readInt32() }
    public static var aidlDefault: Int32 { 0 }
}

extension Int64: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeInt64(self) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Int64 { try parcel.reader.readInt64() }
    public static var aidlDefault: Int64 { 0 }
}

extension Float: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeFloat(self) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Float { try parcel.reader.readFloat() }
    public static var aidlDefault: Float { 0 }
}

extension Double: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeDouble(self) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Double { try parcel.reader.readDouble() }
    public static var aidlDefault: Double { 0 }
}

// MARK: Strings, arrays and nullables: a -1 length means null.

/// AIDL `String`, with or without @utf8InCpp: always String16 on the wire
/// (@utf8InCpp only changes the C++ type; libbinder converts with
/// writeUtf8AsUtf16 / readUtf8FromUtf16).
extension String: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) { parcel.writeString16(self) }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> String {
        let start = parcel.reader.position
        guard let value = try parcel.reader.readString16() else { throw ParcelError.unexpectedNull(offset: start) }
        return value
    }
    public static func writeAIDLNullable(_ value: String?, to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeString16(value)
    }
    public static func readAIDLNullable(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> String? {
        try parcel.reader.readString16()
    }
    public static var aidlDefault: String { "" }
}

extension Array: AIDLValue where Element: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        Element.writeAIDLArray(self, to: &parcel, wire)
    }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [Element] {
        try Element.readAIDLArray(from: &parcel, wire)
    }
    public static func writeAIDLNullable(_ value: [Element]?, to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        guard let value else { return parcel.writeInt32(-1) }
        value.writeAIDL(to: &parcel, wire)
    }
    public static func readAIDLNullable(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [Element]? {
        if try parcel.readAIDLNullLength() { return nil }
        return try readAIDL(from: &parcel, wire)
    }
    public static var aidlDefault: [Element] { [] }
}

/// `@nullable T` as a value (a nullable array element, say): its type's null form.
extension Optional: AIDLValue where Wrapped: AIDLValue {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        Wrapped.writeAIDLNullable(self, to: &parcel, wire)
    }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Wrapped? {
        try Wrapped.readAIDLNullable(from: &parcel, wire)
    }
    public static var aidlDefault: Wrapped? { nil }
}

// MARK: Fixed-size arrays (T[N]): laid out as T[], with exactly N elements.

extension IncomingParcel {
    /// `T[N]`: the int32 count, which must be N (a mismatch is refused, as
    /// libbinder's readFixedArray answers BAD_VALUE), then the elements as in `T[]`.
    public mutating func readAIDLFixedArray<T: AIDLValue>(_: T.Type, count: Int, _ wire: AIDLWireFormat) throws -> [T] {
        try checkAIDLFixedCount(count)
        return try T.readAIDLArray(from: &self, wire)
    }

    /// `T[N][M]...`: the count N, then N inner fixed-size arrays read by `element`.
    public mutating func readAIDLFixedArray<T>(count: Int, _ element: (inout IncomingParcel) throws -> T) throws -> [T] {
        try checkAIDLFixedCount(count)
        _ = try reader.readInt32()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try element(&self)) }
        return values
    }

    /// `@nullable T[N]`: nil for a -1 count, else what `read` reads.
    public mutating func readAIDLNullableArray<T>(_ read: (inout IncomingParcel) throws -> T) throws -> T? {
        if try readAIDLNullLength() { return nil }
        return try read(&self)
    }

    /// Checks the next int32 (left unread) is `count`: -1 is a null, anything else a bad length.
    private mutating func checkAIDLFixedCount(_ count: Int) throws {
        let start = reader.position
        let found = try reader.readInt32()
        try reader.seek(to: start)
        if found == -1 { throw ParcelError.unexpectedNull(offset: start) }
        guard Int(found) == count else {
            throw ParcelError.invalidValue("a fixed-size array of \(count) sent with \(found) elements", offset: start)
        }
    }
}
