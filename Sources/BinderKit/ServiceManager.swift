// A client of the service manager (the context manager, handle 0), speaking
// Android 10's IServiceManager wire format.

import BinderABI

/// Android 10's IServiceManager protocol: codes and parcel layouts.
///
/// Every call starts with the interface token (strict-mode int32, work-source
/// int32, String16 "android.os.IServiceManager"), then:
/// - GET_SERVICE / CHECK_SERVICE: String16 name. Reply: a strong binder, or
///   a plain int32 0 when there is no such service.
/// - ADD_SERVICE: String16 name, strong binder, int32 allowIsolated, int32
///   dumpPriority. Reply: int32 0, or a status code on refusal.
/// - LIST_SERVICES: int32 index, int32 dumpPriority mask. Reply: the
///   String16 name of the index-th matching service, or a status code past the end.
public enum ServiceManagerProtocol {
    public static let descriptor = "android.os.IServiceManager"
    public static let getService: UInt32 = 1
    public static let checkService: UInt32 = 2
    public static let addService: UInt32 = 3
    public static let listServices: UInt32 = 4

    /// Android's IServiceManager dump priorities: a service has one, LIST takes a mask.
    public static let dumpPriorityCritical: Int32 = 1
    public static let dumpPriorityHigh: Int32 = 2
    public static let dumpPriorityNormal: Int32 = 4
    public static let dumpPriorityDefault: Int32 = 8
    public static let dumpPriorityAll: Int32 = 15

    /// The longest name Android 10's service manager accepts (UTF-16 units).
    public static let maxNameLength = 127
}

/// Finds and registers services through the device's service manager.
public struct ServiceManager: Sendable {
    public let binder: RemoteBinder

    public init(_ process: BinderProcess) {
        binder = process.contextManager
    }

    /// The service called `name`, or nil if none is registered: a
    /// `RemoteBinder`, or the `LocalBinder` itself when this process registered it.
    /// (Android 10's getService retries for a few seconds; this does not.)
    public func getService(_ name: String) throws -> (any Binder)? {
        try lookup(name, code: ServiceManagerProtocol.getService)
    }

    /// The service called `name`, or nil: never waits.
    public func checkService(_ name: String) throws -> (any Binder)? {
        try lookup(name, code: ServiceManagerProtocol.checkService)
    }

    /// Registers `service` under `name`; a second registration replaces the first.
    public func addService(
        _ name: String, _ service: LocalBinder, allowIsolated: Bool = false,
        dumpPriority: Int32 = ServiceManagerProtocol.dumpPriorityDefault
    ) throws {
        var data = request()
        data.writeString16(name)
        data.writeBinder(service)
        data.writeBool(allowIsolated)
        data.writeInt32(dumpPriority)
        var reply = try binder.transact(code: ServiceManagerProtocol.addService, data: data)
        let status = try reply.readInt32()
        guard status == 0 else { throw BinderCallError.status(status) }
    }

    /// The names of every registered service, in the manager's order
    /// (Android 10's and binder-servicemanager's: newest first).
    public func listServices(dumpPriority: Int32 = ServiceManagerProtocol.dumpPriorityAll) throws -> [String] {
        var names: [String] = []
        while true {
            var data = request()
            data.writeInt32(Int32(names.count))
            data.writeInt32(dumpPriority)
            do {
                var reply = try binder.transact(code: ServiceManagerProtocol.listServices, data: data)
                guard let name = try reply.readString16() else { return names }
                names.append(name)
            } catch BinderCallError.status {
                // Android 10 answers the index past the end with an error status.
                return names
            }
        }
    }

    private func request() -> ParcelWriter {
        var data = ParcelWriter()
        data.writeInterfaceToken(ServiceManagerProtocol.descriptor, format: .android10)
        return data
    }

    private func lookup(_ name: String, code: UInt32) throws -> (any Binder)? {
        var data = request()
        data.writeString16(name)
        var reply = try binder.transact(code: code, data: data)
        // "Not found" is a bare int32 0 where the object would be.
        guard reply.reader.remaining >= ParcelObject.size else { return nil }
        return try reply.readBinder()
    }
}
