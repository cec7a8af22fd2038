// A parcel received from the driver (a call's data or a reply), with its
// binders turned into objects and its file descriptors owned.

import BinderABI
import Glibc

/// A received parcel. Read values through `reader`; binders and file
/// descriptors through `readBinder` and `readFileDescriptor`.
///
/// The kernel's buffer is freed as soon as the parcel arrives: every handle
/// in it has become a `RemoteBinder` holding its own reference, so nothing
/// here refers to the buffer afterwards.
public struct IncomingParcel: Sendable {
    /// The data, for reading values in order.
    public var reader: ParcelReader
    /// Binders and fds by their offset in the data.
    let objects: ReceivedObjects

    init(reader: ParcelReader, objects: ReceivedObjects) {
        self.reader = reader
        self.objects = objects
    }

    /// A parcel handed over within this process (a call to a `LocalBinder`):
    /// its objects are the ones the writer retained.
    init(local writer: ParcelWriter) {
        let objects = ReceivedObjects()
        for case let binder as any Binder in writer.retained {
            objects.localWrites.append(binder)
        }
        // File descriptors written by number stay open while the parcel lives.
        objects.keptAlive = writer.retained
        self.init(reader: ParcelReader(writer), objects: objects)
    }

    /// The next object as a binder; nil for a null binder.
    public mutating func readBinder() throws -> (any Binder)? {
        let offset = reader.position
        guard let object = try reader.readStrongBinder() else { return nil }
        if let binder = objects.binders[offset] { return binder }
        if let binder = objects.localBinder(for: object) { return binder }
        throw ParcelError.notAnObject(offset: offset)
    }

    /// The next object as a file descriptor. It stays open as long as any
    /// copy of this parcel exists; `dup` it to keep it longer.
    public mutating func readFileDescriptor() throws -> Int32 {
        try reader.readFileDescriptor()
    }

    // Shorthands for the reads services use most.
    public mutating func readInt32() throws -> Int32 { try reader.readInt32() }
    public mutating func readInt64() throws -> Int64 { try reader.readInt64() }
    public mutating func readBool() throws -> Bool { try reader.readBool() }
    public mutating func readString16() throws -> String? { try reader.readString16() }
    public mutating func readString8() throws -> String? { try reader.readString8() }
    public mutating func readByteArray() throws -> [UInt8]? { try reader.readByteArray() }
    /// Checks the interface token (Android 10 layout by default).
    public mutating func enforceInterface(_ descriptor: String, format: InterfaceTokenFormat = .android10) throws {
        guard try reader.readInterfaceToken(expected: descriptor, format: format) else { throw BinderStatus.badType }
    }
}

/// The objects of one received parcel; closes its fds when the last copy of
/// the parcel is gone.
final class ReceivedObjects: @unchecked Sendable {
    // Written only while the parcel is being built, on one thread; read-only after.
    var binders: [Int: any Binder] = [:]
    var ownedFDs: [Int32] = []
    var localWrites: [any Binder] = []
    var keptAlive: [any AnyObject & Sendable] = []

    /// For in-process parcels: the retained object an unresolved entry names.
    func localBinder(for object: ParcelObject) -> (any Binder)? {
        for binder in localWrites {
            switch (object, binder) {
            case let (.binder(_, cookie, _), local as LocalBinder) where local.id == cookie: return local
            case let (.handle(handle, _), remote as RemoteBinder) where remote.handle == handle: return remote
            default: continue
            }
        }
        return nil
    }

    deinit {
        for fd in ownedFDs { close(fd) }
    }
}

extension IncomingParcel {
    /// Resolves the objects of a transaction the driver delivered to `process`.
    static func received(_ transaction: ReceivedTransaction, process: BinderProcess) -> IncomingParcel {
        let objects = ReceivedObjects()
        var reader = transaction.parcel
        for offset in reader.objectOffsets {
            guard (try? reader.seek(to: offset)) != nil, let object = try? reader.readObject() else { continue }
            switch object {
            case let .handle(handle, _):
                objects.binders[offset] = process.proxy(forHandle: handle)
            case let .binder(_, cookie, _):
                if let local = process.nodes.object(forCookie: cookie) { objects.binders[offset] = local }
            case let .fileDescriptor(fd, _):
                // The kernel installed this fd in our table: it is ours to close.
                objects.ownedFDs.append(fd)
            case .weakBinder, .weakHandle:
                continue
            }
        }
        return IncomingParcel(reader: transaction.parcel, objects: objects)
    }
}
