// Whether registered services have clients, for registerClientCallback (the
// lazy services of Android 11 and later, which exit when nobody holds them).
//
// The driver counts the strong references to a service's node; the manager
// asks it (BINDER_GET_NODE_INFO_FOR_REF, context manager only) and counts
// every strong reference beyond its own as a client. A callback hears
// onClients(true) as soon as a check finds one, and onClients(false) only
// from the periodic check, so that a service is not told to exit between a
// client's lookup and its first call. A lookup through the manager
// guarantees a client until the next periodic check: the reply carrying the
// handle may not have reached the client yet when the driver is asked.

import BinderKit
import Synchronization

final class ClientTracker: Sendable {
    /// What is known of one service name's clients.
    private struct Entry {
        var callbacks: [RemoteBinder] = []
        /// The state last told to the callbacks.
        var hasClients = false
        /// Set by a lookup, cleared by the next periodic check.
        var guaranteedClient = false
    }

    /// A change to tell: these callbacks, this state.
    private struct Notice {
        let callbacks: [RemoteBinder]
        let hasClients: Bool
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Held while deciding and telling a change (see inOrder); taken before `entries`.
    private let order = Mutex(())
    private let log: @Sendable (String) -> Void
    /// How callbacks are called: the wire format of the release served.
    private let wire: AIDLWireFormat

    init(log: @escaping @Sendable (String) -> Void, wire: AIDLWireFormat) {
        self.log = log
        self.wire = wire
    }

    /// Adds `callback` for `name` (served by `service`) and tells it the
    /// current state if the service has clients; then checks the driver.
    func register(_ name: String, service: RemoteBinder, callback: RemoteBinder) throws {
        try callback.linkToDeath { [weak self] binder in self?.forgetCallback(binder) }
        inOrder {
            let hasClients = entries.withLock { entries -> Bool in
                var entry = entries[name] ?? Entry()
                if !entry.callbacks.contains(where: { $0.handle == callback.handle }) { entry.callbacks.append(callback) }
                entries[name] = entry
                return entry.hasClients
            }
            if hasClients { tell(Notice(callbacks: [callback], hasClients: true), name: name, service: service) }
        }
        check(name, service: service, periodic: false)
    }

    /// A client looked `name` up: it has a client from now at least until the
    /// next periodic check (the callbacks hear so now if they had not).
    func lookedUp(_ name: String, service: RemoteBinder) {
        inOrder {
            let notice = entries.withLock { entries -> Notice? in
                var entry = entries[name] ?? Entry()
                entry.guaranteedClient = true
                defer { entries[name] = entry }
                return transition(&entry, to: true)
            }
            if let notice { tell(notice, name: name, service: service) }
        }
    }

    /// Asks the driver whether `service` has clients and tells the callbacks
    /// of a change: of gaining clients always, of losing them only when
    /// `periodic` and no lookup guarantees one since the last periodic check.
    func check(_ name: String, service: RemoteBinder, periodic: Bool) {
        inOrder {
            guard let counted = hasClients(service) else { return }
            let notice = entries.withLock { entries -> Notice? in
                guard var entry = entries[name] else { return nil }
                defer { entries[name] = entry }
                if counted || entry.guaranteedClient {
                    if periodic { entry.guaranteedClient = false }
                    return transition(&entry, to: true)
                }
                return periodic ? transition(&entry, to: false) : nil
            }
            if let notice { tell(notice, name: name, service: service) }
        }
    }

    /// Runs one decision and its notice at a time, so that callbacks hear the
    /// changes in the order they were decided. (Not the entries lock: a
    /// callback's death, which takes that, may arrive while a notice is sent.)
    private func inOrder(_ body: () -> Void) {
        order.withLock { _ in body() }
    }

    /// Whether `name` may be unregistered now: no lookup guarantees a client
    /// and the driver counts none.
    func isUnused(_ name: String, service: RemoteBinder) -> Bool {
        guard entries.withLock({ $0[name]?.guaranteedClient ?? false }) == false else { return false }
        return hasClients(service) == false
    }

    /// The service `name` is gone: its callbacks and state with it.
    func forget(_ name: String) {
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }

    /// Whether the driver counts a strong reference besides the manager's
    /// own; nil if it cannot say (the node is gone).
    private func hasClients(_ service: RemoteBinder) -> Bool? {
        guard let counts = try? service.nodeReferenceCounts() else { return nil }
        return counts.strong > 1
    }

    /// Moves `entry` to `hasClients`; the notice to send if that changed it.
    private func transition(_ entry: inout Entry, to hasClients: Bool) -> Notice? {
        guard entry.hasClients != hasClients else { return nil }
        entry.hasClients = hasClients
        return entry.callbacks.isEmpty ? nil : Notice(callbacks: entry.callbacks, hasClients: hasClients)
    }

    /// Sends the notice (inside inOrder; onClients is oneway, so the send
    /// does not wait for the callback's process).
    private func tell(_ notice: Notice, name: String, service: RemoteBinder) {
        log("'\(name)' has \(notice.hasClients ? "clients" : "no clients"): telling \(notice.callbacks.count) callback(s)")
        for callback in notice.callbacks {
            do {
                try IClientCallbackProxy(binder: callback, wire: wire).onClients(registered: service, hasClients: notice.hasClients)
            } catch {
                log("could not tell a client callback of '\(name)': \(error)")
            }
        }
    }

    private func forgetCallback(_ callback: RemoteBinder) {
        entries.withLock { entries in
            for name in entries.keys { entries[name]?.callbacks.removeAll { $0.handle == callback.handle } }
        }
    }
}
