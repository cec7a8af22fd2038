// Transactions between two real processes: this test process and a
// binder-test-peer child that is the device's context manager (handle 0).

import BinderABI
import BinderKit
import Glibc
import XCTest

final class TransactionTests: PeerTestCase {
    private func reply(_ outcome: CallOutcome, file: StaticString = #filePath, line: UInt = #line) throws -> ReceivedTransaction {
        guard case .reply(let reply) = outcome else {
            XCTFail("expected a reply, got \(outcome)", file: file, line: line)
            throw PeerError(message: "no reply")
        }
        return reply
    }

    func testCallAndReplyRoundTrip() throws {
        let client = try startPeer()
        let data = (0..<100).map { UInt8($0) }
        let answer = try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data)))
        XCTAssertEqual(answer.data, data)
        XCTAssertTrue(answer.isReply)
        XCTAssertEqual(answer.senderPID, 0, "replies carry no sender pid")
        let complete = try XCTUnwrap(client.log.firstIndex(of: .transactionComplete))
        let replied = try XCTUnwrap(client.log.firstIndex(of: .reply))
        XCTAssertLessThan(complete, replied, "BR_TRANSACTION_COMPLETE comes before BR_REPLY")
    }

    func testEmptyTransaction() throws {
        let client = try startPeer()
        let answer = try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue)))
        XCTAssertEqual(answer.data, [])
    }

    func testManyCallsReuseBufferSpace() throws {
        let client = try startPeer()
        let data = [UInt8](repeating: 0xab, count: 16 * 1024)
        for _ in 0..<64 {
            XCTAssertEqual(try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data))).data, data)
        }
    }

    func testSenderIdentityIsTheCallingProcess() throws {
        let client = try startPeer()
        var parcel = try reply(client.call(OutgoingTransaction(code: PeerCode.whoAmI.rawValue))).parcel
        XCTAssertEqual(try parcel.readInt32(), getpid())
        XCTAssertEqual(try parcel.readUInt32(), geteuid())
    }

    func testOnewayCallsArriveInOrder() throws {
        let client = try startPeer()
        for value in 0..<20 {
            var parcel = ParcelWriter()
            parcel.writeInt32(Int32(value))
            try client.call(OutgoingTransaction(code: PeerCode.record.rawValue, flags: .oneWay, parcel: parcel))
        }
        XCTAssertEqual(client.log.filter { $0 == .transactionComplete }.count, 20)
        // Oneway calls to one node are released one at a time, as each buffer
        // is freed; a sync call may overtake them, so ask until all arrived.
        var seen: [Int32] = []
        for _ in 0..<3000 where seen.count < 20 {
            var records = try reply(client.call(OutgoingTransaction(code: PeerCode.getRecord.rawValue))).parcel
            seen = []
            while records.remaining > 0 { seen.append(try records.readInt32()) }
            usleep(10_000)
        }
        XCTAssertEqual(seen, (0..<20).map { Int32($0) })
    }

    func testStatusCodeReplyKeepsItsFlag() throws {
        let client = try startPeer()
        let answer = try reply(client.call(OutgoingTransaction(code: PeerCode.statusCode.rawValue)))
        XCTAssertTrue(answer.flags.contains(.statusCode))
        var parcel = answer.parcel
        XCTAssertEqual(try parcel.readInt32(), -22)
    }

    func testServiceDyingMidCallGivesDeadReply() throws {
        let client = try startPeer()
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.die.rawValue)), .deadReply)
    }

    func testNoContextManagerGivesDeadReply() throws {
        let client = try BinderEndpoint(path: devicePath)
        XCTAssertEqual(try client.call(OutgoingTransaction(code: 1)), .deadReply)
    }

    func testUnknownHandleGivesFailedReply() throws {
        let client = try startPeer()
        XCTAssertEqual(try client.call(OutgoingTransaction(handle: 77, code: 1)), .failedReply)
        // The failure is the call's only: the connection still works.
        XCTAssertEqual(try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1]))).data, [1])
    }

    func testExtendedErrorNamesTheFailedCallUntilRead() throws {
        let client = try startPeer()
        XCTAssertEqual(try client.call(OutgoingTransaction(handle: 77, code: 1)), .failedReply)
        let failed = try client.driver.extendedError()
        XCTAssertNotEqual(failed.id, 0, "the failed transaction's debug id")
        XCTAssertEqual(failed.command, BinderReturn.failedReply.rawValue)
        XCTAssertEqual(failed.param, -EINVAL)
        let read = try client.driver.extendedError()
        XCTAssertEqual([read.id, read.command, UInt32(bitPattern: read.param)], [0, BinderReturn.ok.rawValue, 0],
                       "reading it cleared it")
        // A call that works leaves its own id with BR_OK.
        XCTAssertEqual(try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1]))).data, [1])
        let succeeded = try client.driver.extendedError()
        XCTAssertGreaterThan(succeeded.id, failed.id)
        XCTAssertEqual(succeeded.command, BinderReturn.ok.rawValue)
        XCTAssertEqual(succeeded.param, 0)
    }

    func testOwnBinderComesBackAsTheBinder() throws {
        let client = try startPeer()
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x1000, cookie: 0x2000, flags: ParcelObject.defaultFlags))
        let answer = try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, parcel: parcel)))
        XCTAssertEqual(answer.offsets, [0])
        var back = answer.parcel
        XCTAssertEqual(try back.readObject(), .binder(ptr: 0x1000, cookie: 0x2000, flags: ParcelObject.defaultFlags))
        XCTAssertTrue(client.log.contains(.increfs), "the owner is told to take a weak reference")
        XCTAssertTrue(client.log.contains(.acquire), "and a strong one")
    }

    func testNestedCallLandsOnTheCallingThread() throws {
        let client = try startPeer()
        client.serve = { call in
            OutgoingTransaction(code: 0, data: call.code == 7 ? [42, 43] : [])
        }
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x3000, cookie: 0x4000, flags: ParcelObject.defaultFlags))
        let answer = try reply(client.call(OutgoingTransaction(code: PeerCode.callBack.rawValue, parcel: parcel)))
        XCTAssertEqual(answer.data, [42, 43], "the callback ran on this thread while it waited")
        XCTAssertTrue(client.log.contains(.transaction))
    }

    func testFreeingABufferTwiceOrMidBufferChangesNothing() throws {
        let client = try startPeer()
        let data = [UInt8](repeating: 5, count: 64)
        let answer = try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data)))
        try client.sendPending()  // the endpoint's own BC_FREE_BUFFER of the reply
        var frees = CommandStream()
        frees.appendFreeBuffer(answer.bufferAddress)      // already freed
        frees.appendFreeBuffer(answer.bufferAddress + 8)  // not a buffer start
        frees.appendFreeBuffer(0)                         // nothing at all
        XCTAssertEqual(try client.driver.writeRead(frees).writeConsumed, frees.bytes.count)
        XCTAssertEqual(try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data))).data, data,
                       "bad frees leave the buffer space working")
    }

    func testSecondContextManagerIsEBUSY() throws {
        _ = try startPeer()
        let driver = try openDevice()
        var unused: Int32 = 0
        assertErrno(EBUSY) { try driver.ioctl(.setContextMgr, &unused) }
    }

    func testMalformedObjectOffsetsFailTheCall() throws {
        let client = try startPeer()
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x5000, cookie: 0x6000, flags: ParcelObject.defaultFlags))
        let data = parcel.bytes
        let cases: [(String, [UInt64])] = [
            ("offset past the data", [UInt64(data.count)]),
            ("object running past the data", [8]),
            ("unaligned offset", [2]),
            ("overlapping objects", [0, 4]),
            ("descending offsets", [0, 0]),
        ]
        for (what, offsets) in cases {
            let outcome = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data, offsets: offsets))
            XCTAssertEqual(outcome, .failedReply, what)
        }
        XCTAssertEqual(try reply(client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [9]))).data, [9],
                       "failed calls leave the connection working")
    }

    func testUnknownObjectTypeFailsTheCall() throws {
        let client = try startPeer()
        var data = [UInt8](repeating: 0, count: 24)
        data[0] = 0x85
        data[1] = 0x2a
        data[2] = 0x7a  // 'z': no such type
        data[3] = 0x7a
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data, offsets: [0])), .failedReply)
    }
}

