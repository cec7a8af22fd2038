// The AIDL IServiceManager of Android 11 and later (Android 16's methods,
// compiled from BinderKit's android/os/IServiceManager.aidl; older releases'
// codes are translated before they get here), answered with the exceptions
// Android's own manager answers with. There is no VINTF manifest, no APEX,
// no RPC and no accessor (Android 16's IAccessor) here: nothing is declared
// or updatable, and every service is answered as itself.

import BinderKit

final class AIDLServiceManager: IServiceManager {
    let registry: ServiceRegistry
    private let log: @Sendable (String) -> Void

    init(registry: ServiceRegistry, log: @escaping @Sendable (String) -> Void) {
        self.registry = registry
        self.log = log
    }

    /// Names Android's manager accepts: 1 to 127 characters of [A-Za-z0-9_-./].
    static func isValidName(_ name: String) -> Bool {
        guard (1...ServiceManagerProtocol.maxNameLength).contains(name.utf8.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-./".unicodeScalars.contains(scalar))
        }
    }

    /// The calling process (0 outside a call, which does not happen here).
    private var callerPID: Int32 { BinderCaller.current?.pid ?? 0 }

    func getService(name: String) throws -> (any Binder)? { registry.lookup(name)?.binder }
    func checkService(name: String) throws -> (any Binder)? { registry.lookup(name)?.binder }
    func getService2(name: String) throws -> Service { try checkService2(name: name) }

    /// Always the service with its metadata: there are no accessors
    /// (Android 16's IAccessor, for services reached some other way) here.
    func checkService2(name: String) throws -> Service {
        let found = registry.lookup(name)
        return .serviceWithMetadata(ServiceWithMetadata(service: found?.binder, isLazyService: found?.isLazy ?? false))
    }

    func addService(name: String, service: any Binder, allowIsolated: Bool, dumpPriority: Int32) throws {
        guard Self.isValidName(name) else {
            log("refused addService('\(name)') from pid \(callerPID): invalid name")
            throw AIDLStatus(.illegalArgument, message: "Invalid service name")
        }
        guard let binder = service as? RemoteBinder else {
            throw AIDLStatus(.illegalArgument, message: "Null binder")
        }
        do {
            try registry.add(.init(
                name: name, binder: binder, allowIsolated: allowIsolated, dumpPriority: dumpPriority,
                debugPid: callerPID))
        } catch {
            log("refused '\(name)' from pid \(callerPID): its process is already gone")
            throw AIDLStatus(.illegalState, message: "Couldn't linkToDeath")
        }
        log("added '\(name)' (handle \(binder.handle)) from pid \(callerPID) (AIDL)")
    }

    /// Sorted by name, as Android's manager (a std::map) lists them.
    func listServices(dumpPriority: Int32) throws -> [String] {
        registry.names(dumpPriority: dumpPriority).sorted()
    }

    func registerForNotifications(name: String, callback: any IServiceCallback) throws {
        guard Self.isValidName(name) else { throw AIDLStatus(.illegalArgument, message: "Invalid service name") }
        guard let binder = callback.asBinder as? RemoteBinder else {
            throw AIDLStatus(.nullPointer, message: "Null callback")
        }
        do {
            try registry.watch(name, callback: binder)
        } catch {
            throw AIDLStatus(.illegalState, message: "Couldn't link to death")
        }
        log("pid \(callerPID) waits for '\(name)'")
    }

    func unregisterForNotifications(name: String, callback: any IServiceCallback) throws {
        guard let binder = callback.asBinder as? RemoteBinder, registry.unwatch(name, callback: binder) else {
            throw AIDLStatus(.illegalState, message: "Couldn't unregister callback")
        }
    }

    func isDeclared(name: String) throws -> Bool { false }
    func getDeclaredInstances(iface: String) throws -> [String] { [] }
    func updatableViaApex(name: String) throws -> String? { nil }
    func getUpdatableNames(apexName: String) throws -> [String] { [] }
    func getConnectionInfo(name: String) throws -> ConnectionInfo? { nil }

    /// Only the process that registered `name`, naming the binder it
    /// registered, may ask. The callback hears onClients whenever the
    /// service gains or loses clients (see ClientTracker), and at once if
    /// it has some now; it is forgotten when its process dies.
    func registerClientCallback(name: String, service: any Binder, callback: any IClientCallback) throws {
        let registered = try ownService(name, service, action: "registerClientCallback")
        guard let binder = callback.asBinder as? RemoteBinder else {
            throw AIDLStatus(.nullPointer, message: "Null callback")
        }
        do {
            try registry.clients.register(registered.name, service: registered.binder, callback: binder)
        } catch {
            throw AIDLStatus(.illegalState, message: "Couldn't linkToDeath")
        }
        log("pid \(callerPID) watches the clients of '\(name)'")
    }

    /// Only the process that registered `name`, naming the binder it
    /// registered, may remove it (AOSP's rule), and only while nobody else
    /// holds it and no lookup since the last periodic check promises a client.
    func tryUnregisterService(name: String, service: any Binder) throws {
        let registered = try ownService(name, service, action: "tryUnregisterService")
        guard registry.clients.isUnused(name, service: registered.binder) else {
            log("refused tryUnregisterService('\(name)') from pid \(callerPID): it has clients")
            throw AIDLStatus(.illegalState, message: "Can't unregister, pending client.")
        }
        guard registry.remove(name: name, binder: registered.binder) else {
            throw AIDLStatus(.illegalState, message: "\(name) was unregistered meanwhile")
        }
        log("'\(name)' unregistered by pid \(callerPID)")
    }

    func getServiceDebugInfo() throws -> [ServiceDebugInfo] {
        registry.all().sorted { $0.name < $1.name }.map { ServiceDebugInfo(name: $0.name, debugPid: $0.debugPid) }
    }

    /// The service `name` if the caller registered it as `binder`; else the
    /// exception Android's manager answers with.
    private func ownService(_ name: String, _ binder: any Binder, action: String) throws -> ServiceRegistry.Service {
        guard let registered = registry.registered(name) else {
            throw AIDLStatus(.illegalArgument, message: "\(action): \(name) is not registered")
        }
        guard registered.debugPid == callerPID else {
            log("refused \(action)('\(name)') from pid \(callerPID): registered by pid \(registered.debugPid)")
            throw AIDLStatus(.security, message: "\(action): only the process that registered \(name) may")
        }
        guard (binder as? RemoteBinder)?.handle == registered.binder.handle else {
            throw AIDLStatus(.illegalArgument, message: "\(action): \(name) is registered as another binder")
        }
        return registered
    }

}
