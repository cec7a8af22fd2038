// binder-servicemanager through BinderKit's client speaking Android 10's
// protocol: add, get, check, list, the Android 10 wire format, and
// forgetting services whose process died. (ServiceManagerAIDLTests: the AIDL one.)

import BinderKit
import XCTest

final class BinderKitServiceManagerTests: KitTestCase {
    /// These tests are of Android 10's protocol, whatever BinderKit would choose.
    override var manager: ServiceManager { ServiceManager(process, dialect: .android10) }

    func testAddedServicesAreListedAndFound() throws {
        let first = LocalBinder { _, _ in }
        let second = LocalBinder { _, _ in }
        try manager.addService("kit.first", first)
        try manager.addService("kit.second", second)
        XCTAssertEqual(try manager.listServices(), ["kit.second", "kit.first"], "newest first, as Android 10")
        // Our own object comes back as itself, not as a proxy: the kernel
        // turns a handle to a node of the receiver back into the node.
        XCTAssertTrue(try manager.getService("kit.first") === first)
        XCTAssertTrue(try manager.checkService("kit.second") === second)
        XCTAssertNil(try manager.getService("kit.missing"))
        XCTAssertNil(try manager.checkService("kit.missing"))
    }

    func testReRegisteringANameReplacesTheService() throws {
        let old = LocalBinder { _, _ in }
        let new = LocalBinder { _, _ in }
        try manager.addService("kit.name", old)
        try manager.addService("kit.name", new)
        XCTAssertEqual(try manager.listServices(), ["kit.name"])
        XCTAssertTrue(try manager.getService("kit.name") === new)
    }

    func testListFiltersByDumpPriority() throws {
        try manager.addService("kit.critical", LocalBinder { _, _ in }, dumpPriority: ServiceManagerProtocol.dumpPriorityCritical)
        try manager.addService("kit.normal", LocalBinder { _, _ in }, dumpPriority: ServiceManagerProtocol.dumpPriorityNormal)
        XCTAssertEqual(try manager.listServices(dumpPriority: ServiceManagerProtocol.dumpPriorityCritical), ["kit.critical"])
        XCTAssertEqual(try manager.listServices(), ["kit.normal", "kit.critical"])
    }

    func testInvalidRegistrationsAreRefusedWithStatusMinusOne() throws {
        XCTAssertThrowsError(try manager.addService("", LocalBinder { _, _ in })) {
            XCTAssertEqual($0 as? BinderCallError, .status(-1))
        }
        let long = String(repeating: "x", count: ServiceManagerProtocol.maxNameLength + 1)
        XCTAssertThrowsError(try manager.addService(long, LocalBinder { _, _ in })) {
            XCTAssertEqual($0 as? BinderCallError, .status(-1))
        }
        XCTAssertEqual(try manager.listServices(), [])
    }

    func testWrongInterfaceTokenIsRefused() throws {
        // Android 9's token lacks the work-source word Android 10 reads.
        var data = ParcelWriter()
        data.writeInterfaceToken(ServiceManagerProtocol.descriptor, format: .android9)
        data.writeString16("kit.any")
        XCTAssertThrowsError(try manager.binder.transact(code: ServiceManagerProtocol.checkService, data: data)) {
            XCTAssertEqual($0 as? BinderCallError, .status(-1))
        }
    }

    func testAddServiceWithoutTrailingWordsIsAcceptedAsAndroid10Does() throws {
        // Android 10's bctest publishes with the token, the name and the
        // binder only; its manager reads the missing allow-isolated and
        // dump-priority words as 0 and accepts.
        let service = LocalBinder { _, _ in }
        var data = ParcelWriter()
        data.writeInterfaceToken(ServiceManagerProtocol.descriptor, format: .android10)
        data.writeString16("kit.bctest")
        data.writeBinder(service)
        var reply = try manager.binder.transact(code: ServiceManagerProtocol.addService, data: data)
        XCTAssertEqual(try reply.readInt32(), 0, "accepted")
        XCTAssertTrue(try manager.checkService("kit.bctest") === service)
        // Dump priority 0 matches no mask, so LIST_SERVICES leaves it out, as Android 10's does.
        XCTAssertEqual(try manager.listServices(), [])
    }

    func testListServicesWithoutItsWordsFindsNothing() throws {
        try manager.addService("kit.listed", LocalBinder { _, _ in })
        var data = ParcelWriter()
        data.writeInterfaceToken(ServiceManagerProtocol.descriptor, format: .android10)
        XCTAssertThrowsError(try manager.binder.transact(code: ServiceManagerProtocol.listServices, data: data)) {
            XCTAssertEqual($0 as? BinderCallError, .status(-1), "index 0 with mask 0 matches no service")
        }
    }

    func testManagerAnswersPingAndItsDescriptor() throws {
        try manager.binder.ping()
        XCTAssertEqual(try manager.binder.interfaceDescriptor(), ServiceManagerProtocol.descriptor)
    }

    func testServiceOfADeadProcessIsForgotten() throws {
        let (peer, proxy) = try startPeer("kit.mortal")
        try manager.addService("kit.survivor", LocalBinder { _, _ in })
        XCTAssertEqual(try manager.listServices(), ["kit.survivor", "kit.mortal"])
        peer.kill()
        XCTAssertTrue(try eventually { try manager.checkService("kit.mortal") == nil }, "the manager forgot the dead service")
        XCTAssertEqual(try manager.listServices(), ["kit.survivor"])
        XCTAssertThrowsError(try proxy.ping()) { XCTAssertEqual($0 as? BinderCallError, .deadObject) }
    }
}
