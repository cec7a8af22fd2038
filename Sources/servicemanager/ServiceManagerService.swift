// The context manager's binder: each call is told apart by its interface
// token. A token with a partition header word ('SYST' or 'VNDR', Android 11
// and later) goes to the AIDL IServiceManager, numbered as the one release
// the manager was started for (releases 11 to 16 number it differently and
// send the same token); one without it is Android 10's, answered here the
// way its C service manager (frameworks/native/cmds/servicemanager) answers
// on the wire. Both protocols share the one registry.

import BinderKit

final class ServiceManagerService: BinderService {
    let registry: ServiceRegistry
    private let aidl: AIDLServiceManager
    private let log: @Sendable (String) -> Void

    /// Refuse AIDL tokens, as Android 10's own manager does.
    private let android10Only: Bool
    /// Whose numbering and wire format AIDL calls use.
    let release: ServiceManagerRelease

    init(log: @escaping @Sendable (String) -> Void, android10Only: Bool = false,
         release: ServiceManagerRelease = .newest) {
        self.log = log
        self.android10Only = android10Only
        self.release = release
        registry = ServiceRegistry(log: log, wire: release.wire)
        aidl = AIDLServiceManager(registry: registry, log: log)
    }

    /// Failures answer with status -1, as Android 10's service manager does.
    static let refused = BinderStatus(-1)

    func onTransact(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
        if !android10Only, let wire = aidlWireFormat(of: call.data) {
            // The generated stub numbers methods as Android 16 does.
            guard let code = release.newestCode(for: call.code) else { throw BinderStatus.unknownTransaction }
            var renumbered = call.renumbered(code)
            // A wrong descriptor is refused with BAD_TYPE, as enforceInterface does.
            return try IServiceManagerService.dispatch(aidl, &renumbered, &reply, wire)
        }
        guard (try? call.data.enforceInterface(ServiceManagerProtocol.descriptor)) != nil else {
            log("refused code \(call.code) from pid \(call.senderPID): wrong interface token")
            throw Self.refused
        }
        switch call.code {
        case ServiceManagerProtocol.getService, ServiceManagerProtocol.checkService:
            try find(&call, reply: &reply)
        case ServiceManagerProtocol.addService:
            try add(&call, reply: &reply)
        case ServiceManagerProtocol.listServices:
            try list(&call, reply: &reply)
        default:
            throw Self.refused
        }
    }

    /// The layout an Android 11+ caller writes, if the token's third word is
    /// a partition header; Android 10's third word is the descriptor's length.
    private func aidlWireFormat(of data: IncomingParcel) -> AIDLWireFormat? {
        var peek = data.reader
        guard let token = try? peek.readInterfaceToken(format: .android11Plus),
              let header = token.header,
              [InterfaceTokenFormat.systemHeader, AIDLWireFormat.vendorHeader].contains(header)
        else { return nil }
        var wire = release.wire
        wire.partitionHeader = header
        return wire
    }

    private func find(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
        guard let name = try call.data.readString16() else { throw Self.refused }
        if let binder = registry.lookup(name)?.binder {
            reply.writeBinder(binder)
        } else {
            reply.writeInt32(0)
        }
    }

    private func add(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
        guard let name = try call.data.readString16(),
              (1...ServiceManagerProtocol.maxNameLength).contains(name.utf16.count),
              let binder = try call.data.readBinder() as? RemoteBinder
        else {
            log("refused ADD_SERVICE from pid \(call.senderPID): bad name or no binder")
            throw Self.refused
        }
        // Android 10's bctest sends neither word; its manager reads them as 0.
        let allowIsolated = try Self.readTrailingWord(&call.data) != 0
        let priority = try Self.readTrailingWord(&call.data)
        do {
            try registry.add(.init(
                name: name, binder: binder, allowIsolated: allowIsolated, dumpPriority: priority,
                debugPid: call.senderPID))
        } catch {
            log("refused '\(name)' from pid \(call.senderPID): its process is already gone")
            throw Self.refused
        }
        log("added '\(name)' (handle \(binder.handle)) from pid \(call.senderPID)")
        reply.writeInt32(0)
    }

    private func list(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
        let index = try Self.readTrailingWord(&call.data)
        let mask = try Self.readTrailingWord(&call.data)
        guard index >= 0, let name = registry.name(at: Int(index), dumpPriority: mask) else { throw Self.refused }
        reply.writeString16(name)
    }

    /// A word a client may leave off the end: Android 10's manager reads
    /// past-the-end words as 0 (its bio_get_uint32), so older and hand-written
    /// clients that omit trailing arguments are accepted rather than refused.
    private static func readTrailingWord(_ data: inout IncomingParcel) throws -> Int32 {
        data.reader.remaining >= MemoryLayout<Int32>.size ? try data.readInt32() : 0
    }
}
