// Allocation failure, provoked on purpose (issue 14, item 2). swbinder asks
// its own fault attribute (debugfs swbinder/fail_alloc, kmod/fault_inject.c)
// before every allocation it makes for userspace; these tests make the 1st,
// 2nd, 3rd, ... allocation of one thread fail in turn, until a run makes no
// allocation fail, and check each time that the caller got what upstream
// gives for that failure, that nothing was left behind and that the next
// call works. Only swbinder has the attribute, and only on kernels with the
// fault-injection framework (the debug kernel, 7.3); elsewhere they skip.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

final class AllocationFailureTests: PeerTestCase {
    private let attribute = FailAlloc()
    /// What every step must leave as it found it.
    private let kinds = ["node", "ref", "death", "freeze", "transaction", "transaction_complete", "buffer"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"] == "swbinder" else {
            throw XCTSkip("allocation-failure injection is swbinder's own (debugfs swbinder/fail_alloc)")
        }
        guard attribute.exists else {
            throw XCTSkip("no \(attribute.directory): this kernel has no fault-injection framework for modules")
        }
    }

    override func tearDown() {
        attribute.disarm()
        super.tearDown()
    }

    /// open, mmap and the first ioctl of a thread: each allocation failure
    /// is that system call failing with ENOMEM, as upstream.
    func testOpenMapAndFirstIoctlFailCleanly() throws {
        let stats = DriverStats()
        let baseline = try stats.active()
        var outcomes: [String] = []
        for nth in 1...32 {
            let outcome = try onNewThread { [attribute, devicePath] () -> String in
                attribute.arm(nth: nth)
                defer { attribute.disarm() }
                let driver: BinderDriver
                do { driver = try BinderDriver(path: devicePath!) } catch let e as BinderError { return "open errno \(e.errno)" }
                do { _ = try driver.map(size: 128 * 1024) } catch let e as BinderError { return "mmap errno \(e.errno)" }
                var version = binder_version()
                do { try driver.ioctl(.version, &version) } catch let e as BinderError { return "ioctl errno \(e.errno)" }
                return "ok"
            }
            let fired = attribute.fired
            outcomes.append("\(nth): \(outcome)")
            XCTAssertEqual(try stats.settle(to: baseline, kinds: kinds + ["proc", "thread"]).count, 0,
                           "left behind after failing allocation \(nth) (\(outcome))")
            if !fired {
                XCTAssertEqual(outcome, "ok", "no allocation failed, yet \(outcome)")
                break
            }
            XCTAssertTrue(outcome.hasSuffix("errno \(ENOMEM)"), "allocation \(nth) failed: \(outcome)")
        }
        print("AllocationFailureTests open/mmap/ioctl walk: \(outcomes.joined(separator: "; "))")
        XCTAssertGreaterThanOrEqual(outcomes.count, 4, "proc, pages, buffer, thread: \(outcomes)")
        XCTAssertEqual(outcomes.last?.hasSuffix("ok"), true, "the walk never reached a clean run: \(outcomes)")
    }

    /// One write carrying a death notification request and a call with a
    /// binder, a handle, an fd and an fd array in a scatter-gather buffer,
    /// made by a thread new to the driver. A failed allocation is, by site:
    /// the thread: the ioctl fails with ENOMEM; the death notification:
    /// BR_ERROR, and the rest of the write is not consumed; anything of the
    /// call (transaction, its completion, buffer, pages, node, ref, fd
    /// fixups): BR_FAILED_REPLY with extended error -ENOMEM.
    func testCallFailsCleanlyAtEachAllocation() throws {
        let stats = DriverStats()
        let pipe = try Pipe2()
        _ = try startPeer()
        let baseline = try stats.active()
        var outcomes: [String] = []
        var covered = Set<String>()
        for nth in 1...64 {
            // Everything of the step lives in here: the client is closed before the counts are read.
            let step = try callStep(failing: nth, sending: pipe.writeEnd)
            let fired = attribute.fired
            outcomes.append("\(nth): \(step.summary)")
            if fired {
                covered.insert(step.kind)
                XCTAssertTrue(step.isUpstreamFailure, "allocation \(nth) failed: \(step.summary)")
            } else {
                XCTAssertEqual(step.kind, "reply", "no allocation failed, yet \(step.summary)")
            }
            XCTAssertEqual(try stats.settle(to: baseline, kinds: kinds).count, 0,
                           "left behind after failing allocation \(nth) (\(step.summary))")
            if !fired { break }
        }
        print("AllocationFailureTests call walk: \(outcomes.joined(separator: "; "))")
        XCTAssertEqual(outcomes.last.map { $0.hasSuffix("reply") }, true, "never a clean run: \(outcomes)")
        XCTAssertEqual(covered, ["errno", "BR_ERROR", "BR_FAILED_REPLY"], "outcomes: \(outcomes)")
        // And the peer still answers.
        let client = try BinderEndpoint(path: devicePath)
        XCTAssertTrue(try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue)).isReply)
        pipe.closeWriteEnd()
    }

    /// A new client (set up with nothing failing: this call is also "the
    /// next call works") makes the call on a new thread with allocation
    /// `nth` of that thread failing.
    private func callStep(failing nth: Int, sending fd: Int32) throws -> CallStep {
        let client = try BinderEndpoint(path: devicePath)
        let handle = try fdAcceptingHandle(client)
        let message = ObjectMessage.padded()
        message.binder(ptr: 0xa110c, cookie: 0xa110d)
        message.handle(handle)
        message.fd(fd)
        let word = UInt64(UInt32(bitPattern: fd))
        let parent = message.buffer(bytes(ofWords: [word | word << 32]))
        message.fdArray(count: 2, parent: parent, offset: 0)
        var stream = CommandStream()
        stream.append(.requestDeathNotification, handle: handle, cookie: 0xdead)
        let deathSize = stream.bytes.count
        stream.appendScatterGather(message.transaction(handle: handle, code: .describeObjects),
                                   buffersSize: message.buffersSize)
        let commands = stream
        let driver = client.driver
        let attribute = self.attribute
        // The peer's free pages go back, so the call allocates them again.
        dropCaches()
        return try withExtendedLifetime(message) {
            try onNewThread {
                try CallStep.run(driver, commands, deathSize: deathSize, arm: { attribute.arm(nth: nth) },
                                 disarm: { attribute.disarm() })
            }
        }
    }

    private func dropCaches() {
        let fd = open("/proc/sys/vm/drop_caches", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "2", 1)
        close(fd)
    }
}

