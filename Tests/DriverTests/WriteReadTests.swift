// BINDER_WRITE_READ: command stream dispatch, consumed counts, the read
// phase's BR_NOOP, non-blocking reads and bad pointers.

import BinderABI
import Foundation
import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class WriteReadTests: DriverTestCase {
    func testEmptyWriteReadDoesNothing() throws {
        let driver = try openDevice()
        let result = try driver.writeRead()
        XCTAssertEqual(result.writeConsumed, 0)
        XCTAssertEqual(result.readConsumed, 0)
    }

    func testFirstReadOfANewThreadReturnsAtOnceWithNoop() throws {
        let driver = try openDevice()
        let result = try onNewThread { try driver.writeRead(readCapacity: 64) }
        XCTAssertEqual(try codes(result), [.noop])
    }

    func testNonBlockingReadWithNoWorkIsEAGAIN() throws {
        let driver = try openDevice(nonBlocking: true)
        _ = try driver.protocolVersion()  // the thread exists and has nothing to return for
        do {
            _ = try driver.writeRead(readCapacity: 64)
            XCTFail("expected EAGAIN")
        } catch let error as WriteReadError {
            XCTAssertEqual(error.error.errno, EAGAIN)
            XCTAssertEqual(error.partial.readConsumed, 0, "nothing is consumed")
            XCTAssertEqual(Array(error.partial.readBuffer.prefix(4)), bytes(BinderReturn.noop.rawValue),
                           "the driver has already written BR_NOOP")
        }
    }

    func testCommandsAreConsumedOneByOne() throws {
        let driver = try openDevice(nonBlocking: true)
        var stream = CommandStream()
        stream.append(.enterLooper)
        stream.append(.exitLooper)
        let result = try driver.writeRead(stream)
        XCTAssertEqual(result.writeConsumed, 8)
    }

    func testUnknownCommandFailsTheWriteWhereItStands() throws {
        let driver = try openDevice(nonBlocking: true)
        var stream = CommandStream()
        stream.append(.enterLooper)
        stream.appendWord(0x1234)
        stream.append(.exitLooper)
        do {
            _ = try driver.writeRead(stream, readCapacity: 64)
            XCTFail("expected EINVAL")
        } catch let error as WriteReadError {
            XCTAssertEqual(error.error.errno, EINVAL)
            XCTAssertEqual(error.partial.writeConsumed, 4, "consumed stops before the unknown command")
            XCTAssertEqual(error.partial.readConsumed, 0, "the read phase is skipped")
            XCTAssertEqual(error.partial.readBuffer, [UInt8](repeating: 0, count: 64))
        }
    }

    func testCommandCodeWithWrongPayloadSizeIsUnknown() throws {
        let driver = try openDevice(nonBlocking: true)
        var stream = CommandStream()
        // BC_INCREFS's number with an 8-byte payload size.
        stream.appendWord(BinderCommand.increfs.rawValue & ~0x3fff_0000 | 8 << 16)
        stream.appendWord(0)
        stream.appendWord(0)
        assertErrno(EINVAL) { _ = try driver.writeRead(stream) }
    }

    func testCommandsUpstreamNeverSupportedFailWithEINVAL() throws {
        let driver = try openDevice(nonBlocking: true)
        var acquireResult = CommandStream()
        acquireResult.append(.acquireResult, 0)
        assertErrno(EINVAL) { _ = try driver.writeRead(acquireResult) }
        var attemptAcquire = CommandStream()
        attemptAcquire.append(.attemptAcquire, payload: [UInt8](repeating: 0, count: 8))
        assertErrno(EINVAL) { _ = try driver.writeRead(attemptAcquire) }
    }

    func testBadWriteBufferIsEFAULT() throws {
        let driver = try openDevice()
        var bwr = binder_write_read()
        bwr.write_size = 4
        bwr.write_buffer = 8
        assertErrno(EFAULT) { try driver.ioctl(.writeRead, &bwr) }
    }

    func testBadReadBufferIsEFAULT() throws {
        let driver = try openDevice()
        var bwr = binder_write_read()
        bwr.read_size = 64
        bwr.read_buffer = 8
        assertErrno(EFAULT) { try driver.ioctl(.writeRead, &bwr) }
    }

    func testBadWriteReadPointerIsEFAULT() throws {
        let driver = try openDevice()
        assertErrno(EFAULT) { try driver.ioctl(.writeRead, UnsafeMutableRawPointer(bitPattern: 8)) }
    }

    func testWriteStartsAtWriteConsumed() throws {
        let driver = try openDevice(nonBlocking: true)
        var stream = CommandStream()
        stream.appendWord(0x1234)  // skipped: write_consumed already points past it
        stream.append(.enterLooper)
        var words = stream.bytes
        var bwr = binder_write_read()
        try words.withUnsafeMutableBytes { buffer in
            bwr.write_size = binder_size_t(buffer.count)
            bwr.write_consumed = 4
            bwr.write_buffer = binder_uintptr_t(UInt(bitPattern: buffer.baseAddress))
            try driver.ioctl(.writeRead, &bwr)
        }
        XCTAssertEqual(bwr.write_consumed, 8)
    }

    func testSignalInterruptsABlockedReadWithEINTR() throws {
        let driver = try openDevice()
        signal(SIGUSR1) { _ in }  // handled, so it interrupts rather than kills
        let state = BlockedReader()
        let thread = Thread {
            state.start(pthread_self())
            var enter = CommandStream()
            enter.append(.enterLooper)
            do {
                _ = try driver.writeRead(enter, readCapacity: 64)  // a new thread's first read returns
                _ = try driver.writeRead(readCapacity: 64)         // this one sleeps: no work
                state.finish(0)
            } catch let error as WriteReadError {
                state.finish(error.error.errno)
            } catch {
                state.finish(-1)
            }
            state.parked.wait()  // stay alive: the test may still signal this thread
        }
        thread.start()
        while !state.isDone {
            if let tid = state.thread { pthread_kill(tid, SIGUSR1) }
            usleep(50_000)
        }
        state.parked.signal()
        XCTAssertEqual(state.result, EINTR)
    }

    private func bytes(_ word: UInt32) -> [UInt8] {
        withUnsafeBytes(of: word.littleEndian) { Array($0) }
    }
}

/// Shared state of the thread blocked in a read.
private final class BlockedReader: @unchecked Sendable {
    private let lock = NSLock()
    private var tid: pthread_t?
    private var errno: Int32?
    let parked = DispatchSemaphore(value: 0)

    func start(_ thread: pthread_t) { lock.withLock { tid = thread } }
    func finish(_ value: Int32) { lock.withLock { errno = value } }
    var thread: pthread_t? { lock.withLock { tid } }
    var isDone: Bool { lock.withLock { errno != nil } }
    var result: Int32? { lock.withLock { errno } }
}
