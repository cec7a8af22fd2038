// BC_TRANSACTION_SG: BINDER_TYPE_PTR buffers copied after the offsets,
// parent pointer fixups, fd arrays inside them, and upstream's checks:
// parents are earlier PTR objects (CVE-2020-0041), fixups go in ascending
// order, ranges stay inside their parents, an empty fd array may sit at the
// very end of its parent, and a plain BC_TRANSACTION has no room for PTRs.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class ScatterGatherTests: PeerTestCase {
    private let ptrType = UInt64(BinderObjectType.ptr.rawValue)
    private let fdaType = UInt64(BinderObjectType.fda.rawValue)

    /// The describeObjects record of each PTR object: [flags, length, offset, fixed, words...].
    private func buffers(_ described: [UInt64]) -> [[UInt64]] {
        var result: [[UInt64]] = []
        var index = 0
        while index < described.count {
            if described[index] == ptrType, index + 4 < described.count {
                let wordCount = Int((described[index + 2] + 7) / 8)
                result.append(Array(described[(index + 1)..<min(described.count, index + 5 + wordCount)]))
                index += 5 + wordCount
            } else {
                index += 1
            }
        }
        return result
    }

    func testBufferIsCopiedAfterTheOffsets() throws {
        let client = try startPeer()
        let message = ObjectMessage()
        let content = (0..<20).map { UInt8($0 + 1) }
        message.buffer(content)
        let described = try buffers(words(callScatterGather(client, message)))
        XCTAssertEqual(described.count, 1)
        let record = try XCTUnwrap(described.first)
        XCTAssertEqual(record[0], 0, "no flags")
        XCTAssertEqual(record[1], 20)
        XCTAssertEqual(record[2], 40 + 8, "right after the data (40 bytes) and one offset")
        XCTAssertEqual(record[3], 2, "no parent")
        XCTAssertEqual(Array(bytes(ofWords: Array(record[4...])).prefix(20)), content)
    }

    func testReplyScatterGatherCopiesTheBufferIntoTheCallersSpace() throws {
        let client = try startPeer()
        let content: [UInt8] = Array("a reply's own buffer".utf8)
        let call = OutgoingTransaction(code: PeerCode.replyScatterGather.rawValue, data: content)
        var commands = CommandStream()
        commands.append(call)
        guard case .reply(let reply) = try rawCall(client, commands, free: false) else {
            return XCTFail("the BC_REPLY_SG reply did not arrive")
        }
        defer {
            var frees = CommandStream()
            frees.appendFreeBuffer(reply.bufferAddress)
            _ = try? client.driver.writeRead(frees)
        }
        XCTAssertEqual(reply.offsets, [0])
        XCTAssertEqual(reply.data.count, 40, "one binder_buffer_object")
        guard reply.data.count == 40 else { return }
        // The reader of words() refuses to read over an object: decode the object itself.
        let objectWords = stride(from: 0, to: 40, by: 8).map { at in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(reply.data[at + $1]) << (8 * $1) }
        }
        XCTAssertEqual(UInt32(truncatingIfNeeded: objectWords[0]), BinderObjectType.ptr.rawValue)
        XCTAssertEqual(objectWords[2], UInt64(content.count))
        let copy = objectWords[1]
        XCTAssertEqual(copy, reply.bufferAddress + 40 + 8, "right after the data and its one offset")
        guard copy == reply.bufferAddress + 48 else { return }
        let copied = (0..<UInt64(content.count)).map { UnsafeRawPointer(bitPattern: UInt(copy + $0))!.load(as: UInt8.self) }
        XCTAssertEqual(copied, content)
    }

    func testChildAddressIsWrittenIntoItsParent() throws {
        let client = try startPeer()
        let message = ObjectMessage.padded()
        let parent = message.buffer([UInt8](repeating: 0xaa, count: 8) + [UInt8](repeating: 0, count: 8))
        message.buffer([9, 9, 9, 9, 9, 9, 9, 9], parent: (parent, 8))
        let described = try buffers(words(callScatterGather(client, message)))
        XCTAssertEqual(described.count, 2)
        XCTAssertEqual(described[1][0], 1, "HAS_PARENT")
        XCTAssertEqual(described[1][3], 1, "the parent points at the child's copy")
        XCTAssertEqual(described[0][4], 0xaaaa_aaaa_aaaa_aaaa, "bytes before the fixup are the sender's")
        XCTAssertEqual(described[1][4], 0x0909_0909_0909_0909)
    }

    func testBufferObjectInAPlainTransactionFails() throws {
        let client = try startPeer()
        let message = ObjectMessage.padded()
        message.buffer([1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(try client.call(message.transaction(code: .describeObjects)), .failedReply)
    }

    func testBufferLargerThanBuffersSizeFails() throws {
        let client = try startPeer()
        let message = ObjectMessage.padded()
        message.buffer([UInt8](repeating: 1, count: 16))
        XCTAssertEqual(try callScatterGather(client, message, buffersSize: 8), .failedReply)
        XCTAssertEqual(try callScatterGather(client, message, buffersSize: 16).isReply, true,
                       "the same message with room for its buffer goes through")
    }

    func testParentMustBeAnEarlierBufferObject() throws {
        let client = try startPeer()
        let selfParent = ObjectMessage.padded()
        selfParent.buffer([UInt8](repeating: 0, count: 16), parent: (0, 0))
        XCTAssertEqual(try callScatterGather(client, selfParent), .failedReply, "its own index")

        let laterParent = ObjectMessage.padded()
        laterParent.buffer([UInt8](repeating: 0, count: 8), parent: (1, 0))
        laterParent.buffer([UInt8](repeating: 0, count: 16))
        XCTAssertEqual(try callScatterGather(client, laterParent), .failedReply, "a later object (CVE-2020-0041)")

        let binderParent = ObjectMessage.padded()
        binderParent.binder(ptr: 0x90, cookie: 0x91)
        binderParent.buffer([UInt8](repeating: 0, count: 8), parent: (0, 0))
        XCTAssertEqual(try callScatterGather(client, binderParent), .failedReply, "not a buffer object")

        let fdaSelf = ObjectMessage.padded()
        fdaSelf.buffer([UInt8](repeating: 0, count: 8))
        fdaSelf.fdArray(count: 0, parent: 1, offset: 0)
        XCTAssertEqual(try callScatterGather(client, fdaSelf), .failedReply, "an fd array naming itself")
    }

    func testFixupMustLieInsideTheParent() throws {
        let client = try startPeer()
        let atStart = ObjectMessage()
        let first = atStart.buffer([UInt8](repeating: 0, count: 16))
        atStart.buffer([UInt8](repeating: 1, count: 8), parent: (first, 0))
        XCTAssertEqual(try callScatterGather(client, atStart), .failedReply,
                       "upstream never fixes up into an object at data offset 0")
        for (offset, fits) in [(UInt64(9), false), (16, false), (8, true), (0, true)] {
            let message = ObjectMessage.padded()
            let parent = message.buffer([UInt8](repeating: 0, count: 16))
            message.buffer([UInt8](repeating: 1, count: 8), parent: (parent, offset))
            XCTAssertEqual(try callScatterGather(client, message).isReply, fits, "parent offset \(offset)")
        }
    }

    func testFixupsGoInAscendingOrder() throws {
        let client = try startPeer()
        for (order, fits) in [([UInt64(16), 8], false), ([8, 16], true), ([8, 8], false)] {
            let message = ObjectMessage.padded()
            let parent = message.buffer([UInt8](repeating: 0, count: 32))
            for offset in order { message.buffer([UInt8](repeating: 2, count: 8), parent: (parent, offset)) }
            XCTAssertEqual(try callScatterGather(client, message).isReply, fits, "fixups at \(order)")
        }
    }

    func testEmptyFdArrayAtTheEndOfItsParentIsAccepted() throws {
        let client = try startPeer()
        let message = ObjectMessage.padded()
        let parent = message.buffer([UInt8](repeating: 3, count: 16))
        message.fdArray(count: 0, parent: parent, offset: 16)
        let described = try words(callScatterGather(client, message))
        XCTAssertEqual(Array(described.suffix(2)), [fdaType, 0])
    }

    func testFdArrayOutsideItsParentOrUnalignedFails() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        let pipe = try Pipe2()
        let fd = UInt64(UInt32(bitPattern: pipe.writeEnd))
        for (count, offset) in [(UInt64(2), UInt64(4)), (3, 0), (1, 2)] {
            let message = ObjectMessage.padded()
            let parent = message.buffer(bytes(ofWords: [fd | fd << 32]))
            message.fdArray(count: count, parent: parent, offset: offset)
            XCTAssertEqual(try callScatterGather(client, message, handle: handle), .failedReply,
                           "\(count) fds at \(offset)")
        }
        pipe.closeWriteEnd()
        XCTAssertFalse(pipe.writerStillOpen, "no file reference kept by the failed calls")
    }

    func testFailureAfterAnFdArrayReleasesEverything() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        let pipe = try Pipe2()
        let fd = UInt64(UInt32(bitPattern: pipe.writeEnd))
        let message = ObjectMessage.padded()
        message.binder(ptr: 0xa0, cookie: 0xa1)
        let parent = message.buffer(bytes(ofWords: [fd | fd << 32]))
        message.fdArray(count: 2, parent: parent, offset: 0)
        message.buffer([UInt8](repeating: 0, count: 8), parent: (5, 0))  // no object 5
        let before = ownFdCount()
        XCTAssertEqual(try callScatterGather(client, message, handle: handle), .failedReply)
        XCTAssertEqual(ownFdCount(), before)
        pipe.closeWriteEnd()
        XCTAssertFalse(pipe.writerStillOpen, "the fd array's files were put back")
    }
}

extension CallOutcome {
    var isReply: Bool {
        if case .reply = self { return true }
        return false
    }
}
