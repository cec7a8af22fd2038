// Known-bug scenarios (../shared/reference/test-scenarios.md section 5)
// about references: a call that fails half-way through its objects, a
// forged handle number, weak and strong binders mixed and repeated.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class HostileInputTests: PeerTestCase {
    private let flags = ParcelObject.defaultFlags

    /// Reads, without blocking, everything queued for this looper, the
    /// proc's work included (a thread busy with a call never takes that).
    private func drain(_ client: BinderEndpoint) throws {
        let flags = fcntl(client.driver.fd, F_GETFL)
        _ = fcntl(client.driver.fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(client.driver.fd, F_SETFL, flags) }
        while true {
            do {
                try client.flush()
            } catch let error as WriteReadError where error.error.errno == EAGAIN {
                return
            }
        }
    }

    /// Lets the peer free its buffers and reads what that causes.
    private func settle(_ client: BinderEndpoint) throws {
        for _ in 0..<3 {
            _ = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue))
            try drain(client)
        }
    }

    /// CVE-2023-20938 / CVE-2023-21255: the error path may release only what
    /// was translated, so a binder before a bad object leaves no reference.
    func testCallFailingAfterABinderLeavesNoReference() throws {
        let client = try startPeer()
        client.enqueue { $0.append(.enterLooper) }
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x8000, cookie: 0x8001, flags: flags))
        var data = parcel.bytes
        let bad = data.count
        data += [UInt8](repeating: 0, count: 24)
        data[bad] = 0x85; data[bad + 1] = 0x2a; data[bad + 2] = 0x7a; data[bad + 3] = 0x7a  // no such type
        let outcome = try client.call(OutgoingTransaction(code: PeerCode.describe.rawValue, data: data,
                                                          offsets: [0, UInt64(bad)]))
        XCTAssertEqual(outcome, .failedReply)
        try settle(client)
        for code in [BinderReturn.increfs, .acquire, .release, .decrefs] {
            XCTAssertFalse(client.log.contains(code), "\(code): the failed call left no reference behind")
        }
        // The same binder in a good call works and numbers from the start.
        parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x8000, cookie: 0x8001, flags: flags))
        guard case .reply(let answer) = try client.call(
            OutgoingTransaction(code: PeerCode.describe.rawValue, parcel: parcel)) else { return XCTFail("no reply") }
        var reader = answer.parcel
        XCTAssertEqual(try reader.readUInt32(), BinderObjectType.handle.rawValue)
        XCTAssertEqual(try reader.readUInt32(), 1, "the failed call used up no handle")
    }

    /// binderLibTest FreedBinder: a handle whose last reference is gone
    /// names nothing, even if the number is remembered.
    func testReleasedHandleNumberNamesNothing() throws {
        let client = try startPeer()
        // A binder owned by a second proc, held by the peer, handed to us.
        let owner = try BinderEndpoint(path: devicePath)
        owner.enqueue { $0.append(.enterLooper) }
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x9000, cookie: 0x9001, flags: flags))
        _ = try owner.call(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, parcel: parcel))
        guard case .reply(let given) = try client.call(OutgoingTransaction(code: PeerCode.giveHeld.rawValue)) else {
            return XCTFail("no reply")
        }
        var reader = given.parcel
        guard case .handle(let handle, _) = try reader.readObject() else { return XCTFail("no handle received") }
        // Our endpoint frees the reply buffer with the next write, dropping
        // the only reference we had on that handle.
        try client.sendPending()
        XCTAssertEqual(try client.call(OutgoingTransaction(handle: handle, code: 1)), .failedReply,
                       "handle \(handle) was released")
        withExtendedLifetime(owner) {}
    }

    /// binderLibTest WeakRejected: a weak and a strong binder for one object,
    /// sent over and over, must translate to one handle and never double-release.
    func testWeakAndStrongBinderRepeatedShareOneHandle() throws {
        let client = try startPeer()
        client.enqueue { $0.append(.enterLooper) }
        for round in 0..<100 {
            var parcel = ParcelWriter()
            parcel.writeObject(.weakBinder(ptr: 0xa000, cookie: 0xa001, flags: flags))
            parcel.writeObject(.binder(ptr: 0xa000, cookie: 0xa001, flags: flags))
            guard case .reply(let answer) = try client.call(
                OutgoingTransaction(code: PeerCode.describe.rawValue, parcel: parcel)) else {
                return XCTFail("round \(round): no reply")
            }
            var reader = answer.parcel
            let weakType = try reader.readUInt32(), weakHandle = try reader.readUInt32()
            let strongType = try reader.readUInt32(), strongHandle = try reader.readUInt32()
            XCTAssertEqual(weakType, BinderObjectType.weakHandle.rawValue, "round \(round)")
            XCTAssertEqual(strongType, BinderObjectType.handle.rawValue, "round \(round)")
            XCTAssertEqual(weakHandle, strongHandle, "round \(round): one object, one handle")
        }
        // Once the peer has freed every buffer, every BR_INCREFS/BR_ACQUIRE
        // the owner heard is matched by one BR_DECREFS/BR_RELEASE.
        func count(_ code: BinderReturn) -> Int { client.log.filter { $0 == code }.count }
        for _ in 0..<3000 where count(.acquire) != count(.release) || count(.increfs) != count(.decrefs) {
            try drain(client)
            usleep(10_000)
        }
        XCTAssertGreaterThan(count(.acquire), 0)
        XCTAssertEqual(count(.acquire), count(.release), "strong references: no double release, none left")
        XCTAssertEqual(count(.increfs), count(.decrefs), "weak references: no double release, none left")
    }
}
