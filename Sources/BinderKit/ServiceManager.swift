// A client of the service manager (the context manager, handle 0), speaking
// the AIDL IServiceManager (android/os/IServiceManager.aidl, next to the AIDL
// runtime; numbered as Android 16 or, translated, as an older release, see
// ServiceManagerRelease) or Android 10's hand-marshalled one.

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

/// Finds and registers services through the device's service manager, in
/// the newest protocol the manager speaks: Android 16's AIDL IServiceManager
/// if it answers it, else Android 10's. The first call finds out (an Android
/// 10 manager answers the AIDL token with a status code) and the choice is
/// kept for the process.
public struct ServiceManager: Sendable {
    /// The two protocols a service manager may speak.
    public enum Dialect: Sendable, Equatable {
        /// Android 10's hand-written IServiceManager (see `ServiceManagerProtocol`).
        case android10
        /// The AIDL IServiceManager (numbered as the client's `release`).
        case aidl
    }

    public let binder: RemoteBinder
    /// The Android release whose AIDL numbering and wire format calls use.
    public let release: ServiceManagerRelease
    private let process: BinderProcess
    private let fixedDialect: Dialect?

    /// A client that finds out which protocol the manager speaks, or speaks
    /// `dialect` if given; AIDL calls are numbered as `release` numbers them
    /// (a manager of Android 11 to 15 numbers them differently from 16's).
    public init(_ process: BinderProcess, dialect: Dialect? = nil, release: ServiceManagerRelease = .newest) {
        self.process = process
        binder = process.contextManager
        fixedDialect = dialect
        self.release = release
    }

    /// The AIDL interface, for the methods Android 10's protocol lacks
    /// (notifications, debug info, ...); only an AIDL manager answers it.
    /// Methods `release` lacks fail as its manager answers them:
    /// `BinderCallError.status(UNKNOWN_TRANSACTION)`.
    public var aidl: IServiceManagerProxy {
        guard release != .newest else { return IServiceManagerProxy(binder: binder, wire: release.wire) }
        return IServiceManagerProxy(binder: RenumberingBinder(binder, release: release), wire: release.wire)
    }

    /// The protocol calls use: the given one, the one found before, or the
    /// one the manager answers now (asked with AIDL's isDeclared).
    public func dialect() throws -> Dialect {
        if let fixedDialect { return fixedDialect }
        if let known = process.serviceManagerDialect.withLock({ $0 }) { return known }
        let found: Dialect
        do {
            _ = try aidl.isDeclared(name: "")
            found = .aidl
        } catch is AIDLStatus {
            found = .aidl
        } catch BinderCallError.status {
            found = .android10
        }
        process.serviceManagerDialect.withLock { $0 = found }
        return found
    }

    /// The service called `name`, or nil if none is registered: a
    /// `RemoteBinder`, or the `LocalBinder` itself when this process registered it.
    /// (Android's getService may wait for a service to start; this does not.)
    public func getService(_ name: String) throws -> (any Binder)? {
        switch try dialect() {
        case .aidl: return try aidl.getService(name: name)
        case .android10: return try Android10(binder: binder).lookup(name, code: ServiceManagerProtocol.getService)
        }
    }

    /// The service called `name`, or nil: never waits.
    public func checkService(_ name: String) throws -> (any Binder)? {
        switch try dialect() {
        case .aidl: return try aidl.checkService(name: name)
        case .android10: return try Android10(binder: binder).lookup(name, code: ServiceManagerProtocol.checkService)
        }
    }

    /// Registers `service` under `name`; a second registration replaces the
    /// first. A refusal throws `AIDLStatus` (AIDL) or `BinderCallError.status` (Android 10).
    public func addService(
        _ name: String, _ service: LocalBinder, allowIsolated: Bool = false,
        dumpPriority: Int32 = ServiceManagerProtocol.dumpPriorityDefault
    ) throws {
        switch try dialect() {
        case .aidl:
            try aidl.addService(name: name, service: service, allowIsolated: allowIsolated, dumpPriority: dumpPriority)
        case .android10:
            try Android10(binder: binder).add(name, service, allowIsolated: allowIsolated, dumpPriority: dumpPriority)
        }
    }

    /// The names of every registered service whose dump priority is in the
    /// mask, in the manager's order (Android 10: newest first; AIDL: by name).
    public func listServices(dumpPriority: Int32 = ServiceManagerProtocol.dumpPriorityAll) throws -> [String] {
        switch try dialect() {
        case .aidl: return try aidl.listServices(dumpPriority: dumpPriority)
        case .android10: return try Android10(binder: binder).list(dumpPriority: dumpPriority)
        }
    }
}

/// Android 10's calls, marshalled by hand as its C service manager reads them.
private struct Android10 {
    let binder: RemoteBinder

    func add(_ name: String, _ service: LocalBinder, allowIsolated: Bool, dumpPriority: Int32) throws {
        var data = request()
        data.writeString16(name)
        data.writeBinder(service)
        data.writeBool(allowIsolated)
        data.writeInt32(dumpPriority)
        var reply = try binder.transact(code: ServiceManagerProtocol.addService, data: data)
        let status = try reply.readInt32()
        guard status == 0 else { throw BinderCallError.status(status) }
    }

    func list(dumpPriority: Int32) throws -> [String] {
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

    func lookup(_ name: String, code: UInt32) throws -> (any Binder)? {
        var data = request()
        data.writeString16(name)
        var reply = try binder.transact(code: code, data: data)
        // "Not found" is a bare int32 0 where the object would be.
        guard reply.reader.remaining >= ParcelObject.size else { return nil }
        return try reply.readBinder()
    }

    private func request() -> ParcelWriter {
        var data = ParcelWriter()
        data.writeInterfaceToken(ServiceManagerProtocol.descriptor, format: .android10)
        return data
    }
}

/// The service manager's binder, with the compiled (newest) interface's
/// codes translated to an older release's on the way out. Only for calling:
/// it cannot be written into a parcel.
private final class RenumberingBinder: Binder {
    let target: RemoteBinder
    let release: ServiceManagerRelease

    init(_ target: RemoteBinder, release: ServiceManagerRelease) {
        self.target = target
        self.release = release
    }

    func transact(code: UInt32, data: ParcelWriter, flags: TransactionFlags) throws -> IncomingParcel {
        guard ServiceManagerRelease.newest.method(for: code) != nil else {
            return try target.transact(code: code, data: data, flags: flags)  // a meta-transaction
        }
        guard let translated = release.code(forNewest: code) else {
            throw BinderCallError.status(BinderStatus.unknownTransaction.code)
        }
        return try target.transact(code: translated, data: data, flags: flags)
    }
}
