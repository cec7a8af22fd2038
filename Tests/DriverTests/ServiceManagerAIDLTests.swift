// binder-servicemanager's AIDL IServiceManager (Android 16's methods and
// codes) through BinderKit's generated proxy: every method, the exceptions
// Android's manager answers with, notifications and their callbacks'
// deaths, the token that picks the protocol, and Android 10 and AIDL
// clients sharing one registry.

import BinderKit
import Glibc
import Synchronization
import XCTest

final class ServiceManagerAIDLTests: KitTestCase {
    var aidl: IServiceManagerProxy { manager.aidl }
    var android10: ServiceManager { ServiceManager(process, dialect: .android10) }

    /// Asserts `body` throws an AIDL exception with `code`.
    func assertException(_ code: AIDLExceptionCode, _ body: @autoclosure () throws -> Any,
                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? AIDLStatus)?.exception, code, "\(error)", file: file, line: line)
        }
    }

    func testBinderKitChoosesTheAIDLProtocol() throws {
        XCTAssertEqual(try manager.dialect(), .aidl)
    }

    func testAddGetCheckAndTheirAndroid16Variants() throws {
        let service = LocalBinder { _, _ in }
        try aidl.addService(name: "kit.aidl", service: service, allowIsolated: false,
                            dumpPriority: IServiceManagerAIDL.DUMP_FLAG_PRIORITY_DEFAULT)
        XCTAssertTrue(try aidl.getService(name: "kit.aidl") === service)
        XCTAssertTrue(try aidl.checkService(name: "kit.aidl") === service)
        XCTAssertNil(try aidl.getService(name: "kit.missing"))
        XCTAssertNil(try aidl.checkService(name: "kit.missing"))
        for lookup in [aidl.getService2, aidl.checkService2] {
            guard case let .serviceWithMetadata(found) = try lookup("kit.aidl") else { return XCTFail("no metadata") }
            XCTAssertTrue(found.service === service)
            XCTAssertFalse(found.isLazyService)
            guard case let .serviceWithMetadata(missing) = try lookup("kit.missing") else { return XCTFail("no metadata") }
            XCTAssertNil(missing.service, "a missing service is a null binder in the metadata")
        }
    }

    func testLazyFlagIsReportedInTheMetadata() throws {
        let flags = IServiceManagerAIDL.DUMP_FLAG_PRIORITY_DEFAULT | IServiceManagerAIDL.FLAG_IS_LAZY_SERVICE
        try aidl.addService(name: "kit.lazy", service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: flags)
        guard case let .serviceWithMetadata(found) = try aidl.checkService2(name: "kit.lazy") else { return XCTFail("no metadata") }
        XCTAssertTrue(found.isLazyService)
    }

    func testListIsSortedAndFilteredByDumpPriority() throws {
        try aidl.addService(name: "kit.b", service: LocalBinder { _, _ in }, allowIsolated: false,
                            dumpPriority: IServiceManagerAIDL.DUMP_FLAG_PRIORITY_CRITICAL)
        try aidl.addService(name: "kit.a", service: LocalBinder { _, _ in }, allowIsolated: false,
                            dumpPriority: IServiceManagerAIDL.DUMP_FLAG_PRIORITY_NORMAL)
        XCTAssertEqual(try aidl.listServices(dumpPriority: IServiceManagerAIDL.DUMP_FLAG_PRIORITY_ALL), ["kit.a", "kit.b"])
        XCTAssertEqual(try aidl.listServices(dumpPriority: IServiceManagerAIDL.DUMP_FLAG_PRIORITY_CRITICAL), ["kit.b"])
        XCTAssertEqual(try manager.listServices(), ["kit.a", "kit.b"], "BinderKit's list goes through AIDL")
    }

    func testInvalidNamesAreIllegalArguments() throws {
        for name in ["", String(repeating: "x", count: 128), "kit name", "kit:colon", "kit.é"] {
            assertException(.illegalArgument, try aidl.addService(
                name: name, service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: 8))
            assertException(.illegalArgument, try aidl.registerForNotifications(name: name, callback: Recorder()))
        }
        try aidl.addService(name: String(repeating: "x", count: 127) , service: LocalBinder { _, _ in },
                            allowIsolated: false, dumpPriority: 8)
        try aidl.addService(name: "Kit_all-the/chars.09", service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: 8)
        XCTAssertEqual(try aidl.listServices(dumpPriority: 15).count, 2)
    }

    /// A null where the AIDL type is a non-null IBinder fails in the generated
    /// stub before the method runs (as in Android, whose stubs answer
    /// UNEXPECTED_NULL): a transport status, and nothing registered.
    func testNullBinderIsRefused() throws {
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(IServiceManagerAIDL.descriptor, .android14)
        data.writeString16("kit.null")
        data.writeAIDLBinder(nil, .android14)
        data.writeBool(false)
        data.writeInt32(8)
        XCTAssertThrowsError(try aidl.binder.transact(code: IServiceManagerAIDL.TRANSACTION_addService, data: data)) {
            XCTAssertEqual($0 as? BinderCallError, .status(BinderStatus.badValue.code))
        }
        XCTAssertNil(try aidl.checkService(name: "kit.null"))
    }

    func testNothingIsDeclaredUpdatableOrRemote() throws {
        try aidl.addService(name: "kit.plain", service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: 8)
        XCTAssertFalse(try aidl.isDeclared(name: "kit.plain"))
        XCTAssertEqual(try aidl.getDeclaredInstances(iface: "kit.IPlain"), [])
        XCTAssertNil(try aidl.updatableViaApex(name: "kit.plain"))
        XCTAssertEqual(try aidl.getUpdatableNames(apexName: "com.android.kit"), [])
        XCTAssertNil(try aidl.getConnectionInfo(name: "kit.plain"))
    }

    func testNotificationsForExistingAndLaterRegistrations() throws {
        let early = Recorder(), late = Recorder()
        let first = LocalBinder { _, _ in }
        try aidl.registerForNotifications(name: "kit.watched", callback: early)
        try aidl.addService(name: "kit.watched", service: first, allowIsolated: false, dumpPriority: 8)
        XCTAssertTrue(eventually { early.seen.count == 1 }, "told of the registration")
        XCTAssertEqual(early.seen.first?.0, "kit.watched")
        XCTAssertTrue(early.seen.first?.1 === first)
        // Registering for a name already there calls back at once.
        try aidl.registerForNotifications(name: "kit.watched", callback: late)
        XCTAssertTrue(eventually { late.seen.count == 1 }, "told of the existing service")
        let second = LocalBinder { _, _ in }
        try android10.addService("kit.watched", second)
        XCTAssertTrue(eventually { early.seen.count == 2 && late.seen.count == 2 }, "an Android 10 registration notifies too")
        XCTAssertTrue(early.seen.last?.1 === second)
        XCTAssertEqual(early.seen.count, 2, "other names do not call back")
    }

    func testUnregisterForNotifications() throws {
        let recorder = Recorder()
        try aidl.registerForNotifications(name: "kit.watched", callback: recorder)
        try aidl.unregisterForNotifications(name: "kit.watched", callback: recorder)
        // A second unregistration finds nothing, as Android's manager answers.
        assertException(.illegalState, try aidl.unregisterForNotifications(name: "kit.watched", callback: recorder))
        assertException(.illegalState, try aidl.unregisterForNotifications(name: "kit.other", callback: Recorder()))
    }

    func testCallbackOfADeadProcessIsForgotten() throws {
        let (peer, _) = try startPeer("kit.watcher", watching: "kit.watched")
        XCTAssertTrue(managerChild.waitForLine(containing: "waits for 'kit.watched'"))
        peer.kill()
        XCTAssertTrue(managerChild.waitForLine(containing: "a notification callback died: 1 watch(es) forgotten"))
        // The manager still notifies the living.
        let recorder = Recorder()
        try aidl.registerForNotifications(name: "kit.watched", callback: recorder)
        try aidl.addService(name: "kit.watched", service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: 8)
        XCTAssertTrue(eventually { recorder.seen.count == 1 })
    }

    func testClientCallbacksOnlyFromTheRegisteringProcess() throws {
        let mine = LocalBinder { _, _ in }
        try aidl.addService(name: "kit.mine", service: mine, allowIsolated: false, dumpPriority: 8)
        try aidl.registerClientCallback(name: "kit.mine", service: mine, callback: ClientRecorder())
        assertException(.illegalArgument, try aidl.registerClientCallback(
            name: "kit.mine", service: LocalBinder { _, _ in }, callback: ClientRecorder()))
        assertException(.illegalArgument, try aidl.registerClientCallback(
            name: "kit.missing", service: mine, callback: ClientRecorder()))
        let (_, theirs) = try startPeer("kit.theirs")
        assertException(.security, try aidl.registerClientCallback(name: "kit.theirs", service: theirs, callback: ClientRecorder()))
    }

    func testOnlyTheRegisteringProcessMayUnregister() throws {
        let mine = LocalBinder { _, _ in }
        try aidl.addService(name: "kit.mine", service: mine, allowIsolated: false, dumpPriority: 8)
        assertException(.illegalArgument, try aidl.tryUnregisterService(name: "kit.mine", service: LocalBinder { _, _ in }))
        assertException(.illegalArgument, try aidl.tryUnregisterService(name: "kit.missing", service: mine))
        let (_, theirs) = try startPeer("kit.theirs")
        assertException(.security, try aidl.tryUnregisterService(name: "kit.theirs", service: theirs))
        XCTAssertNotNil(try aidl.checkService(name: "kit.theirs"))
        try aidl.tryUnregisterService(name: "kit.mine", service: mine)
        XCTAssertNil(try aidl.checkService(name: "kit.mine"))
        XCTAssertEqual(try aidl.listServices(dumpPriority: 15), ["kit.theirs"])
    }

    func testDebugInfoNamesTheRegisteringProcesses() throws {
        try aidl.addService(name: "kit.here", service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: 8)
        let (peer, _) = try startPeer("kit.there")
        let info = try aidl.getServiceDebugInfo()
        XCTAssertEqual(info.map(\.name), ["kit.here", "kit.there"])
        XCTAssertEqual(info.map(\.debugPid), [getpid(), peer.pid])
    }

    func testWrongTokensAreRefused() throws {
        // The right header with another interface's descriptor: BAD_TYPE.
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken("android.os.IOther", .android14)
        data.writeString16("kit.any")
        XCTAssertThrowsError(try aidl.binder.transact(code: IServiceManagerAIDL.TRANSACTION_checkService, data: data)) {
            XCTAssertEqual($0 as? BinderCallError, .status(BinderStatus.badType.code))
        }
        // A header word that is neither 'SYST' nor 'VNDR' is not Android 11's,
        // and as Android 10's token it is malformed: refused with -1.
        data = ParcelWriter()
        data.writeInterfaceToken(IServiceManagerAIDL.descriptor, format: .android11Plus, header: 0x1234_5678)
        data.writeString16("kit.any")
        XCTAssertThrowsError(try aidl.binder.transact(code: IServiceManagerAIDL.TRANSACTION_checkService, data: data)) {
            XCTAssertEqual($0 as? BinderCallError, .status(-1))
        }
    }

    func testAndroid10AndAIDLClientsShareTheRegistry() throws {
        let old = LocalBinder { _, _ in }, new = LocalBinder { _, _ in }
        try android10.addService("kit.from10", old)
        try aidl.addService(name: "kit.from16", service: new, allowIsolated: false, dumpPriority: 8)
        XCTAssertTrue(try aidl.checkService(name: "kit.from10") === old)
        XCTAssertTrue(try android10.checkService("kit.from16") === new)
        XCTAssertEqual(try android10.listServices(), ["kit.from16", "kit.from10"], "Android 10's order: newest first")
        XCTAssertEqual(try aidl.listServices(dumpPriority: 15), ["kit.from10", "kit.from16"], "AIDL's: by name")
        // A peer process registered itself through AIDL (BinderKit's choice).
        let (_, peer) = try startPeer("kit.peer")
        XCTAssertEqual(try android10.checkService("kit.peer").map { ($0 as? RemoteBinder)?.handle }, peer.handle)
    }
}

