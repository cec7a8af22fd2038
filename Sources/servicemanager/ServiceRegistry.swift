// The table of registered services that both protocols share: names,
// proxies, Android's per-service flags and who registered them; and the
// callbacks waiting for names to be registered; who holds each service is
// tracked by its ClientTracker. Services and callbacks are forgotten when
// their process dies.

import BinderKit
import Synchronization

final class ServiceRegistry: Sendable {
    struct Service {
        let name: String
        let binder: RemoteBinder
        let allowIsolated: Bool
        let dumpPriority: Int32
        /// The registering process, as getServiceDebugInfo reports it.
        let debugPid: Int32
        var isLazy: Bool { dumpPriority & IServiceManagerAIDL.FLAG_IS_LAZY_SERVICE != 0 }
    }

    /// A registerForNotifications callback, one per (name, binder).
    private struct Watcher {
        let name: String
        let callback: RemoteBinder
    }

    private struct State {
        /// Newest first, as Android 10 keeps its list (its LIST_SERVICES walks
        /// it in this order); a re-registered name keeps its place.
        var services: [Service] = []
        var watchers: [Watcher] = []
    }

    private let state = Mutex(State())
    private let log: @Sendable (String) -> Void
    /// Who holds each service, for registerClientCallback and tryUnregisterService.
    let clients: ClientTracker
    /// How callbacks are called: the wire format of the release served.
    private let wire: AIDLWireFormat

    init(log: @escaping @Sendable (String) -> Void, wire: AIDLWireFormat) {
        self.log = log
        self.wire = wire
        clients = ClientTracker(log: log, wire: wire)
    }

    /// The service registered as `name`, for the manager's own checks.
    func registered(_ name: String) -> Service? {
        state.withLock { state in state.services.first { $0.name == name } }
    }

    /// `name` for a client that asked for it: the service then counts as
    /// having a client (see ClientTracker.lookedUp).
    func lookup(_ name: String) -> Service? {
        let found = registered(name)
        if let found { clients.lookedUp(name, service: found.binder) }
        return found
    }

    /// Adds or replaces `name`, watches the binder's process to forget it on
    /// death, and tells those waiting for the name.
    func add(_ service: Service) throws {
        let name = service.name
        try service.binder.linkToDeath { [weak self] binder in
            self?.forget(name: name, binder: binder)
        }
        let watchers = state.withLock { state in
            if let index = state.services.firstIndex(where: { $0.name == name }) {
                state.services[index] = service
            } else {
                state.services.insert(service, at: 0)
            }
            return state.watchers.filter { $0.name == name }
        }
        for watcher in watchers { notify(watcher, of: service) }
    }

    /// Removes `name` if it is still `binder`; false if it is not.
    func remove(name: String, binder: RemoteBinder) -> Bool {
        let removed = state.withLock { state in
            let before = state.services.count
            state.services.removeAll { $0.name == name && $0.binder.handle == binder.handle }
            return state.services.count < before
        }
        if removed { clients.forget(name) }
        return removed
    }

    /// The periodic client check of every service (see ClientTracker).
    func checkClients() {
        for service in all() { clients.check(service.name, service: service.binder, periodic: true) }
    }

    /// The `index`-th name among services whose priority matches `mask`, in
    /// Android 10's order.
    func name(at index: Int, dumpPriority mask: Int32) -> String? {
        let matching = names(dumpPriority: mask)
        return matching.indices.contains(index) ? matching[index] : nil
    }

    /// Names whose priority matches `mask`, newest first.
    func names(dumpPriority mask: Int32) -> [String] {
        state.withLock { state in state.services.filter { $0.dumpPriority & mask != 0 }.map(\.name) }
    }

    func all() -> [Service] { state.withLock { $0.services } }

    /// Calls `callback` for `name` now if it is registered, and on every later
    /// registration until it is unregistered or its process dies.
    func watch(_ name: String, callback: RemoteBinder) throws {
        try callback.linkToDeath { [weak self] binder in self?.forgetWatcher(binder) }
        let watcher = Watcher(name: name, callback: callback)
        let current = state.withLock { state in
            state.watchers.append(watcher)
            return state.services.first { $0.name == name }
        }
        if let current { notify(watcher, of: current) }
    }

    /// Drops `callback`'s watch of `name`; false if it had none.
    func unwatch(_ name: String, callback: RemoteBinder) -> Bool {
        state.withLock { state in
            let before = state.watchers.count
            state.watchers.removeAll { $0.name == name && $0.callback.handle == callback.handle }
            return state.watchers.count < before
        }
    }

    /// How many callbacks wait for `name` (for tests through the log).
    func watcherCount() -> Int { state.withLock { $0.watchers.count } }

    private func notify(_ watcher: Watcher, of service: Service) {
        do {
            try IServiceCallbackProxy(binder: watcher.callback, wire: wire).onRegistration(name: service.name, binder: service.binder)
        } catch {
            log("could not notify a watcher of '\(service.name)': \(error)")
        }
    }

    private func forget(name: String, binder: RemoteBinder) {
        if remove(name: name, binder: binder) { log("service '\(name)' died: forgotten") }
    }

    private func forgetWatcher(_ callback: RemoteBinder) {
        let removed = state.withLock { state in
            let before = state.watchers.count
            state.watchers.removeAll { $0.callback.handle == callback.handle }
            return before - state.watchers.count
        }
        if removed > 0 { log("a notification callback died: \(removed) watch(es) forgotten") }
    }
}
