// BINDER_SET_CONTEXT_MGR across processes and users: one manager per
// device, and the euid of the first one stays pinned after it is gone.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

final class ContextManagerTests: DriverTestCase {
    /// Becomes the manager from this process (root), retrying while a
    /// previous test's manager is still being released.
    private func becomeContextManager() throws -> BinderDriver {
        let driver = try openDevice()
        var unused: Int32 = 0
        for attempt in 1...1000 {
            do {
                try driver.ioctl(.setContextMgr, &unused)
                return driver
            } catch let error as BinderError where error.errno == EBUSY && attempt < 1000 {
                usleep(20_000)
            }
        }
        throw PeerError(message: "unreachable")
    }

    /// Lets another user open the device for the length of `body`.
    private func withDeviceOpenToAll<T>(_ body: () throws -> T) throws -> T {
        var info = stat()
        guard stat(devicePath, &info) == 0 else { throw PeerError(message: "stat \(devicePath!) failed") }
        chmod(devicePath, 0o666)
        defer { chmod(devicePath, info.st_mode & 0o7777) }
        return try body()
    }

    func testAnotherUserCannotTakeOverAfterTheFirstManagerLeaves() throws {
        XCTAssertEqual(geteuid(), 0, "the guest runs the suite as root")
        // Pins root as the device's manager uid (a no-op if already pinned).
        do { _ = try becomeContextManager() }
        let lines = try withDeviceOpenToAll {
            try PeerProcess.run(device: devicePath, mode: ["context-mgr-as", "4242"])
        }
        XCTAssertEqual(lines, ["EPERM"], "uid 4242 may not become the manager of a device root managed")
        // The manager slot itself was freed when its owner closed: root again.
        XCTAssertNoThrow(try becomeContextManager())
    }

    func testSecondManagerFromAnotherProcessIsEBUSY() throws {
        let manager = try becomeContextManager()
        let lines = try PeerProcess.run(device: devicePath, mode: ["context-mgr-as", "0"])
        XCTAssertEqual(lines.last, "EBUSY")
        withExtendedLifetime(manager) {}
    }

    func testExtendedFormSetsTheManagerToo() throws {
        let driver = try openDevice()
        var object = flat_binder_object()
        object.hdr.type = BinderObjectType.binder.rawValue
        object.flags = ParcelObject.defaultFlags
        for attempt in 1...1000 {
            do {
                try driver.ioctl(.setContextMgrExt, &object)
                break
            } catch let error as BinderError where error.errno == EBUSY && attempt < 1000 {
                usleep(20_000)
            }
        }
        var unused: Int32 = 0
        assertErrno(EBUSY, "one manager per device, whichever form set it") {
            try openDevice().ioctl(.setContextMgr, &unused)
        }
    }
}
