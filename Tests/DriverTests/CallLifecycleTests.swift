// How a call ends when one side misbehaves or goes away, seen from real
// processes: oneway identity, a reader whose buffer cannot take the call,
// a caller killed while its call is being served.

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class CallLifecycleTests: PeerTestCase {
    func testOnewayCallsCarryNoSenderPid() throws {
        let client = try startPeer()
        try client.call(OutgoingTransaction(code: PeerCode.recordSender.rawValue, flags: .oneWay))
        XCTAssertEqual(try records(client, until: 1), [0], "a oneway call has no caller to name")
    }

    /// A read buffer of which only the first `readable` bytes are writable
    /// memory, though it claims to be larger.
    private final class TrapBuffer {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let base: UnsafeMutableRawPointer
        let start: UnsafeMutableRawPointer

        init(readable: Int) throws {
            guard let map = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  map != MAP_FAILED else { throw PeerError(message: "mmap failed") }
            base = map
            guard mprotect(base + page, page, PROT_NONE) == 0 else { throw PeerError(message: "mprotect failed") }
            start = base + page - readable
        }

        deinit { munmap(base, 2 * page) }
    }

    func testCallTheReaderCannotReceiveFailsAndIsFreed() throws {
        let client = try startPeer()
        client.serve = { call in OutgoingTransaction(code: 0, data: call.code == 7 ? [0x42] : []) }
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0x7000, cookie: 0x7001, flags: ParcelObject.defaultFlags))
        let callBack = OutgoingTransaction(code: PeerCode.callBack.rawValue, parcel: parcel)
        guard case .reply(let normal) = try client.call(callBack) else { return XCTFail("no reply") }
        XCTAssertEqual(normal.data, [0x42], "the peer's call back reaches this thread")

        // Again, but this thread reads with a buffer whose memory ends 60
        // bytes in: room for BR_NOOP, ref changes and BR_TRANSACTION_COMPLETE
        // (48 bytes at most), never for a whole BR_TRANSACTION (68 bytes).
        client.enqueue { $0.append(callBack) }
        try client.sendPending()
        let trap = try TrapBuffer(readable: 60)
        var faulted = false
        for _ in 0..<1000 where !faulted {
            var bwr = binder_write_read()
            bwr.read_size = 256
            bwr.read_buffer = binder_uintptr_t(UInt(bitPattern: trap.start))
            do {
                try client.driver.ioctl(.writeRead, &bwr)
            } catch let error as BinderError {
                XCTAssertEqual(error.errno, EFAULT)
                faulted = true
            }
        }
        XCTAssertTrue(faulted, "the read that takes the call back must fail with EFAULT")
        // The peer's call back failed, so it answers ours with no data.
        var reply: ReceivedTransaction?
        while reply == nil {
            for item in try client.driver.writeRead(readCapacity: 512).returns() where item.code == .reply {
                reply = item.transaction()
            }
        }
        XCTAssertEqual(reply?.data, [], "the call back ended in BR_FAILED_REPLY for the peer")
        client.enqueue { $0.appendFreeBuffer(reply!.bufferAddress) }
        guard case .reply(let after) = try client.call(callBack) else { return XCTFail("no reply after the fault") }
        XCTAssertEqual(after.data, [0x42], "both processes work normally afterwards")
    }

    func testCallerKilledWhileItsCallIsServed() throws {
        let client = try startPeer()
        let caller = try PeerProcess(device: devicePath, mode: ["client", String(PeerCode.stall.rawValue)],
                                     firstLine: "calling")
        usleep(200_000)  // usually inside the peer's stall by now; either order is valid
        caller.kill()
        // The peer's reply finds no caller; it must go on serving.
        guard case .reply(let answer) = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [7])) else {
            return XCTFail("the peer stopped serving after its caller died")
        }
        XCTAssertEqual(answer.data, [7])
    }

    func testServiceKilledWhileServingGivesDeadReply() throws {
        let client = try startPeer()
        let pid = try XCTUnwrap(peer).process.processIdentifier
        // Kill it from another thread while this one waits in the call.
        let killer = Thread {
            usleep(300_000)  // usually inside the stall by now; either order gives BR_DEAD_REPLY
            kill(pid, SIGKILL)
        }
        killer.start()
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.stall.rawValue)), .deadReply)
    }

    /// Oneway calls may use only half of the target's buffer space (the
    /// peer maps 1 MiB), so a flood of them cannot starve sync calls.
    func testOnewayCallsGetHalfTheBufferSpace() throws {
        let client = try startPeer()
        let chunk = [UInt8](repeating: 0x5a, count: 60 * 1024)
        var accepted = 0
        // The peer keeps every such buffer: the first is delivered and held,
        // the rest wait on the node, all holding their space.
        while accepted < 20 {
            let outcome = try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: .oneWay, data: chunk))
            guard case .reply = outcome else {
                XCTAssertEqual(outcome, .failedReply)
                break
            }
            accepted += 1
        }
        XCTAssertEqual(accepted, 8, "8 x 60 KiB fit in 512 KiB of oneway space, the 9th does not")
        guard case .reply(let echo) = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: chunk)) else {
            return XCTFail("a sync call must still fit")
        }
        XCTAssertEqual(echo.data.count, chunk.count)
        // Freeing the one delivered buffer makes room for one more.
        _ = try client.call(OutgoingTransaction(code: PeerCode.freeKept.rawValue))
        guard case .reply = try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: .oneWay, data: chunk)) else {
            return XCTFail("freed oneway space is reusable")
        }
    }

    /// With detection on, the oneway call that leaves the target under 10%
    /// of its space while this process holds over a quarter of it is
    /// answered BR_ONEWAY_SPAM_SUSPECT instead of BR_TRANSACTION_COMPLETE, once.
    func testOnewaySpamIsReportedOnce() throws {
        let client = try startPeer()
        try client.driver.enableOnewaySpamDetection(true)
        let chunk = [UInt8](repeating: 0x5b, count: 60 * 1024)
        var answers: [BinderReturn] = []
        for _ in 0..<8 {
            let before = client.log.count
            try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: .oneWay, data: chunk))
            answers += client.log[before...].filter { $0 == .transactionComplete || $0 == .onewaySpamSuspect }
        }
        // 1 MiB mapping: after the 7th call 94 KiB of 512 KiB oneway space
        // is left (under 10% of 1 MiB) and we hold 420 KiB (over 256 KiB).
        let expected = Array(repeating: BinderReturn.transactionComplete, count: 6)
            + [.onewaySpamSuspect, .transactionComplete]
        XCTAssertEqual(answers, expected)
    }
}
