// binder-servicemanager --android-release 13 with a client numbering its
// calls as Android 13 does (BinderKit's ServiceManager(release:)): the
// methods 13 has work, the ones it lacks are unknown transactions, and the
// codes that mean other methods in 16 reach the right ones.

import BinderKit
import Glibc
import XCTest

final class ServiceManagerAndroid13Tests: KitTestCase {
    override class var release: ServiceManagerRelease { .android13 }

    func testAddGetListAndDebugInfoInAndroid13sNumbering() throws {
        let aidl = manager.aidl
        XCTAssertEqual(try manager.dialect(), .aidl)
        let service = LocalBinder { _, _ in }
        try manager.addService("kit.thirteen", service)
        try aidl.addService(name: "kit.also", service: LocalBinder { _, _ in }, allowIsolated: false, dumpPriority: 8)
        XCTAssertTrue(try manager.getService("kit.thirteen") === service)
        XCTAssertTrue(try manager.checkService("kit.thirteen") === service)
        XCTAssertEqual(try manager.listServices(), ["kit.also", "kit.thirteen"])
        // 13's code 10 is getConnectionInfo (16's is getUpdatableNames); 13 is getServiceDebugInfo.
        XCTAssertNil(try aidl.getConnectionInfo(name: "kit.thirteen"))
        XCTAssertEqual(try aidl.getServiceDebugInfo().map(\.name), ["kit.also", "kit.thirteen"])
        XCTAssertEqual(try aidl.getServiceDebugInfo().map(\.debugPid), [getpid(), getpid()])
    }

    func testMethodsAndroid13LacksAreUnknownTransactions() throws {
        let unknown = BinderCallError.status(BinderStatus.unknownTransaction.code)
        XCTAssertThrowsError(try manager.aidl.getUpdatableNames(apexName: "com.android.kit")) { XCTAssertEqual($0 as? BinderCallError, unknown) }
        XCTAssertThrowsError(try manager.aidl.checkService2(name: "kit.any")) { XCTAssertEqual($0 as? BinderCallError, unknown) }
        // Sent anyway, 16's last code is past 13's methods: the manager refuses it too.
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(IServiceManagerAIDL.descriptor, ServiceManagerRelease.android13.wire)
        XCTAssertThrowsError(try process.contextManager.transact(code: 16, data: data)) { XCTAssertEqual($0 as? BinderCallError, unknown) }
    }

    /// The notifications that need 13's wire format for the binders they carry.
    func testNotificationsInAndroid13() throws {
        let recorder = Recorder()
        try manager.aidl.registerForNotifications(name: "kit.watched", callback: recorder)
        let service = LocalBinder { _, _ in }
        try manager.addService("kit.watched", service)
        XCTAssertTrue(eventually { recorder.seen.count == 1 })
        XCTAssertTrue(recorder.seen.first?.1 === service)
    }
}
