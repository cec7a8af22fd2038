// The pages behind a buffer: the driver maps them into the receiver when
// the buffer is allocated, so reading a received buffer takes no page fault
// per page. Counted with this thread's minor faults (getrusage), which a
// fault on the binder mapping adds to even though it allocates nothing.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class BufferPagesTests: PeerTestCase {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// RUSAGE_THREAD (Linux), which Glibc's Swift overlay does not import.
    private static let rusageThread = __rusage_who_t(1)

    private func minorFaults() -> Int {
        var usage = rusage()
        XCTAssertEqual(getrusage(Self.rusageThread, &usage), 0)
        return usage.ru_minflt
    }

    func testAReceivedBufferIsMappedBeforeItIsRead() throws {
        let client = try startPeer()
        let pages = 16, pageSize = Self.pageSize
        var call = CommandStream()
        call.append(OutgoingTransaction(code: PeerCode.echo.rawValue,
                                        data: [UInt8](repeating: 0x5a, count: pages * pageSize)))
        // The first reply to a fresh mapping: its pages were never mapped before.
        guard case .reply(let reply) = try rawCall(client, call, free: false) else {
            XCTFail("no reply")
            return
        }
        let bytes = try XCTUnwrap(UnsafePointer<UInt8>(bitPattern: UInt(reply.bufferAddress)))
        let before = minorFaults()
        var sum = 0
        for page in 0..<pages {
            sum += Int(bytes[page * pageSize])
        }
        let faults = minorFaults() - before
        XCTAssertEqual(sum, pages * 0x5a, "the reply holds what was sent")
        XCTAssertLessThan(faults, pages / 2, "reading the reply faulted its pages in one at a time")
        var free = CommandStream()
        free.appendFreeBuffer(reply.bufferAddress)
        _ = try client.driver.writeRead(free)
    }
}
