// Death notifications across real processes, and reference commands that
// name nothing.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class DeathTests: PeerTestCase {
    /// A looper holding a weak ref on handle 0, with a death notification on it.
    private func watchContextManager(cookie: UInt64) throws -> BinderEndpoint {
        let client = try startPeer()
        client.enqueue {
            $0.append(.enterLooper)
            $0.append(.increfs, 0)
            $0.append(.requestDeathNotification, handle: 0, cookie: cookie)
        }
        try client.flush()
        return client
    }

    func testKilledServiceSendsDeadBinder() throws {
        let client = try watchContextManager(cookie: 0xdead)
        XCTAssertEqual(client.deaths, [])
        peer?.kill()
        while client.deaths.isEmpty {
            try client.flush()
        }
        XCTAssertEqual(client.deaths, [0xdead])
        // Acknowledge (the endpoint sends BC_DEAD_BINDER_DONE), then clear.
        client.enqueue { $0.append(.clearDeathNotification, handle: 0, cookie: 0xdead) }
        while !client.log.contains(.clearDeathNotificationDone) {
            try client.flush()
        }
        XCTAssertEqual(client.deaths, [0xdead], "one death, once")
    }

    func testClearingANotificationIsAcknowledged() throws {
        let client = try watchContextManager(cookie: 0xc1ea)
        client.enqueue { $0.append(.clearDeathNotification, handle: 0, cookie: 0xc1ea) }
        while !client.log.contains(.clearDeathNotificationDone) {
            try client.flush()
        }
        peer?.kill()
        XCTAssertEqual(client.deaths, [], "a cleared notification never fires")
    }

    /// A looper asks for a notification on a node that is already dead, then
    /// drops the ref before reading, and the notice goes with it: the thread
    /// has nothing left to read, and a read says so (EAGAIN here). swbinder
    /// used to queue such a notice on the looper's own list, and its read
    /// then retried in the kernel for good (CI's soft lockup on 6.1);
    /// upstream queues it on the proc's list.
    func testNoticeDroppedWithItsRefLeavesNothingToRead() throws {
        let watcher = try watchContextManager(cookie: 0x1)
        let driver = try openDevice(nonBlocking: true)
        var take = CommandStream()
        take.append(.enterLooper)
        take.append(.increfs, 0)
        _ = try driver.writeRead(take)
        peer?.kill()
        while watcher.deaths.isEmpty {
            try watcher.flush()
        }
        var dropped = CommandStream()
        dropped.append(.requestDeathNotification, handle: 0, cookie: 0x2)
        dropped.append(.decrefs, 0)
        let result = try driver.writeRead(dropped)
        XCTAssertEqual(result.writeConsumed, dropped.bytes.count)
        assertErrno(EAGAIN, "the notice went with its ref") { _ = try driver.writeRead(readCapacity: 256) }
    }

    func testCommandsOnInvalidHandlesAreHarmless() throws {
        let driver = try openDevice(nonBlocking: true)
        var stream = CommandStream()
        stream.append(.acquire, 55)
        stream.append(.release, 55)
        stream.append(.increfs, 55)
        stream.append(.decrefs, 55)
        stream.append(.requestDeathNotification, handle: 55, cookie: 1)
        stream.append(.clearDeathNotification, handle: 55, cookie: 1)
        stream.appendFreeBuffer(0x1234)
        stream.append(.deadBinderDone, payload: [UInt8](repeating: 9, count: 8))
        stream.append(.increfsDone, ptr: 1, cookie: 2)
        stream.append(.acquireDone, ptr: 1, cookie: 2)
        let result = try driver.writeRead(stream)
        XCTAssertEqual(result.writeConsumed, stream.bytes.count, "user errors do not stop the stream")
    }

    func testContextManagerTakingHandleZeroFailsTheWrite() throws {
        let driver = try openDevice(nonBlocking: true)
        var unused: Int32 = 0
        try driver.ioctl(.setContextMgr, &unused)
        var stream = CommandStream()
        stream.append(.acquire, 0)
        assertErrno(EINVAL) { _ = try driver.writeRead(stream) }
    }

    func testCallToANodeWhoseOwnerDiedIsDeadReply() throws {
        let client = try startPeer()
        // A binder owned by a second proc reaches us through the peer.
        var owner: BinderEndpoint? = try BinderEndpoint(path: devicePath)
        owner!.enqueue { $0.append(.enterLooper) }
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0xb000, cookie: 0xb001, flags: ParcelObject.defaultFlags))
        _ = try owner!.call(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, parcel: parcel))
        guard case .reply(let given) = try client.call(OutgoingTransaction(code: PeerCode.giveHeld.rawValue)) else {
            return XCTFail("no reply")
        }
        var reader = given.parcel
        guard case .handle(let handle, _) = try reader.readObject() else { return XCTFail("no handle received") }
        // Take our own reference before the endpoint frees the reply buffer
        // (its free, still pending, would drop the buffer's reference first).
        var acquire = CommandStream()
        acquire.append(.acquire, handle)
        _ = try client.driver.writeRead(acquire)
        try client.sendPending()
        owner = nil  // closes its file: the node dies
        XCTAssertEqual(try client.call(OutgoingTransaction(handle: handle, code: 1)), .deadReply)
    }
}