/// What one failure step of the call walk saw, on the thread that made it.
private struct CallStep {
    var kind = ""
    var summary = ""
    var isUpstreamFailure = false

    static func run(_ driver: BinderDriver, _ commands: CommandStream, deathSize: Int,
                    arm: () -> Void, disarm: () -> Void) throws -> CallStep {
        var step = CallStep()
        var next = commands
        var consumed = 0
        arm()
        defer { disarm() }
        do {
            reading: while true {
                let result = try driver.writeRead(next, readCapacity: 512)
                if consumed == 0 { consumed = result.writeConsumed }
                next = CommandStream()
                for item in try result.returns() {
                    switch item.code {
                    case .error:
                        step.kind = "BR_ERROR"
                        step.summary = "BR_ERROR, \(consumed) of \(commands.bytes.count) bytes consumed"
                        // Upstream stops the write at the failed command.
                        step.isUpstreamFailure = consumed == deathSize
                        break reading
                    case .failedReply:
                        disarm()
                        let extended = try driver.extendedError()
                        step.kind = "BR_FAILED_REPLY"
                        step.summary = "BR_FAILED_REPLY \(extended.param)"
                        step.isUpstreamFailure = extended.command == BinderReturn.failedReply.rawValue &&
                            extended.param == -ENOMEM
                        break reading
                    case .deadReply:
                        step.kind = "BR_DEAD_REPLY"
                        step.summary = "BR_DEAD_REPLY"
                        break reading
                    case .reply:
                        step.kind = "reply"
                        step.summary = "reply"
                        break reading
                    default:
                        break
                    }
                }
            }
        } catch let error as WriteReadError {
            step.kind = "errno"
            step.summary = "errno \(error.error.errno)"
            step.isUpstreamFailure = error.error.errno == ENOMEM
        }
        return step
    }
}

/// swbinder's fault attribute: fails the Nth allocation made by the
/// threads marked in /proc/thread-self/make-it-fail (see kmod/fault_inject.c).
struct FailAlloc: Sendable {
    let directory = "/sys/kernel/debug/swbinder/fail_alloc"

    var exists: Bool { access(directory, F_OK) == 0 }

    /// Whether the armed failure happened ("times" went from 1 to 0).
    var fired: Bool { read("times") == "0" }

    /// The calling thread's Nth allocation from now fails, once.
    func arm(nth: Int) {
        write("verbose", "0")
        write("task-filter", "Y")
        write("interval", "1")
        write("times", "1")
        write("space", "\(nth)")
        write("probability", "100")
        Self.markThread("1")
    }

    func disarm() {
        Self.markThread("0")
        write("probability", "0")
    }

    private static func markThread(_ value: String) {
        let fd = open("/proc/thread-self/make-it-fail", O_WRONLY)
        guard fd >= 0 else { return }
        _ = Glibc.write(fd, value, value.utf8.count)
        close(fd)
    }

    private func write(_ name: String, _ value: String) {
        let fd = open("\(directory)/\(name)", O_WRONLY)
        guard fd >= 0 else { return }
        _ = Glibc.write(fd, value, value.utf8.count)
        close(fd)
    }

    private func read(_ name: String) -> String {
        (try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