/// Object translation and the reference-counting protocol, seen from both ends.
final class ObjectTests: PeerTestCase {
    /// What the peer received: (type, handle) per object.
    private func describe(_ client: BinderEndpoint, _ objects: [ParcelObject]) throws -> [[UInt32]] {
        var parcel = ParcelWriter()
        objects.forEach { parcel.writeObject($0) }
        guard case .reply(let answer) = try client.call(
            OutgoingTransaction(code: PeerCode.describe.rawValue, parcel: parcel)) else {
            XCTFail("no reply")
            return []
        }
        var reader = answer.parcel
        var result: [[UInt32]] = []
        while reader.remaining >= 8 { result.append([try reader.readUInt32(), try reader.readUInt32()]) }
        return result
    }

    func testBindersBecomeHandlesNumberedFromOne() throws {
        let client = try startPeer()
        let flags = ParcelObject.defaultFlags
        let first = ParcelObject.binder(ptr: 0x10, cookie: 0x11, flags: flags)
        let second = ParcelObject.binder(ptr: 0x20, cookie: 0x21, flags: flags)
        let handle = BinderObjectType.handle.rawValue
        XCTAssertEqual(try describe(client, [first, second]), [[handle, 1], [handle, 2]])
        // Whether the peer has freed the first buffer yet is a race (it frees
        // right after replying), so only what holds either way is checked:
        // one binder has one handle within a transaction, distinct binders distinct ones.
        let again = try describe(client, [second, first, second])
        XCTAssertEqual(again.map { $0[0] }, [handle, handle, handle])
        XCTAssertEqual(again[0][1], again[2][1])
        XCTAssertNotEqual(again[0][1], again[1][1])
        XCTAssertTrue(again.allSatisfy { $0[1] >= 1 })
    }

