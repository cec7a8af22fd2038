// registerClientCallback and tryUnregisterService: binder-servicemanager
// asks the driver (BINDER_GET_NODE_INFO_FOR_REF) how many processes hold a
// service and tells the service when it gains or loses clients. Clients are
// a peer process holding the binder and a second binder process of this
// test looking the service up through the manager. Outcomes are awaited
// with a generous bound; how long they take is not asserted.

import BinderKit
import XCTest

final class ServiceManagerClientTests: KitTestCase {
    var aidl: IServiceManagerProxy { manager.aidl }

    func register(_ name: String, _ service: LocalBinder) throws {
        try aidl.addService(name: name, service: service, allowIsolated: false,
                            dumpPriority: IServiceManagerAIDL.DUMP_FLAG_PRIORITY_DEFAULT | IServiceManagerAIDL.FLAG_IS_LAZY_SERVICE)
    }

    /// Has the peer hold (a strong reference to) `binder` until `drop`.
    func hold(_ binder: LocalBinder, in peer: RemoteBinder) throws {
        var data = ParcelWriter()
        data.writeBinder(binder)
        _ = try peer.transact(code: KitPeerCode.hold, data: data)
    }

    func drop(in peer: RemoteBinder) throws {
        _ = try peer.transact(code: KitPeerCode.drop)
    }

    func assertIllegalState(_ body: @autoclosure () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? AIDLStatus)?.exception, .illegalState, "\(error)", file: file, line: line)
        }
    }

    func testCallbackHearsAProcessTakeAndDropTheService() throws {
        let service = LocalBinder { _, _ in }
        try register("kit.lazy", service)
        let recorder = ClientRecorder()
        try aidl.registerClientCallback(name: "kit.lazy", service: service, callback: recorder)
        XCTAssertTrue(managerChild.waitForLine(containing: "watches the clients of 'kit.lazy'"))
        XCTAssertEqual(recorder.states, [], "nobody holds it yet")
        let (_, peer) = try startPeer("kit.holder")
        try hold(service, in: peer)
        XCTAssertTrue(eventually { recorder.states == [true] }, "told of the client: \(recorder.states)")
        try drop(in: peer)
        XCTAssertTrue(eventually { recorder.states == [true, false] }, "told it went: \(recorder.states)")
        XCTAssertTrue(recorder.registered.allSatisfy { $0 === service }, "the callback names the service")
        // Taken again, told again.
        try hold(service, in: peer)
        XCTAssertTrue(eventually { recorder.states == [true, false, true] }, "\(recorder.states)")
    }

    func testALookupThroughTheManagerCountsUntilTheClientDropsIt() throws {
        let service = LocalBinder { _, _ in }
        try register("kit.lazy", service)
        let recorder = ClientRecorder()
        try aidl.registerClientCallback(name: "kit.lazy", service: service, callback: recorder)
        // A second binder process of this test is a client like any other.
        let client = try BinderProcess(device: devicePath)
        var proxy = try ServiceManager(client).getService("kit.lazy")
        XCTAssertTrue(proxy is RemoteBinder)
        XCTAssertTrue(eventually { recorder.states == [true] }, "told of the client: \(recorder.states)")
        assertIllegalState(try aidl.tryUnregisterService(name: "kit.lazy", service: service))
        // The reply that carried the handle holds a reference of its own until
        // its buffer is freed: dropping the proxy frees it too, with no other
        // call from this thread.
        proxy = nil
        XCTAssertTrue(eventually { recorder.states == [true, false] }, "told it went: \(recorder.states)")
        try aidl.tryUnregisterService(name: "kit.lazy", service: service)
        XCTAssertNil(try aidl.checkService(name: "kit.lazy"))
    }

    func testARegistrationWhileHeldIsToldAtOnce() throws {
        let service = LocalBinder { _, _ in }
        try register("kit.lazy", service)
        let (_, peer) = try startPeer("kit.holder")
        try hold(service, in: peer)
        let recorder = ClientRecorder()
        try aidl.registerClientCallback(name: "kit.lazy", service: service, callback: recorder)
        XCTAssertTrue(eventually { recorder.states == [true] }, "\(recorder.states)")
    }

    func testTryUnregisterIsRefusedWhileAnotherProcessHoldsTheService() throws {
        let service = LocalBinder { _, _ in }
        try register("kit.held", service)
        let (_, peer) = try startPeer("kit.holder")
        try hold(service, in: peer)
        assertIllegalState(try aidl.tryUnregisterService(name: "kit.held", service: service))
        XCTAssertTrue(managerChild.waitForLine(containing: "refused tryUnregisterService('kit.held')"))
        XCTAssertTrue(try aidl.checkService(name: "kit.held") === service, "still registered")
        try drop(in: peer)
        // The lookup just above promises a client until the next periodic check.
        XCTAssertTrue(eventually { (try? aidl.tryUnregisterService(name: "kit.held", service: service)) != nil },
                      "accepted once nobody holds it")
        XCTAssertNil(try aidl.checkService(name: "kit.held"))
    }

    func testTryUnregisterWithoutClientsIsAccepted() throws {
        let service = LocalBinder { _, _ in }
        try register("kit.alone", service)
        try aidl.tryUnregisterService(name: "kit.alone", service: service)
        XCTAssertNil(try aidl.checkService(name: "kit.alone"))
    }

    /// getService2 and checkService2 answer the service with its metadata
    /// (there are no accessors), the lazy flag from the registration.
    func testAndroid16LookupsAnswerTheServiceWithMetadata() throws {
        let lazy = LocalBinder { _, _ in }, eager = LocalBinder { _, _ in }
        try register("kit.lazy", lazy)
        try aidl.addService(name: "kit.eager", service: eager, allowIsolated: true, dumpPriority: 8)
        for lookup in [aidl.getService2, aidl.checkService2] {
            guard case let .serviceWithMetadata(found) = try lookup("kit.lazy") else { return XCTFail("not the service") }
            XCTAssertTrue(found.service === lazy)
            XCTAssertTrue(found.isLazyService)
            guard case let .serviceWithMetadata(other) = try lookup("kit.eager") else { return XCTFail("not the service") }
            XCTAssertTrue(other.service === eager)
            XCTAssertFalse(other.isLazyService)
        }
    }
}
