// TraceEvent.parse: one trace_pipe line of a swbinder event. The events end
// with the task that fired them (tgid, comm), so the line is read the same
// whether tracefs recorded command names and tgids or not.

@testable import BinderKit
import XCTest

final class TraceEventParseTests: XCTestCase {
    func testTaskComesFromTheEventItself() throws {
        // record-cmd and record-tgid off: the kernel has no name for the tid.
        let line = "           <...>-813     [001] ..... 1234.567890: swbinder_transaction: id=41 from=812:813 "
            + "to=806:0 node=7 handle=1 reply=0 code=0x1 flags=0x0 data=48 offsets=0 extra=0 tgid=812 comm=binder demo-cli"
        let event = try XCTUnwrap(TraceEvent.parse(line))
        XCTAssertEqual(event.name, "transaction")
        XCTAssertEqual(event.task, "binder demo-cli")
        XCTAssertEqual(event.tid, 813)
        XCTAssertEqual(event.pid, 812)
        XCTAssertEqual(event.time, 1234.567890, accuracy: 1e-9)
        XCTAssertEqual(event.fields["id"], "41")
        XCTAssertEqual(event.fields["extra"], "0")
        XCTAssertNil(event.fields["tgid"], "the task's fields are not the event's own")
        XCTAssertNil(event.fields["comm"])
        XCTAssertEqual(event.decoded().pid, 812)
    }

    func testATgidColumnStillCounts() throws {
        // An instance with record-tgid on prints "(tgid)"; an older module's
        // events have no tgid field.
        let line = "  binder-demo-ser-809     (    806) [000] ..... 12.000001: swbinder_return: cmd=0x7201"
        let event = try XCTUnwrap(TraceEvent.parse(line))
        XCTAssertEqual(event.name, "return")
        XCTAssertEqual(event.task, "binder-demo-ser")
        XCTAssertEqual(event.tid, 809)
        XCTAssertEqual(event.pid, 806)
        XCTAssertEqual(event.fields, ["cmd": "0x7201"])
    }

    func testOtherSystemsAndBrokenLinesAreNotEvents() {
        XCTAssertNil(TraceEvent.parse("  bash-1 [000] ..... 1.0: sched_switch: prev_comm=bash"))
        XCTAssertNil(TraceEvent.parse("swbinder_command: cmd=0x1"))
        XCTAssertNil(TraceEvent.parse(""))
    }
}
