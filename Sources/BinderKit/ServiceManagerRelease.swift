// How each Android release from 11 to 16 numbers the methods of the AIDL
// IServiceManager. AIDL numbers methods by their order in the .aidl file
// (FIRST_CALL_TRANSACTION + index), and releases inserted methods in the
// middle, so the same code means different methods in different releases.
// Every release sends the same 'SYST' token, so a manager cannot tell its
// clients' release from a call: it has to be told (Android's own manager
// speaks only the release it was built with).
//
// BinderKit compiles one IServiceManager.aidl, Android 16's; the tables below
// translate between its codes and an older release's. The table is the one
// place a release's order is written down.

/// One Android release's IServiceManager: its method order and the wire
/// format of its AIDL calls.
public struct ServiceManagerRelease: Sendable, Equatable, CustomStringConvertible {
    /// The Android release (11 to 16).
    public let number: Int
    /// The release's methods in its .aidl order: the i-th has code 1 + i.
    public let methods: [String]
    /// How the release lays out tokens and binder objects.
    public let wire: AIDLWireFormat

    public var description: String { "Android \(number)" }

    public static let android11 = ServiceManagerRelease(number: 11, wire: .android11, methods: [
        "getService", "checkService", "addService", "listServices",
        "registerForNotifications", "unregisterForNotifications", "isDeclared",
        "registerClientCallback", "tryUnregisterService",
    ])

    /// Adds getDeclaredInstances and updatableViaApex after isDeclared, and
    /// getServiceDebugInfo at the end.
    public static let android12 = ServiceManagerRelease(number: 12, wire: .android12, methods: [
        "getService", "checkService", "addService", "listServices",
        "registerForNotifications", "unregisterForNotifications", "isDeclared",
        "getDeclaredInstances", "updatableViaApex",
        "registerClientCallback", "tryUnregisterService", "getServiceDebugInfo",
    ])

    /// Adds getConnectionInfo after updatableViaApex.
    public static let android13 = ServiceManagerRelease(number: 13, wire: .android13, methods: [
        "getService", "checkService", "addService", "listServices",
        "registerForNotifications", "unregisterForNotifications", "isDeclared",
        "getDeclaredInstances", "updatableViaApex", "getConnectionInfo",
        "registerClientCallback", "tryUnregisterService", "getServiceDebugInfo",
    ])

    /// Adds getUpdatableNames after updatableViaApex (before getConnectionInfo).
    public static let android14 = ServiceManagerRelease(number: 14, wire: .android14, methods: [
        "getService", "checkService", "addService", "listServices",
        "registerForNotifications", "unregisterForNotifications", "isDeclared",
        "getDeclaredInstances", "updatableViaApex", "getUpdatableNames", "getConnectionInfo",
        "registerClientCallback", "tryUnregisterService", "getServiceDebugInfo",
    ])

    /// The same interface as 14.
    public static let android15 = ServiceManagerRelease(number: 15, wire: .android14, methods: android14.methods)

    /// Adds getService2 after getService and checkService2 after
    /// checkService: the order of BinderKit's compiled IServiceManager.aidl.
    public static let android16 = ServiceManagerRelease(number: 16, wire: .android14, methods: [
        "getService", "getService2", "checkService", "checkService2", "addService", "listServices",
        "registerForNotifications", "unregisterForNotifications", "isDeclared",
        "getDeclaredInstances", "updatableViaApex", "getUpdatableNames", "getConnectionInfo",
        "registerClientCallback", "tryUnregisterService", "getServiceDebugInfo",
    ])

    public static let all = [android11, android12, android13, android14, android15, android16]
    /// The release BinderKit's IServiceManagerProxy and IServiceManagerService number for.
    public static let newest = android16

    /// The release numbered `number`, if it is one of 11 to 16.
    public init?(number: Int) {
        guard let found = Self.all.first(where: { $0.number == number }) else { return nil }
        self = found
    }

    private init(number: Int, wire: AIDLWireFormat, methods: [String]) {
        self.number = number
        self.wire = wire
        self.methods = methods
    }

    /// This release's code for `method`; nil if the release lacks it.
    public func code(of method: String) -> UInt32? {
        methods.firstIndex(of: method).map { AIDLTransaction.firstCall + UInt32($0) }
    }

    /// The method this release numbers `code`; nil if none.
    public func method(for code: UInt32) -> String? {
        guard code >= AIDLTransaction.firstCall else { return nil }
        let index = Int(code - AIDLTransaction.firstCall)
        return methods.indices.contains(index) ? methods[index] : nil
    }

    /// The code BinderKit's compiled interface gives the method this release
    /// numbers `code`; nil if this release has no such method.
    public func newestCode(for code: UInt32) -> UInt32? {
        method(for: code).flatMap(Self.newest.code(of:))
    }

    /// This release's code for the method the compiled interface numbers
    /// `newestCode`; nil if this release lacks that method.
    public func code(forNewest newestCode: UInt32) -> UInt32? {
        Self.newest.method(for: newestCode).flatMap(code(of:))
    }
}