/// An IServiceCallback that remembers what it was told.
final class Recorder: IServiceCallback, @unchecked Sendable {
    private let calls = Mutex<[(String, any Binder)]>([])
    var seen: [(String, any Binder)] { calls.withLock { $0 } }
    func onRegistration(name: String, binder: any Binder) throws { calls.withLock { $0.append((name, binder)) } }
}

/// An IClientCallback that remembers what it was told.
final class ClientRecorder: IClientCallback, @unchecked Sendable {
    private let calls = Mutex<[(any Binder, Bool)]>([])
    /// The hasClients values told, in order.
    var states: [Bool] { calls.withLock { $0.map(\.1) } }
    var registered: [any Binder] { calls.withLock { $0.map(\.0) } }
    func onClients(registered: any Binder, hasClients: Bool) throws { calls.withLock { $0.append((registered, hasClients)) } }
}

/// The fallback: a manager that speaks only Android 10 (binder-servicemanager
/// --android10-only, refusing AIDL tokens as Android 10's own does) is
/// spoken to in Android 10, after one AIDL attempt per process. (The manager
/// runs in a child: binder_linux refuses calls to a context manager from
/// the process that owns it.)
final class ServiceManagerFallbackTests: DriverTestCase {
    func testAnAndroid10OnlyManagerIsSpokenToInAndroid10() throws {
        let manager = try KitChild("binder-servicemanager", ["--android10-only", devicePath])
        let client = try BinderProcess(device: devicePath)
        client.startThreadPool()
        defer {
            manager.kill()
            XCTAssertTrue(client.stopThreadPool())
        }
        XCTAssertNil(try ServiceManager(client).checkService("kit.any"))
        XCTAssertEqual(try ServiceManager(client).dialect(), .android10)
        XCTAssertNil(try ServiceManager(client).checkService("kit.any"))
        let service = LocalBinder { _, _ in }
        try ServiceManager(client).addService("kit.fallback", service)
        XCTAssertTrue(try ServiceManager(client).checkService("kit.fallback") === service)
        // Every call above was logged in order: one AIDL refusal, then none.
        var refusals = 0
        while let line = manager.nextLine(), !line.contains("added 'kit.fallback'") {
            if line.contains("wrong interface token") { refusals += 1 }
        }
        XCTAssertEqual(refusals, 1, "one AIDL attempt, then the choice is kept")
    }
}
