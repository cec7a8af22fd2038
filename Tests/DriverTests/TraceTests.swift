// swbinder's tracepoints (trace system "swbinder"), read as binderctl trace
// reads them: a private tracefs instance, decoded with the generated names.
// A known call sequence must appear in order. binder_linux has its own
// "binder" system instead, so these run on swbinder only.

import BinderABI
import BinderKit
import Foundation
import Glibc
import XCTest

final class TraceTests: PeerTestCase {
    private var isSwbinder: Bool { ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"] == "swbinder" }

    private var peerPID: Int32 { peer!.process.processIdentifier }

    /// Reads events for up to 30 s, until `done` says enough.
    private func collect(_ session: TraceSession, pids: Set<Int32>, until done: ([DecodedEvent]) -> Bool) -> [DecodedEvent] {
        var events: [DecodedEvent] = []
        let deadline = monotonicSeconds() + 30
        while monotonicSeconds() < deadline, !done(events) {
            events += session.next(timeoutMs: 100).map { $0.decoded() }.filter { !$0.pids.isDisjoint(with: pids) }
        }
        return events
    }

    /// Whether `wanted` occurs in `events` in order (a subsequence), each
    /// as (kind, pid, a word of its summary).
    private func inOrder(_ events: [DecodedEvent], _ wanted: [(String, Int32, String)]) -> Bool {
        var next = 0
        for event in events where next < wanted.count {
            let (kind, pid, word) = wanted[next]
            if event.kind == kind, event.pid == pid, event.summary.contains(word) { next += 1 }
        }
        return next == wanted.count
    }

    private func writeParameter(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, text, text.utf8.count) == text.utf8.count
    }

    func testEventsAreListedInTracefs() throws {
        guard isSwbinder else { return }
        let available = Set(TraceSession.availableEvents())
        for event in SwbinderTraceEvents.all {
            XCTAssertTrue(available.contains(event.name), "\(event.name) in tracefs")
        }
    }

    func testACallAppearsDecodedInOrder() throws {
        guard isSwbinder else { return }
        let session = try TraceSession()
        defer { session.close() }
        let client = try startPeer()
        let me = getpid()
        let data = [UInt8](repeating: 3, count: 16)
        for _ in 0..<2 {
            guard case .reply = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data)) else {
                return XCTFail("echo failed")
            }
        }
        let expected: [(String, Int32, String)] = [
            ("command", me, "BC_TRANSACTION"),
            ("buffer_alloc", me, "data 16 B"),
            ("transaction", me, "call id"),
            ("transaction_received", peerPID, "BR_TRANSACTION"),
            ("transaction", peerPID, "reply id"),
            ("transaction_received", me, "BR_REPLY"),
            ("command", me, "BC_FREE_BUFFER"),
            ("buffer_release", me, "freed in pid \(me)"),
        ]
        let events = collect(session, pids: [me, peerPID]) { inOrder($0, expected) }
        XCTAssertTrue(inOrder(events, expected),
                      "call sequence in order; got:\n" + events.map(\.line).joined(separator: "\n"))
        let call = try XCTUnwrap(events.first { $0.kind == "transaction" && $0.pid == me })
        XCTAssertTrue(call.summary.contains("handle 0"), call.summary)
        XCTAssertTrue(call.summary.contains("of pid \(peerPID)"), "handle -> node owner: \(call.summary)")
        XCTAssertTrue(call.summary.contains("code 0x\(String(PeerCode.echo.rawValue, radix: 16))"), call.summary)
        XCTAssertTrue(call.json.contains("\"event\":\"transaction\""), call.json)
    }

    func testAFailureAppearsWithItsBRName() throws {
        guard isSwbinder else { return }
        let session = try TraceSession()
        defer { session.close() }
        let client = try startPeer()
        XCTAssertEqual(try client.call(OutgoingTransaction(handle: 77, code: 5)), .failedReply)
        let me = getpid()
        let events = collect(session, pids: [me]) { $0.contains { $0.kind == "transaction_failed" } }
        let failed = try XCTUnwrap(events.first { $0.kind == "transaction_failed" })
        XCTAssertTrue(failed.summary.contains("BR_FAILED_REPLY"), failed.summary)
        XCTAssertTrue(failed.summary.contains("unresolved"), failed.summary)
    }

    /// Threshold 0 makes every hold of a driver lock fire lock_held_long, so
    /// one call must show the device lock, taken and released by this process.
    func testALockHoldAppearsWithThresholdZero() throws {
        guard isSwbinder else { return }
        let parameter = "/sys/module/swbinder/parameters/lock_held_long_us"
        let saved = try String(contentsOfFile: parameter, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(writeParameter("0", to: parameter), "set \(parameter) to 0")
        defer { XCTAssertTrue(writeParameter(saved, to: parameter), "restore \(parameter) to \(saved)") }
        let session = try TraceSession(events: ["swbinder_lock_held_long"])
        defer { session.close() }
        let client = try startPeer()
        guard case .reply = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1, 2, 3, 4])) else {
            return XCTFail("echo failed")
        }
        let me = getpid()
        let isDeviceLock = { (event: DecodedEvent) in event.kind == "lock_held_long" && event.pid == me && event.summary.hasPrefix("lock device ") }
        let events = collect(session, pids: [me]) { $0.contains(where: isDeviceLock) }
        let hold = try XCTUnwrap(events.first(where: isDeviceLock),
                                 "a device lock hold of pid \(me); got:\n" + events.map(\.line).joined(separator: "\n"))
        XCTAssertNotNil(hold.values["held_us"], hold.json)
        // The site is a function of swbinder (printed by %pS as name+off/size).
        let site = try XCTUnwrap(hold.summary.range(of: "taken at ").map { hold.summary[$0.upperBound...] })
        XCTAssertTrue(site.hasPrefix("swb_") && site.contains("+0x"), "site: \(site)")
    }
}
