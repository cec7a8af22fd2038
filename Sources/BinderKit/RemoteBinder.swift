// A proxy for a binder in another process, known to us by a handle.

import BinderABI
import Synchronization

/// A binder in another process. The process holds one kernel strong
/// reference per handle while any proxy for it is alive (taken with
/// BC_ACQUIRE when the first proxy appears, dropped with BC_RELEASE when the
/// last one goes), as Android's libbinder does.
public final class RemoteBinder: Binder, CustomStringConvertible {
    /// This process's handle for the object (0 is the context manager).
    public let handle: UInt32
    let process: BinderProcess
    /// The cookie of this proxy's death notification.
    let deathCookie: UInt64
    private let death = Mutex(DeathState())

    struct DeathState {
        var recipients: [UInt64: @Sendable (RemoteBinder) -> Void] = [:]
        var nextLink: UInt64 = 1
        var requested = false
        var isDead = false
    }

    init(handle: UInt32, process: BinderProcess, deathCookie: UInt64) {
        self.handle = handle
        self.process = process
        self.deathCookie = deathCookie
    }

    deinit {
        process.proxyWillGo(self, clearDeath: death.withLock { $0.requested && !$0.isDead })
    }

    public var description: String { "RemoteBinder(handle \(handle))" }

    /// Calls the remote object. Throws `BinderCallError` when the driver or
    /// the callee refuses, `BinderError` when the ioctl itself fails.
    public func transact(code: UInt32, data: ParcelWriter, flags: TransactionFlags) throws -> IncomingParcel {
        try process.transact(handle: handle, code: code, data: data, flags: flags)
    }

    /// The node's reference counts as the driver reports them to the
    /// context manager (BINDER_GET_NODE_INFO_FOR_REF): how a service manager
    /// finds out whether a service has clients. Other processes get EPERM.
    public func nodeReferenceCounts() throws -> (strong: UInt32, weak: UInt32) {
        try process.driver.nodeReferenceCounts(handle: handle)
    }

    /// Whether BR_DEAD_BINDER has arrived for this object.
    public var isDead: Bool { death.withLock { $0.isDead } }

    /// Runs `recipient` (on a binder thread) when the object's process dies.
    /// The process must run a thread pool to hear of it. Throws
    /// `BinderCallError.deadObject` if the object is already known dead.
    @discardableResult
    public func linkToDeath(_ recipient: @escaping @Sendable (RemoteBinder) -> Void) throws -> DeathLink {
        let (link, first) = try death.withLock { state -> (UInt64, Bool) in
            if state.isDead { throw BinderCallError.deadObject }
            let link = state.nextLink
            state.nextLink += 1
            state.recipients[link] = recipient
            defer { state.requested = true }
            return (link, !state.requested)
        }
        if first {
            try process.sendNow { $0.append(.requestDeathNotification, handle: handle, cookie: deathCookie) }
        }
        return DeathLink(id: link)
    }

    /// Removes a recipient; the last one clears the kernel's notification.
    public func unlinkToDeath(_ link: DeathLink) throws {
        let clear = death.withLock { state -> Bool in
            guard state.recipients.removeValue(forKey: link.id) != nil else { return false }
            guard state.recipients.isEmpty, state.requested, !state.isDead else { return false }
            state.requested = false
            return true
        }
        if clear {
            try process.sendNow { $0.append(.clearDeathNotification, handle: handle, cookie: deathCookie) }
        }
    }

    /// BR_DEAD_BINDER arrived: mark dead and tell every recipient once.
    func died() {
        let recipients = death.withLock { state -> [@Sendable (RemoteBinder) -> Void] in
            guard !state.isDead else { return [] }
            state.isDead = true
            defer { state.recipients = [:] }
            return Array(state.recipients.sorted { $0.key < $1.key }.map(\.value))
        }
        for recipient in recipients { recipient(self) }
    }
}

/// Identifies one `linkToDeath` registration, for `unlinkToDeath`.
public struct DeathLink: Hashable, Sendable {
    let id: UInt64
}
