// Death recipients with a real killed child process.

import BinderKit
import Foundation
import XCTest

final class BinderKitDeathTests: KitTestCase {
    func testRecipientRunsWhenThePeerIsKilled() throws {
        let (child, peer) = try startPeer()
        let died = DispatchSemaphore(value: 0)
        let handle = peer.handle
        try peer.linkToDeath { binder in
            XCTAssertEqual(binder.handle, handle)
            died.signal()
        }
        XCTAssertFalse(peer.isDead)
        child.kill()
        XCTAssertEqual(died.wait(timeout: .now() + 30), .success, "BR_DEAD_BINDER reached the recipient")
        XCTAssertTrue(peer.isDead)
        XCTAssertThrowsError(try peer.linkToDeath { _ in }) { XCTAssertEqual($0 as? BinderCallError, .deadObject) }
    }

    func testUnlinkedRecipientIsNotCalled() throws {
        let (child, peer) = try startPeer()
        let calls = Counter()
        let kept = DispatchSemaphore(value: 0)
        let removed = try peer.linkToDeath { _ in calls.increment() }
        try peer.linkToDeath { _ in kept.signal() }
        try peer.unlinkToDeath(removed)
        child.kill()
        XCTAssertEqual(kept.wait(timeout: .now() + 30), .success)
        XCTAssertEqual(calls.value, 0, "the unlinked recipient stays silent")
    }

    func testClearedNotificationLetsTheProxyGoQuietly() throws {
        let (child, peer) = try startPeer()
        let calls = Counter()
        let link = try peer.linkToDeath { _ in calls.increment() }
        try peer.unlinkToDeath(link)
        // With no recipients left, BC_CLEAR_DEATH_NOTIFICATION was sent: a
        // later death is not delivered to this proxy.
        child.kill()
        XCTAssertThrowsError(try peer.ping()) { XCTAssertEqual($0 as? BinderCallError, .deadObject) }
        XCTAssertEqual(calls.value, 0)
        XCTAssertFalse(peer.isDead, "no BR_DEAD_BINDER for a cleared notification")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
