// Freeze notifications (upstream since 6.12; swbinder on every kernel):
// BR_FROZEN_BINDER at once and on every freeze and thaw of the node's
// owner, each acknowledged before the next; clearing is acknowledged with
// BR_CLEAR_FREEZE_NOTIFICATION_DONE; mistakes fail the write with EINVAL.

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class FreezeNotificationTests: PeerTestCase {
    /// A notification as read: the cookie and, for BR_FROZEN_BINDER, the state.
    private struct Notice: Equatable {
        let code: BinderReturn
        let cookie: UInt64
        let isFrozen: UInt32?
    }

    private var supported: Bool { driverHas(since: BinderCommand.requestFreezeNotification.since) }

    private func send(_ client: BinderEndpoint, _ build: (inout CommandStream) -> Void) throws {
        var stream = CommandStream()
        build(&stream)
        _ = try client.driver.writeRead(stream)
    }

    /// Reads (blocking) until a freeze notice arrives.
    private func nextNotice(_ client: BinderEndpoint) throws -> Notice {
        while true {
            for item in try client.driver.writeRead(readCapacity: 256).returns() {
                let bytes = item.payload
                func word64(_ at: Int) -> UInt64 {
                    bytes[at..<at + 8].enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
                }
                switch item.code {
                case .frozenBinder:
                    return Notice(code: item.code, cookie: word64(0), isFrozen: UInt32(truncatingIfNeeded: word64(8)))
                case .clearFreezeNotificationDone:
                    return Notice(code: item.code, cookie: word64(0), isFrozen: nil)
                default:
                    continue
                }
            }
        }
    }

    private func freeze(_ client: BinderEndpoint, enable: Bool) throws {
        var info = binder_freeze_info(pid: UInt32(peer!.process.processIdentifier), enable: enable ? 1 : 0,
                                      timeout_ms: 10_000)
        try client.driver.ioctl(.freeze, &info)
    }

    func testNotificationsFollowFreezeAndThaw() throws {
        let client = try startPeer()
        try send(client) { $0.append(.enterLooper); $0.append(.increfs, 0) }
        guard supported else {
            assertErrno(EINVAL, "this driver predates freeze notifications: an unknown command") {
                try send(client) { $0.append(.requestFreezeNotification, handle: 0, cookie: 0xf1) }
            }
            return
        }
        try send(client) { $0.append(.requestFreezeNotification, handle: 0, cookie: 0xf1) }
        XCTAssertEqual(try nextNotice(client), Notice(code: .frozenBinder, cookie: 0xf1, isFrozen: 0),
                       "the current state, at once")
        try send(client) { $0.append(.freezeNotificationDone, payload: withUnsafeBytes(of: UInt64(0xf1)) { Array($0) }) }
        try freeze(client, enable: true)
        XCTAssertEqual(try nextNotice(client), Notice(code: .frozenBinder, cookie: 0xf1, isFrozen: 1))
        try send(client) { $0.append(.freezeNotificationDone, payload: withUnsafeBytes(of: UInt64(0xf1)) { Array($0) }) }
        try freeze(client, enable: false)
        XCTAssertEqual(try nextNotice(client), Notice(code: .frozenBinder, cookie: 0xf1, isFrozen: 0))
        try send(client) { $0.append(.freezeNotificationDone, payload: withUnsafeBytes(of: UInt64(0xf1)) { Array($0) }) }
        try send(client) { $0.append(.clearFreezeNotification, handle: 0, cookie: 0xf1) }
        XCTAssertEqual(try nextNotice(client), Notice(code: .clearFreezeNotificationDone, cookie: 0xf1, isFrozen: nil))
    }

    func testMistakesFailTheWrite() throws {
        let client = try startPeer()
        try send(client) { $0.append(.enterLooper); $0.append(.increfs, 0) }
        guard supported else { return }
        assertErrno(EINVAL, "no such handle") {
            try send(client) { $0.append(.requestFreezeNotification, handle: 99, cookie: 1) }
        }
        try send(client) { $0.append(.requestFreezeNotification, handle: 0, cookie: 2) }
        assertErrno(EINVAL, "one per handle") {
            try send(client) { $0.append(.requestFreezeNotification, handle: 0, cookie: 3) }
        }
        assertErrno(EINVAL, "wrong cookie") {
            try send(client) { $0.append(.clearFreezeNotification, handle: 0, cookie: 3) }
        }
        assertErrno(EINVAL, "nothing delivered under that cookie") {
            try send(client) { $0.append(.freezeNotificationDone, payload: withUnsafeBytes(of: UInt64(7)) { Array($0) }) }
        }
        XCTAssertEqual(try nextNotice(client), Notice(code: .frozenBinder, cookie: 2, isFrozen: 0))
    }
}
