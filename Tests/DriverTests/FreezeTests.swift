// BINDER_FREEZE and BINDER_GET_FROZEN_INFO against a real service process:
// sync calls to a frozen process fail with BR_FROZEN_REPLY, oneway calls
// are queued (BR_TRANSACTION_PENDING_FROZEN where the driver has it), a
// process with calls in flight cannot be frozen, TF_UPDATE_TXN replaces a
// queued oneway call.

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class FreezeTests: PeerTestCase {
    private var peerPID: UInt32 { UInt32(peer!.process.processIdentifier) }

    private func freeze(_ driver: BinderDriver, pid: UInt32, enable: Bool, timeoutMs: UInt32 = 0) throws {
        var info = binder_freeze_info(pid: pid, enable: enable ? 1 : 0, timeout_ms: timeoutMs)
        try driver.ioctl(.freeze, &info)
    }

    private func frozenInfo(_ driver: BinderDriver, pid: UInt32) throws -> binder_frozen_status_info {
        var info = binder_frozen_status_info(pid: pid, sync_recv: 0, async_recv: 0)
        try driver.ioctl(.getFrozenInfo, &info)
        return info
    }

    private func int32Parcel(_ value: Int32) -> ParcelWriter {
        var parcel = ParcelWriter()
        parcel.writeInt32(value)
        return parcel
    }

    func testPidWithoutBinderIsEINVAL() throws {
        let driver = try openDevice()
        assertErrno(EINVAL, "pid 1 has no binder file open") { try freeze(driver, pid: 1, enable: true) }
        assertErrno(EINVAL) { _ = try frozenInfo(driver, pid: 1) }
    }

    func testFrozenServiceRefusesSyncCallsAndQueuesOnewayCalls() throws {
        let client = try startPeer()
        try freeze(client.driver, pid: peerPID, enable: true, timeoutMs: 10_000)
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue)), .frozenReply)
        var info = try frozenInfo(client.driver, pid: peerPID)
        XCTAssertEqual(info.sync_recv & 1, 1, "a sync call arrived while frozen")
        XCTAssertEqual(info.async_recv, 0)

        let before = client.log.count
        try client.call(OutgoingTransaction(code: PeerCode.record.rawValue, flags: .oneWay, parcel: int32Parcel(42)))
        let answer = client.log[before...].last { $0 == .transactionComplete || $0 == .transactionPendingFrozen }
        XCTAssertEqual(answer, driverHas(since: BinderReturn.transactionPendingFrozen.since)
                       ? .transactionPendingFrozen : .transactionComplete)
        info = try frozenInfo(client.driver, pid: peerPID)
        XCTAssertEqual(info.async_recv, 1, "a oneway call arrived while frozen")

        try freeze(client.driver, pid: peerPID, enable: false)
        info = try frozenInfo(client.driver, pid: peerPID)
        XCTAssertEqual(info.sync_recv & 1, 0, "thawing clears what arrived")
        XCTAssertEqual(info.async_recv, 0)
        XCTAssertEqual(try records(client, until: 1), [42], "the queued oneway call was delivered")
    }

    func testServiceWithACallInFlightCannotBeFrozen() throws {
        let client = try startPeer()
        let caller = try PeerProcess(device: devicePath, mode: ["client", String(PeerCode.stallLong.rawValue)],
                                     firstLine: "calling")
        // Bit 1 of sync_recv: calls pending. Wait until the stalled call is in.
        var pending = false
        for _ in 0..<3000 where !pending {
            pending = try frozenInfo(client.driver, pid: peerPID).sync_recv & 2 != 0
            if !pending { usleep(10_000) }
        }
        XCTAssertTrue(pending, "the stalled call shows as pending")
        assertErrno(EAGAIN, "a call is being served") {
            try freeze(client.driver, pid: peerPID, enable: true, timeoutMs: 0)
        }
        caller.process.waitUntilExit()
        guard case .reply = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue)) else {
            return XCTFail("a failed freeze leaves the service thawed")
        }
    }

    func testUpdateReplacesAQueuedOnewayCallWhileFrozen() throws {
        let client = try startPeer()
        let update: TransactionFlags = [.oneWay, .updateTxn]
        // The first call is delivered and kept, so later ones queue on the node.
        try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: update, parcel: int32Parcel(1)))
        XCTAssertEqual(try records(client, until: 1), [1])
        try freeze(client.driver, pid: peerPID, enable: true, timeoutMs: 10_000)
        try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: update, parcel: int32Parcel(2)))
        try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: update, parcel: int32Parcel(3)))
        try freeze(client.driver, pid: peerPID, enable: false)
        for _ in 0..<3 {
            _ = try client.call(OutgoingTransaction(code: PeerCode.freeKept.rawValue))
        }
        XCTAssertEqual(try records(client, until: 2), [1, 3], "call 2 was replaced by call 3")
        _ = try client.call(OutgoingTransaction(code: PeerCode.freeKept.rawValue))
        XCTAssertEqual(try records(client, until: 2), [1, 3], "and never arrives")
    }
}
