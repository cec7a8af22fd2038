// Reading parcel data that another process wrote. Nothing in it is trusted:
// each read checks its bounds first and throws a ParcelError instead of
// trapping, and no length prefix is believed before the bytes are there.

import BinderABI

/// Reads the Android Parcel wire format written by `ParcelWriter` or by Android.
///
/// A read that throws leaves `position` where it was, so a caller may try
/// another interpretation of the same bytes.
public struct ParcelReader: Sendable {
    /// The data being read.
    public let bytes: [UInt8]
    /// The listed object offsets that lie wholly inside the data, ascending.
    /// Offsets past the end (or beyond Int) are dropped: nothing can be read there anyway.
    public let objectOffsets: [Int]
    /// The next byte to read.
    public private(set) var position = 0

    /// Bytes left after `position`.
    public var remaining: Int { bytes.count - position }

    /// Reads `bytes` whose objects sit at `objectOffsets`, as a transaction
    /// delivers them (the kernel has translated the objects at those offsets).
    public init(bytes: [UInt8], objectOffsets: [UInt64] = []) {
        self.bytes = bytes
        self.objectOffsets = objectOffsets
            .compactMap { Int(exactly: $0) }
            .filter { $0 <= bytes.count - ParcelObject.size }
            .sorted()
    }

    /// Reads back what a writer produced.
    public init(_ writer: ParcelWriter) {
        self.init(bytes: writer.bytes, objectOffsets: writer.objectOffsets)
    }

    /// Moves to any position from 0 to the end of the data.
    public mutating func seek(to newPosition: Int) throws {
        guard (0...bytes.count).contains(newPosition) else { throw ParcelError.invalidPosition(newPosition) }
        position = newPosition
    }

    // MARK: Scalars

    public mutating func readInt32() throws -> Int32 { Int32(bitPattern: try readInteger(UInt32.self)) }
    public mutating func readUInt32() throws -> UInt32 { try readInteger(UInt32.self) }
    public mutating func readInt64() throws -> Int64 { Int64(bitPattern: try readInteger(UInt64.self)) }
    public mutating func readUInt64() throws -> UInt64 { try readInteger(UInt64.self) }
    /// Any non-zero int32 is true, as Android reads it.
    public mutating func readBool() throws -> Bool { try readInt32() != 0 }
    public mutating func readFloat() throws -> Float { Float(bitPattern: try readUInt32()) }
    public mutating func readDouble() throws -> Double { Double(bitPattern: try readUInt64()) }

    // MARK: Strings and arrays

    /// A String16; nil for the -1 null length.
    public mutating func readString16() throws -> String? {
        try atomically { reader in
            let start = reader.position
            guard let units = try reader.readString16Units() else { return nil }
            return try Self.decodeUTF16(units, at: start + 4)
        }
    }

    /// A String16's code units without Unicode validation, for peers (Java)
    /// whose strings may hold unpaired surrogates; nil for null.
    public mutating func readString16Units() throws -> [UInt16]? {
        try atomically { reader in
            guard let count = try reader.readLength() else { return nil }
            let start = try reader.claim(2 * count + 2)
            let units = (0...count).map { reader.bytes.parcelInteger(UInt16.self, at: start + 2 * $0) }
            guard units[count] == 0 else { throw ParcelError.missingTerminator(offset: start + 2 * count) }
            return Array(units[..<count])
        }
    }

    /// A String8 (length, UTF-8 bytes, NUL); nil for null.
    public mutating func readString8() throws -> String? {
        try atomically { reader in
            guard let count = try reader.readLength() else { return nil }
            let start = try reader.claim(count + 1)
            guard reader.bytes[start + count] == 0 else { throw ParcelError.missingTerminator(offset: start + count) }
            guard let string = String(validating: reader.bytes[start..<start + count], as: UTF8.self) else {
                throw ParcelError.invalidUTF8(offset: start)
            }
            return string
        }
    }

    /// A byte array; nil for null.
    public mutating func readByteArray() throws -> [UInt8]? {
        try atomically { reader in
            guard let count = try reader.readLength() else { return nil }
            let start = try reader.claim(count)
            return Array(reader.bytes[start..<start + count])
        }
    }

    /// The counterpart of `ParcelWriter.writeNullable`: an int32 marker, then
    /// the value unless the marker is 0. Any non-zero marker means present, as in Android.
    public mutating func readNullable<T>(_ read: (inout ParcelReader) throws -> T) throws -> T? {
        try atomically { reader in
            guard try reader.readInt32() != 0 else { return nil }
            return try read(&reader)
        }
    }

    // MARK: Objects