    func testWeakBinderBecomesWeakHandle() throws {
        let client = try startPeer()
        let weak = ParcelObject.weakBinder(ptr: 0x30, cookie: 0x31, flags: ParcelObject.defaultFlags)
        let described = try describe(client, [weak])
        XCTAssertEqual(described.first?.first, BinderObjectType.weakHandle.rawValue)
        XCTAssertGreaterThanOrEqual(described.first?.last ?? 0, 1)
    }

    func testBinderWithAnotherCookieIsRefused() throws {
        let client = try startPeer()
        let flags = ParcelObject.defaultFlags
        _ = try describe(client, [.binder(ptr: 0x40, cookie: 0x41, flags: flags)])
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x40, cookie: 0x99, flags: flags))
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.describe.rawValue, parcel: parcel)), .failedReply)
    }

    func testOwnerIsToldWhenTheLastReferenceGoes() throws {
        let client = try startPeer()
        client.enqueue { $0.append(.enterLooper) }
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x50, cookie: 0x51, flags: ParcelObject.defaultFlags))
        _ = try client.call(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, parcel: parcel))
        XCTAssertTrue(client.log.contains(.increfs))
        XCTAssertTrue(client.log.contains(.acquire))
        XCTAssertFalse(client.log.contains(.release), "the peer still holds it")
        _ = try client.call(OutgoingTransaction(code: PeerCode.releaseHandle.rawValue))
        while !(client.log.contains(.release) && client.log.contains(.decrefs)) {
            try client.flush()
        }
        let release = try XCTUnwrap(client.log.firstIndex(of: .release))
        let decrefs = try XCTUnwrap(client.log.firstIndex(of: .decrefs))
        XCTAssertLessThan(release, decrefs, "BR_RELEASE comes before BR_DECREFS")
    }
}
