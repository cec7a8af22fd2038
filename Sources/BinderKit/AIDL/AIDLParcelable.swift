// Structured parcelables, unions and enums on the wire.
//
// A parcelable or union in any position (parameter, field, array element,
// return value) is preceded by an int32 presence marker, 1 or 0 for null,
// as libbinder's writeParcelable / writeNullableParcelable and Java's
// writeTypedObject write it. A structured parcelable's body is framed by an
// int32 size counting itself; a union's body is its int32 tag (the index of
// the field it holds, in declaration order) and that field's value, unframed.
// An enum is its backing type's value, so a byte-backed enum array is packed.

/// A structured parcelable or union: what follows its presence marker.
public protocol AIDLParcelable: AIDLValue {
    func writeAIDLBody(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat)
    static func readAIDLBody(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self
}

extension AIDLParcelable {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        parcel.writeInt32(1)
        writeAIDLBody(to: &parcel, wire)
    }

    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self {
        let start = parcel.reader.position
        guard let value = try readAIDLNullable(from: &parcel, wire) else {
            throw ParcelError.unexpectedNull(offset: start)
        }
        return value
    }

    public static func writeAIDLNullable(_ value: Self?, to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        guard let value else { return parcel.writeInt32(0) }
        value.writeAIDL(to: &parcel, wire)
    }

    public static func readAIDLNullable(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self? {
        let start = parcel.reader.position
        guard try parcel.reader.readInt32() != 0 else { return nil }
        do {
            return try readAIDLBody(from: &parcel, wire)
        } catch {
            try parcel.reader.seek(to: start)
            throw error
        }
    }
}

extension IncomingParcel {
    /// Reads a structured parcelable's size prefix; returns where its body
    /// ends. Fields are read while the position is before that end (a peer
    /// with an older definition sends fewer), `endAIDLParcelable` skips the
    /// rest (a newer one sends more).
    public mutating func beginAIDLParcelable() throws -> Int {
        let start = reader.position
        let size = try reader.readInt32()
        guard size >= 4, Int(size) <= reader.bytes.count - start else {
            try reader.seek(to: start)
            throw ParcelError.invalidValue("parcelable size \(size)", offset: start)
        }
        return start + Int(size)
    }

    /// Moves to the end the size prefix declared. A body whose fields ran
    /// past it is malformed (libbinder would silently seek back into it).
    public mutating func endAIDLParcelable(_ end: Int) throws {
        guard reader.position <= end else {
            throw ParcelError.invalidValue("parcelable whose fields overrun its size", offset: end)
        }
        try reader.seek(to: end)
    }

    /// A union's tag; `count` is how many fields the union has.
    public mutating func readAIDLUnionTag(count: Int) throws -> Int {
        let start = reader.position
        let tag = try reader.readInt32()
        guard tag >= 0, Int(tag) < count else {
            try reader.seek(to: start)
            throw ParcelError.invalidValue("union tag \(tag)", offset: start)
        }
        return Int(tag)
    }
}

/// An AIDL enum: an open set of named values of a backing type (byte, int
/// or long); values no enumerator names are kept, as in Android.
public protocol AIDLEnum: AIDLValue, Hashable {
    associatedtype Backing: AIDLValue & FixedWidthInteger
    var rawValue: Backing { get }
    init(rawValue: Backing)
}

extension AIDLEnum {
    public func writeAIDL(to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        rawValue.writeAIDL(to: &parcel, wire)
    }
    public static func readAIDL(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> Self {
        Self(rawValue: try Backing.readAIDL(from: &parcel, wire))
    }
    public static func writeAIDLArray(_ values: [Self], to parcel: inout ParcelWriter, _ wire: AIDLWireFormat) {
        Backing.writeAIDLArray(values.map(\.rawValue), to: &parcel, wire)
    }
    public static func readAIDLArray(from parcel: inout IncomingParcel, _ wire: AIDLWireFormat) throws -> [Self] {
        try Backing.readAIDLArray(from: &parcel, wire).map(Self.init(rawValue:))
    }
    /// Android's default for an enum field: the value 0, named or not.
    public static var aidlDefault: Self { Self(rawValue: 0) }
}

/// Names a hand-written type standing for an unstructured parcelable
/// (`parcelable Foo;`); generated code names `AIDLHandwrittenParcelable<Foo>`
/// so that a missing type or conformance is a compile error where it is declared.
public enum AIDLHandwrittenParcelable<Value: AIDLParcelable> {}