    /// The object at the current position. It must be listed in the offsets,
    /// except for the null-binder shape (zero binder field and cookie, not an
    /// fd), which Android's writer never lists and its reader accepts unlisted.
    public mutating func readObject() throws -> ParcelObject {
        let start = position
        let available = remaining
        guard ParcelObject.size <= available else {
            throw ParcelError.outOfBounds(offset: start, needed: ParcelObject.size, available: available)
        }
        let raw = ParcelObject.rawFields(bytes, at: start)
        let listed = objectIndex(at: start) != nil
        if !listed {
            let nullShape = raw.field == 0 && raw.cookie == 0 && raw.type != BinderObjectType.fd.rawValue
            guard nullShape else { throw ParcelError.notAnObject(offset: start) }
        }
        try checkUnprotected(start, ParcelObject.size, except: listed ? start : nil)
        let object = try ParcelObject.decode(raw, offset: start)
        position = start + ParcelObject.size
        return object
    }

    /// A strong binder or handle; nil for a null binder. Weak references and
    /// fds are the wrong type here, as in Android's readStrongBinder.
    public mutating func readStrongBinder() throws -> ParcelObject? {
        try atomically { reader in
            let start = reader.position
            let object = try reader.readObject()
            switch object {
            case .binder, .handle: return object.isNull ? nil : object
            default: throw ParcelError.unexpectedObjectType(object.type.rawValue, offset: start)
            }
        }
    }

    /// A file descriptor object's fd (ownership is in `readObject`'s cookie).
    public mutating func readFileDescriptor() throws -> Int32 {
        try atomically { reader in
            let start = reader.position
            let object = try reader.readObject()
            guard case let .fileDescriptor(fd, _) = object else {
                throw ParcelError.unexpectedObjectType(object.type.rawValue, offset: start)
            }
            return fd
        }
    }

    // MARK: Helpers

    /// Runs a multi-part read, rewinding if any part throws.
    mutating func atomically<T>(_ body: (inout ParcelReader) throws -> T) throws -> T {
        let saved = position
        do {
            return try body(&self)
        } catch {
            position = saved
            throw error
        }
    }

    private mutating func readInteger<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws -> T {
        let start = try claim(MemoryLayout<T>.size)
        return bytes.parcelInteger(T.self, at: start)
    }

    /// A length prefix: nil for -1, an error for other negatives. Whether the
    /// data really holds that many elements is `claim`'s check, made before
    /// anything is allocated.
    private mutating func readLength() throws -> Int? {
        let start = position
        let length = try readInt32()
        if length == -1 { return nil }
        guard length >= 0 else {
            position = start
            throw ParcelError.invalidLength(length, offset: start)
        }
        return Int(length)
    }

    /// Takes `count` bytes and their padding from the position, returning where
    /// they start; throws without moving if they are not all there.
    private mutating func claim(_ count: Int) throws -> Int {
        let start = position
        let needed = ParcelWriter.padded(count)
        guard needed <= remaining else {
            throw ParcelError.outOfBounds(offset: start, needed: needed, available: remaining)
        }
        try checkUnprotected(start, needed, except: nil)
        position = start + needed
        return start
    }

    /// Throws if bytes `start..<start+count` overlap a listed object other than `except`.
    private func checkUnprotected(_ start: Int, _ count: Int, except: Int?) throws {
        // The first object that ends after `start`; objects are ascending.
        var index = firstIndex(atLeast: start - ParcelObject.size + 1)
        while index < objectOffsets.count, objectOffsets[index] < start + count {
            let objectOffset = objectOffsets[index]
            if objectOffset != except {
                throw ParcelError.readIntoObject(offset: start, objectOffset: objectOffset)
            }
            index += 1
        }
    }

    private func objectIndex(at offset: Int) -> Int? {
        let index = firstIndex(atLeast: offset)
        return index < objectOffsets.count && objectOffsets[index] == offset ? index : nil
    }

    /// Binary search: the index of the first listed offset >= `value`.
    private func firstIndex(atLeast value: Int) -> Int {
        var low = 0
        var high = objectOffsets.count
        while low < high {
            let middle = (low + high) / 2
            if objectOffsets[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Validates UTF-16 (surrogates must pair) before making a String, since
    /// String(decoding:) would silently substitute U+FFFD.
    static func decodeUTF16(_ units: [UInt16], at offset: Int) throws -> String {
        var index = 0
        while index < units.count {
            switch units[index] {
            case 0xD800...0xDBFF:
                guard index + 1 < units.count, (0xDC00...0xDFFF).contains(units[index + 1]) else {
                    throw ParcelError.invalidUTF16(offset: offset + 2 * index)
                }
                index += 2
            case 0xDC00...0xDFFF:
                throw ParcelError.invalidUTF16(offset: offset + 2 * index)
            default:
                index += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
