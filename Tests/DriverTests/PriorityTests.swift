// Nice-value inheritance: a thread serving a sync call runs at its
// caller's nice value and gets its own back when it replies; an idle
// looper returns to the nice value its process opened the device with.
// Each test runs on its own thread, so no nice value leaks into others.

import BinderABI
import BinderKit
import Glibc
import XCTest

private func ownNice() -> Int32 {
    errno = 0
    return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
}

private func setOwnNice(_ nice: Int32) -> Bool {
    setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) == 0
}

final class PriorityTests: PeerTestCase {
    func testServingThreadRunsAtTheCallersNice() throws {
        _ = try startPeer()  // the peer runs at nice 0
        let device = devicePath!
        let (during, after) = try onNewThread { () throws -> (Int32, Int32) in
            guard setOwnNice(5) else { throw PeerError(message: "setpriority failed") }
            let client = try BinderEndpoint(path: device)
            var during: Int32 = 99
            client.serve = { call in
                if call.code == 7 { during = ownNice() }
                return OutgoingTransaction(code: 0)
            }
            var parcel = ParcelWriter()
            // Default flags: min_priority 0x7f, so the caller's value wins.
            parcel.writeObject(.binder(ptr: 0xd000, cookie: 0xd001, flags: ParcelObject.defaultFlags))
            _ = try client.call(OutgoingTransaction(code: PeerCode.callBack.rawValue, parcel: parcel))
            return (during, ownNice())
        }
        XCTAssertEqual(during, 0, "the call back from a nice-0 caller ran at nice 0")
        XCTAssertEqual(after, 5, "replying restored this thread's own nice value")
    }

    func testIdleLooperReturnsToTheProcsNice() throws {
        let device = devicePath!
        let nice = try onNewThread { () throws -> Int32 in
            let driver = try BinderDriver(path: device, nonBlocking: true)  // opened at nice 0
            guard setOwnNice(7) else { throw PeerError(message: "setpriority failed") }
            var enter = CommandStream()
            enter.append(.enterLooper)
            _ = try? driver.writeRead(enter, readCapacity: 64)
            return ownNice()
        }
        XCTAssertEqual(nice, 0, "a looper waiting for work runs at the proc's default nice")
    }
}
