// The proxy side of versioned interfaces' meta-transactions
// (AIDLTransaction.getInterfaceVersion / getInterfaceHash): the call carries
// the interface token alone; the reply is the status header and an int32
// version or a String16 hash. A remote's answer never changes while it lives,
// so the first successful one is kept, as AOSP's proxies cache it.

import Synchronization

/// A proxy's cached answers to the two meta-transactions.
public final class AIDLMetaCache: Sendable {
    private let answers = Mutex<(version: Int32?, hash: String?)>((nil, nil))

    public init() {}

    /// The remote's interface version; asks once. An unversioned remote
    /// answers UNKNOWN_TRANSACTION, which is thrown (where AOSP's C++ proxy
    /// returns -1), and asked again next time.
    public func version(of binder: any Binder, descriptor: String, _ wire: AIDLWireFormat) throws -> Int32 {
        if let version = answers.withLock({ $0.version }) { return version }
        // Not under the lock: a call may take long, and two racing askers get the same answer.
        var reply = try ask(binder, AIDLTransaction.getInterfaceVersion, descriptor, wire)
        let version = try reply.read(Int32.self, wire)
        answers.withLock { $0.version = version }
        return version
    }

    /// The hash of the remote's frozen API; asks once.
    public func hash(of binder: any Binder, descriptor: String, _ wire: AIDLWireFormat) throws -> String {
        if let hash = answers.withLock({ $0.hash }) { return hash }
        var reply = try ask(binder, AIDLTransaction.getInterfaceHash, descriptor, wire)
        let hash = try reply.read(String.self, wire)
        answers.withLock { $0.hash = hash }
        return hash
    }

    private func ask(_ binder: any Binder, _ code: UInt32, _ descriptor: String, _ wire: AIDLWireFormat) throws -> IncomingParcel {
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(descriptor, wire)
        return try binder.aidlTransact(code: code, data: data)
    }
}
