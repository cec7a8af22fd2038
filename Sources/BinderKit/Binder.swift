// What local binders and proxies have in common: something you can call.

import BinderABI

/// A binder object: either one this process implements (`LocalBinder`) or a
/// proxy for one in another process (`RemoteBinder`). Both can be written
/// into a parcel and called the same way.
public protocol Binder: AnyObject, Sendable {
    /// Calls the object with `code` and `data`; returns the reply (empty for oneway).
    func transact(code: UInt32, data: ParcelWriter, flags: TransactionFlags) throws -> IncomingParcel
}

extension Binder {
    /// A synchronous call.
    public func transact(code: UInt32, data: ParcelWriter = ParcelWriter()) throws -> IncomingParcel {
        try transact(code: code, data: data, flags: [])
    }

    /// A oneway call: returns as soon as the driver has queued it.
    public func transactOneway(code: UInt32, data: ParcelWriter = ParcelWriter()) throws {
        _ = try transact(code: code, data: data, flags: .oneWay)
    }

    /// Whether the object answers PING_TRANSACTION ('_PNG').
    public func ping() throws {
        _ = try transact(code: BinderCode.ping)
    }

    /// The interface descriptor the object reports ('_NTF').
    public func interfaceDescriptor() throws -> String? {
        var reply = try transact(code: BinderCode.interface)
        return try reply.reader.readString16()
    }
}

extension ParcelWriter {
    /// Writes a strong reference to `binder` (nil: a null binder). A local
    /// binder is written as itself, a proxy as its handle; the parcel keeps
    /// the object alive until the kernel holds its own reference.
    public mutating func writeBinder(_ binder: (any Binder)?) {
        switch binder {
        case nil:
            writeNullBinder()
        case let local as LocalBinder:
            writeStrongBinder(ptr: local.id, cookie: local.id, flags: ParcelObject.defaultFlags)
            retained.append(local)
        case let remote as RemoteBinder:
            writeStrongHandle(remote.handle)
            retained.append(remote)
        default:
            preconditionFailure("only LocalBinder and RemoteBinder can be written into a parcel")
        }
    }
}
