// A binder object implemented in this process: transactions addressed to it
// run its handler on one of the process's binder threads.

import BinderABI
import Glibc
import Synchronization

/// A transaction as a local binder sees it.
public struct IncomingCall: Sendable {
    public let code: UInt32
    public let flags: TransactionFlags
    public let senderPID: Int32
    public let senderEUID: UInt32
    /// The arguments; binders and fds in it are already resolved.
    public var data: IncomingParcel

    public var isOneway: Bool { flags.contains(.oneWay) }

    /// The same call under another code: for a service that translates
    /// another numbering of its methods before dispatching.
    public func renumbered(_ code: UInt32) -> IncomingCall {
        IncomingCall(code: code, flags: flags, senderPID: senderPID, senderEUID: senderEUID, data: data)
    }
}

/// What answers the calls of a local binder: a Swift object or a closure.
public protocol BinderService: AnyObject, Sendable {
    /// Reads `call.data` and writes the reply. Throw a `BinderStatus` to
    /// answer with a status code (for oneway calls the reply is dropped).
    func onTransact(_ call: inout IncomingCall, reply: inout ParcelWriter) throws
}

/// A binder this process implements. Send it to another process in a parcel
/// (`ParcelWriter.writeBinder`); it stays alive while any process holds a
/// reference to it through the kernel.
public final class LocalBinder: Binder {
    /// The value the kernel hands back in transactions for this object
    /// (the node's ptr and cookie): a process-unique number, not an address.
    public let id: UInt64
    /// Answered for '_NTF' (INTERFACE_TRANSACTION).
    public let descriptor: String
    private let handler: @Sendable (inout IncomingCall, inout ParcelWriter) throws -> Void

    private static let nextID = Atomic<UInt64>(1)

    /// A binder whose calls `service` answers.
    public convenience init(descriptor: String = "", service: any BinderService) {
        self.init(descriptor: descriptor) { call, reply in try service.onTransact(&call, reply: &reply) }
    }

    /// A binder whose calls a closure answers.
    public init(descriptor: String = "", handler: @escaping @Sendable (inout IncomingCall, inout ParcelWriter) throws -> Void) {
        id = Self.nextID.add(1, ordering: .relaxed).oldValue * 16
        self.descriptor = descriptor
        self.handler = handler
    }

    /// Runs the handler; ping and interface queries are answered here.
    func handle(_ call: inout IncomingCall) throws -> ParcelWriter {
        var reply = ParcelWriter()
        switch call.code {
        case BinderCode.ping:
            break
        case BinderCode.interface:
            reply.writeString16(descriptor)
        default:
            try BinderCaller.serving(BinderCaller(pid: call.senderPID, euid: call.senderEUID)) {
                try handler(&call, &reply)
            }
        }
        return reply
    }

    /// An in-process call: runs the handler directly, as Android's BBinder does.
    public func transact(code: UInt32, data: ParcelWriter, flags: TransactionFlags) throws -> IncomingParcel {
        var call = IncomingCall(
            code: code, flags: flags, senderPID: getpid(), senderEUID: geteuid(),
            data: IncomingParcel(local: data))
        let reply = try handle(&call)
        return flags.contains(.oneWay) ? IncomingParcel(local: ParcelWriter()) : IncomingParcel(local: reply)
    }
}
