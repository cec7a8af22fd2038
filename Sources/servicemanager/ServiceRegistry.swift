// The table of registered services: names, proxies and Android 10's
// per-service flags, forgotten when the service's process dies.

import BinderKit
import Synchronization

final class ServiceRegistry: Sendable {
    struct Service {
        let name: String
        let binder: RemoteBinder
        let allowIsolated: Bool
        let dumpPriority: Int32
    }

    /// Newest first, as Android 10 keeps its list (LIST_SERVICES walks it in
    /// this order); a re-registered name keeps its place.
    private let services = Mutex<[Service]>([])
    private let log: @Sendable (String) -> Void

    init(log: @escaping @Sendable (String) -> Void) {
        self.log = log
    }

    func lookup(_ name: String) -> RemoteBinder? {
        services.withLock { list in list.first { $0.name == name }?.binder }
    }

    /// Adds or replaces `name`; watches the binder's process to forget it on death.
    func add(_ service: Service) throws {
        services.withLock { list in
            if let index = list.firstIndex(where: { $0.name == service.name }) {
                list[index] = service
            } else {
                list.insert(service, at: 0)
            }
        }
        let name = service.name
        try service.binder.linkToDeath { [weak self] binder in
            self?.forget(name: name, binder: binder)
        }
    }

    /// The `index`-th name among services whose priority matches `mask`.
    func name(at index: Int, dumpPriority mask: Int32) -> String? {
        services.withLock { list in
            let matching = list.filter { $0.dumpPriority & mask != 0 }
            return matching.indices.contains(index) ? matching[index].name : nil
        }
    }

    private func forget(name: String, binder: RemoteBinder) {
        let removed = services.withLock { list in
            let before = list.count
            list.removeAll { $0.name == name && $0.binder === binder }
            return list.count < before
        }
        if removed { log("service '\(name)' died: forgotten") }
    }
}
