// Host tests of command encoding and return decoding.

import BinderABI
@testable import BinderKit
import XCTest

final class CommandStreamTests: XCTestCase {
    func testCommandsEncodeAsCodeThenPayload() {
        var stream = CommandStream()
        stream.append(.enterLooper)
        stream.append(.increfs, 7)
        XCTAssertEqual(stream.bytes, [0x0c, 0x63, 0, 0, 0x04, 0x63, 0x04, 0x40, 7, 0, 0, 0])
    }

    func testReturnsDecodeWithTheirPayloads() throws {
        var bytes: [UInt8] = [0x0c, 0x72, 0, 0]  // BR_NOOP
        bytes += [0x0f, 0x72, 0x08, 0x80] + [1, 2, 3, 4, 5, 6, 7, 8]  // BR_DEAD_BINDER cookie
        let items = try ReturnStream.decode(bytes)
        XCTAssertEqual(items.map(\.code), [.noop, .deadBinder])
        XCTAssertEqual(items[1].payload, [1, 2, 3, 4, 5, 6, 7, 8])
    }

    func testErrorIsABareCodeAsDriversWriteIt() throws {
        // BR_NOOP, BR_ERROR (no int after it), BR_TRANSACTION_COMPLETE
        let bytes: [UInt8] = [0x0c, 0x72, 0, 0, 0x00, 0x72, 0x04, 0x80, 0x06, 0x72, 0, 0]
        XCTAssertEqual(try ReturnStream.decode(bytes).map(\.code), [.noop, .error, .transactionComplete])
    }

    func testUnknownAndTruncatedReturnsAreErrors() {
        XCTAssertThrowsError(try ReturnStream.decode([0xff, 0xff, 0xff, 0xff])) { error in
            XCTAssertEqual(error as? ReturnStreamError, .unknownCode(0xffff_ffff, offset: 0))
        }
        XCTAssertThrowsError(try ReturnStream.decode([0x0f, 0x72, 0x08, 0x80, 1, 2])) { error in
            XCTAssertEqual(error as? ReturnStreamError, .truncated(.deadBinder, offset: 0))
        }
        XCTAssertThrowsError(try ReturnStream.decode([0x0c, 0x72])) { error in
            XCTAssertEqual(error as? ReturnStreamError, .partialCode(offset: 0))
        }
    }

    func testEveryCommandPayloadSizeComesFromItsCode() {
        XCTAssertEqual(BinderCommand.transaction.payloadSize, 64)
        XCTAssertEqual(BinderCommand.transactionSg.payloadSize, 72)
        XCTAssertEqual(BinderCommand.requestDeathNotification.payloadSize, 12)
        XCTAssertEqual(BinderReturn.transactionSecCtx.payloadSize, 72)
    }
}
