// File descriptors in transactions: BINDER_TYPE_FD to nodes that accept
// them, in replies with TF_ACCEPT_FDS, installed close-on-exec in the
// receiver's own table when it reads; a receiver with no fd left fails the
// transaction; a failed transaction leaves no file reference behind.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class FileDescriptorTests: PeerTestCase {
    private let fdType = UInt64(BinderObjectType.fd.rawValue)

    func testFdIsInstalledInTheReceiverCloseOnExec() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        let pipe = try Pipe2()
        let message = ObjectMessage()
        message.fd(pipe.writeEnd)
        let described = try words(client.call(message.transaction(handle: handle, code: .describeObjects)))
        XCTAssertEqual(described.count, 4)
        XCTAssertEqual(described.first, fdType)
        XCTAssertEqual(described.dropFirst(2).first, 1, "installed close-on-exec")
        XCTAssertEqual(described.last, pipe.writeInode, "the receiver's fd is the sender's file")
        // The peer closed its copy, so closing ours leaves no writer anywhere.
        pipe.closeWriteEnd()
        XCTAssertTrue(pipe.waitForEOF())
    }

    func testFdToANodeThatDoesNotAcceptFdsFails() throws {
        let client = try startPeer()
        let pipe = try Pipe2()
        let message = ObjectMessage()
        message.fd(pipe.writeEnd)
        // The context manager was set with BINDER_SET_CONTEXT_MGR: no FLAT_BINDER_FLAG_ACCEPTS_FDS.
        XCTAssertEqual(try client.call(message.transaction(handle: 0, code: .describeObjects)), .failedReply)
        pipe.closeWriteEnd()
        XCTAssertFalse(pipe.writerStillOpen, "the refused call kept no reference to the file")
    }

    func testReplyCarriesAnFdOnlyWithTFAcceptFds() throws {
        let client = try startPeer()
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.replyWithFd.rawValue)), .failedReply,
                       "a reply with an fd to a call without TF_ACCEPT_FDS fails")
        let before = ownFdCount()
        guard case .reply(let reply) = try client.call(
            OutgoingTransaction(code: PeerCode.replyWithFd.rawValue, flags: .acceptFds)) else {
            return XCTFail("no reply")
        }
        var parcel = reply.parcel
        guard case .fileDescriptor(let fd, _) = try parcel.readObject() else { return XCTFail("no fd object") }
        let inode = try parcel.readUInt64()
        XCTAssertEqual(ownFdCount(), before + 1, "one fd installed here")
        XCTAssertNotEqual(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0, "close-on-exec")
        var st = stat()
        XCTAssertEqual(fstat(fd, &st), 0)
        XCTAssertEqual(UInt64(st.st_ino), inode, "fd \(fd) is the peer's pipe")
        var text = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(read(fd, &text, 16), 7)
        XCTAssertEqual(String(decoding: text.prefix(7), as: UTF8.self), "peer-fd")
        close(fd)
    }

    func testBadFdFailsTheCallAndReleasesTheObjectsBeforeIt() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        let pipe = try Pipe2()
        let message = ObjectMessage()
        message.binder(ptr: 0x70, cookie: 0x71)
        message.fd(pipe.writeEnd)
        message.fd(-1)
        let before = ownFdCount()
        XCTAssertEqual(try client.call(message.transaction(handle: handle, code: .describeObjects)), .failedReply)
        XCTAssertEqual(ownFdCount(), before)
        pipe.closeWriteEnd()
        XCTAssertFalse(pipe.writerStillOpen, "the file taken for the first fd was put back")
        // The connection and the node still work.
        let again = ObjectMessage()
        let other = try Pipe2()
        again.fd(other.writeEnd)
        XCTAssertEqual(try words(client.call(again.transaction(handle: handle, code: .describeObjects))).last,
                       other.writeInode)
    }

    func testReceiverWithNoFdLeftFailsTheCall() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        let peerFds = try peerFdCount(client)
        _ = try client.call(OutgoingTransaction(code: PeerCode.limitFds.rawValue))
        let pipe = try Pipe2()
        let message = ObjectMessage()
        message.fd(pipe.writeEnd)
        XCTAssertEqual(try client.call(message.transaction(handle: handle, code: .describeObjects)), .failedReply,
                       "the call fails when the receiver cannot take the fd")
        _ = try client.call(OutgoingTransaction(code: PeerCode.unlimitFds.rawValue))
        XCTAssertEqual(try peerFdCount(client), peerFds, "no fd was left behind in the receiver")
        pipe.closeWriteEnd()
        XCTAssertTrue(pipe.waitForEOF(), "the receiver put the file back")
        let other = try Pipe2()
        let again = ObjectMessage()
        again.fd(other.writeEnd)
        XCTAssertEqual(try words(client.call(again.transaction(handle: handle, code: .describeObjects))).last,
                       other.writeInode, "the peer takes fds again once it has room")
    }

    func testCallerWithNoFdLeftGetsAFailedReply() throws {
        let client = try startPeer()
        let before = ownFdCount()
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &saved)
        let lowest = dup(0)
        close(lowest)
        var limited = saved
        limited.rlim_cur = rlim_t(lowest)
        XCTAssertEqual(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limited), 0)
        let outcome = Result { try client.call(OutgoingTransaction(code: PeerCode.replyWithFd.rawValue, flags: .acceptFds)) }
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &saved)
        XCTAssertEqual(try outcome.get(), .failedReply)
        XCTAssertEqual(ownFdCount(), before, "nothing was installed")
        guard case .reply(let reply) = try client.call(
            OutgoingTransaction(code: PeerCode.replyWithFd.rawValue, flags: .acceptFds)) else {
            return XCTFail("no reply once fds are free again")
        }
        var parcel = reply.parcel
        if case .fileDescriptor(let fd, _) = try parcel.readObject() { close(fd) } else { XCTFail("no fd") }
    }

    func testFdArrayIsInstalledAndClosedWhenTheBufferIsFreed() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        let first = try Pipe2(), second = try Pipe2()
        let message = ObjectMessage.padded()
        let parent = message.buffer(bytes(ofWords: [UInt64(UInt32(bitPattern: first.writeEnd)) |
                                                    UInt64(UInt32(bitPattern: second.writeEnd)) << 32]))
        message.fdArray(count: 2, parent: parent, offset: 0)
        let described = try words(callScatterGather(client, message, handle: handle))
        let fda = try XCTUnwrap(described.firstIndex(of: UInt64(BinderObjectType.fda.rawValue)))
        XCTAssertEqual(Array(described[fda...]), [UInt64(BinderObjectType.fda.rawValue), 2,
                                                  described[fda + 2], 1, first.writeInode,
                                                  described[fda + 5], 1, second.writeInode])
        // The peer does not close fd-array fds; the driver does when it frees the buffer.
        first.closeWriteEnd()
        second.closeWriteEnd()
        XCTAssertTrue(first.waitForEOF())
        XCTAssertTrue(second.waitForEOF())
    }

    func testBinderFdInAnFdArrayIsReleasedByTheReceiversFree() throws {
        let client = try startPeer()
        let handle = try fdAcceptingHandle(client)
        var other: BinderDriver? = try openDevice()
        let message = ObjectMessage.padded()
        let parent = message.buffer(bytes(ofWords: [UInt64(UInt32(bitPattern: other!.fd))]))
        message.fdArray(count: 1, parent: parent, offset: 0)
        var commands = CommandStream()
        commands.appendScatterGather(message.transaction(handle: handle, code: .describeObjects, flags: .oneWay),
                                     buffersSize: message.buffersSize)
        let sent = try withExtendedLifetime(message) { try codes(client.driver.writeRead(commands, readCapacity: 256)) }
        XCTAssertTrue(sent.contains(.transactionComplete), "\(sent)")
        // Our copy goes at once, so the peer's fd is normally the last: the
        // peer's BC_FREE_BUFFER then releases a binder file while it is
        // itself inside a binder ioctl (the close waits for its return).
        other = nil
        for value in 0..<3 {
            guard case .reply(let reply) = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [UInt8(value)])) else {
                return XCTFail("the peer stopped serving")
            }
            XCTAssertEqual(reply.data, [UInt8(value)])
        }
    }
}
