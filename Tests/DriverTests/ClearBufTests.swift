// TF_CLEAR_BUF: the driver zeroes a buffer when it is freed. The freed
// bytes are read through this process's own mapping while a later buffer
// keeps the page in use.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class ClearBufTests: PeerTestCase {
    /// Gets a 512-byte reply (cleared on free or not), then a small one
    /// placed after it, frees the first and returns its old bytes.
    private func freedBytes(clearBuf: Bool) throws -> [UInt8] {
        let client = try startPeer()
        var first = CommandStream()
        first.append(OutgoingTransaction(code: (clearBuf ? PeerCode.echoClearBuf : .echo).rawValue,
                                         data: [UInt8](repeating: 0xab, count: 512)))
        guard case .reply(let big) = try rawCall(client, first, free: false) else {
            XCTFail("no first reply")
            return []
        }
        XCTAssertEqual(big.flags.contains(.clearBuf), clearBuf)
        var second = CommandStream()
        second.append(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1, 2, 3, 4, 5, 6, 7, 8]))
        guard case .reply(let small) = try rawCall(client, second, free: false) else {
            XCTFail("no second reply")
            return []
        }
        XCTAssertEqual(small.bufferAddress, big.bufferAddress + 512, "the second buffer follows the first")
        var free = CommandStream()
        free.appendFreeBuffer(big.bufferAddress)
        _ = try client.driver.writeRead(free)
        let pointer = try XCTUnwrap(UnsafeRawPointer(bitPattern: UInt(big.bufferAddress)))
        let old = Array(UnsafeRawBufferPointer(start: pointer, count: 512))
        free = CommandStream()
        free.appendFreeBuffer(small.bufferAddress)
        _ = try client.driver.writeRead(free)
        return old
    }

    func testClearBufZeroesTheFreedBuffer() throws {
        XCTAssertEqual(try freedBytes(clearBuf: true), [UInt8](repeating: 0, count: 512))
    }

    func testWithoutClearBufTheOldBytesStay() throws {
        XCTAssertEqual(try freedBytes(clearBuf: false), [UInt8](repeating: 0xab, count: 512))
    }
}
