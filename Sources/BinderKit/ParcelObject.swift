// The objects a parcel carries beside plain data: binders, handles and file
// descriptors, each a 24-byte flat_binder_object / binder_fd_object that the
// kernel rewrites in flight.

import BinderABI
import CBinderUAPI

/// One object in a parcel, as the sender wrote it or as the kernel delivered it.
public enum ParcelObject: Hashable, Sendable {
    /// A strong reference to an object local to the writer: `ptr` and `cookie`
    /// are the writer's own values (Android puts the weak-ref block and the
    /// object pointer there); the kernel turns them into a handle for the receiver.
    case binder(ptr: UInt64, cookie: UInt64, flags: UInt32)
    /// A weak reference to a local object.
    case weakBinder(ptr: UInt64, cookie: UInt64, flags: UInt32)
    /// A strong reference to a remote object, by the writer's handle number.
    case handle(UInt32, flags: UInt32)
    /// A weak reference to a remote object.
    case weakHandle(UInt32, flags: UInt32)
    /// A file descriptor. A cookie of 1 asks the receiver's Parcel to close the
    /// descriptor when it is done; 0 leaves it to the owner.
    case fileDescriptor(Int32, cookie: UInt64)

    /// Bytes one object occupies in the data; both C structs have this size.
    public static let size = MemoryLayout<flat_binder_object>.size
    /// The fd struct's size, which the codec assumes equals `size` (checked by tests).
    static let fdObjectSize = MemoryLayout<binder_fd_object>.size

    /// The flags Android's Parcel has long put on the binders it writes: the
    /// lowest-nice priority bits all set (0x7f) and "accepts fds".
    public static let defaultFlags: UInt32 = 0x7f | FlatBinderFlags.acceptsFds.rawValue

    /// What Android writes for a null IBinder: a binder object with no pointer and no cookie.
    public static let null = ParcelObject.binder(ptr: 0, cookie: 0, flags: defaultFlags)

    /// Whether this is a null binder (whatever its flags).
    public var isNull: Bool {
        if case let .binder(ptr, cookie, _) = self { return ptr == 0 && cookie == 0 }
        return false
    }

    /// The header type the kernel dispatches on.
    public var type: BinderObjectType {
        switch self {
        case .binder: return .binder
        case .weakBinder: return .weakBinder
        case .handle: return .handle
        case .weakHandle: return .weakHandle
        case .fileDescriptor: return .fd
        }
    }

    /// Whether the writer lists the object in the offsets array. Android leaves
    /// out binder-like objects whose 64-bit binder field is zero (null binders,
    /// handle 0): there is nothing for the kernel to translate. File
    /// descriptors are always listed, even fd 0.
    var isListed: Bool {
        let words = rawWords
        return type == .fd || words.field != 0
    }

    /// The four fields in wire order; a handle or fd fills the low half of the
    /// 64-bit union and the high half stays zero, so no stale bytes leak.
    private var rawWords: (type: UInt32, flags: UInt32, field: UInt64, cookie: UInt64) {
        switch self {
        case let .binder(ptr, cookie, flags), let .weakBinder(ptr, cookie, flags):
            return (type.rawValue, flags, ptr, cookie)
        case let .handle(handle, flags), let .weakHandle(handle, flags):
            return (type.rawValue, flags, UInt64(handle), 0)
        case let .fileDescriptor(fd, cookie):
            return (type.rawValue, Self.defaultFlags, UInt64(UInt32(bitPattern: fd)), cookie)
        }
    }

    /// The 24 little-endian bytes of the C struct.
    var encoded: [UInt8] {
        let words = rawWords
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        bytes.appendParcelInteger(words.type)
        bytes.appendParcelInteger(words.flags)
        bytes.appendParcelInteger(words.field)
        bytes.appendParcelInteger(words.cookie)
        return bytes
    }

    /// The raw fields of the 24 bytes at `offset`, which the caller has bounds-checked.
    static func rawFields(_ bytes: [UInt8], at offset: Int) -> (type: UInt32, flags: UInt32, field: UInt64, cookie: UInt64) {
        (bytes.parcelInteger(UInt32.self, at: offset),
         bytes.parcelInteger(UInt32.self, at: offset + 4),
         bytes.parcelInteger(UInt64.self, at: offset + 8),
         bytes.parcelInteger(UInt64.self, at: offset + 16))
    }

    /// Decodes raw fields; types a parcel never carries as a flat object
    /// (fd arrays, buffers, garbage) are errors.
    static func decode(_ raw: (type: UInt32, flags: UInt32, field: UInt64, cookie: UInt64), offset: Int) throws -> ParcelObject {
        switch BinderObjectType(rawValue: raw.type) {
        case .binder: return .binder(ptr: raw.field, cookie: raw.cookie, flags: raw.flags)
        case .weakBinder: return .weakBinder(ptr: raw.field, cookie: raw.cookie, flags: raw.flags)
        case .handle: return .handle(UInt32(truncatingIfNeeded: raw.field), flags: raw.flags)
        case .weakHandle: return .weakHandle(UInt32(truncatingIfNeeded: raw.field), flags: raw.flags)
        case .fd: return .fileDescriptor(Int32(bitPattern: UInt32(truncatingIfNeeded: raw.field)), cookie: raw.cookie)
        case .fda, .ptr, nil: throw ParcelError.unexpectedObjectType(raw.type, offset: offset)
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends an integer's bytes, least significant first, whatever the host order.
    mutating func appendParcelInteger<T: FixedWidthInteger>(_ value: T) {
        for index in 0..<MemoryLayout<T>.size {
            append(UInt8(truncatingIfNeeded: value >> (8 * index)))
        }
    }

    /// Assembles a little-endian integer from bytes the caller has bounds-checked;
    /// byte by byte, so unaligned positions need no unsafe loads.
    func parcelInteger<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, at offset: Int) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size {
            value |= T(self[offset + index]) << (8 * index)
        }
        return value
    }
}
