// Transaction reports over generic netlink (Linux 6.18, family "binder",
// group "report"): a listener joins the group, each kind of failure is
// provoked, and the report is checked field by field. swbinder sends them on
// every kernel (family "binder", or "swbinder" where the kernel's binder
// owns that name: its report_family parameter says which); binder_linux
// only from 6.18 (7.3 here). Which fields are set follows 7.3's binder: the
// target's pid only once the target was resolved, its tid only where a
// thread was chosen (a nested call, a reply), is-reply only for replies.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

/// The calling thread's id (/proc/thread-self is "<pid>/task/<tid>").
private func currentTID() -> Int32 {
    var buffer = [CChar](repeating: 0, count: 64)
    let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
    guard length > 0 else { return -1 }
    let path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return Int32(path.split(separator: "/").last ?? "") ?? -1
}

final class TransactionReportTests: PeerTestCase {
    private var listener: TransactionReportListener?

    override func tearDown() {
        listener = nil
        super.tearDown()
    }

    private var isSwbinder: Bool { ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"] == "swbinder" }

    /// The family the driver under test reports on.
    private var familyName: String {
        if isSwbinder {
            return (try? String(contentsOfFile: "/sys/module/swbinder/parameters/report_family", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        }
        return BinderNetlink.familyName
    }

    /// The context (device name) reports carry.
    private var context: String { String(devicePath.split(separator: "/").last!) }

    /// A listener on the driver's family, or nil where the driver sends no
    /// reports (binder_linux before 6.18: then no such family may exist).
    private func startListener() throws -> TransactionReportListener? {
        guard driverHas(since: BinderNetlink.since) else {
            XCTAssertNil(TransactionReportListener.family(named: BinderNetlink.familyName),
                         "binder_linux before 6.18 has no report family")
            return nil
        }
        let listener = try TransactionReportListener(families: [familyName])
        self.listener = listener
        return listener
    }

    /// The first report from `pid` with `error`, waiting up to 30 s.
    private func report(_ listener: TransactionReportListener, from pid: Int32, error: BinderReturn,
                        code: UInt32? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> TransactionReport? {
        let deadline = monotonicSeconds() + 30
        while monotonicSeconds() < deadline {
            guard let report = try listener.next(timeoutMs: 200) else { continue }
            if report.fromPID == UInt32(pid), report.error == error.rawValue, code == nil || report.code == code {
                return report
            }
        }
        XCTFail("no \(error.name) report from pid \(pid)", file: file, line: line)
        return nil
    }

    private func checkCommon(_ report: TransactionReport, error: BinderReturn, code: UInt32, flags: TransactionFlags,
                             dataSize: Int, fromTID: Int32? = nil,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(report.family, familyName, file: file, line: line)
        XCTAssertEqual(report.error, error.rawValue, file: file, line: line)
        XCTAssertEqual(report.context, context, "context is the device name", file: file, line: line)
        XCTAssertEqual(report.fromTID, UInt32(fromTID ?? currentTID()), file: file, line: line)
        XCTAssertEqual(report.code, code, file: file, line: line)
        XCTAssertEqual(report.flags, flags.rawValue, file: file, line: line)
        XCTAssertEqual(report.dataSize, UInt32(dataSize), file: file, line: line)
    }

    private var peerPID: UInt32 { UInt32(peer!.process.processIdentifier) }

    func testFamilyHasTheReportGroup() throws {
        guard try startListener() != nil else { return }
        let family = try XCTUnwrap(TransactionReportListener.family(named: familyName))
        XCTAssertNotNil(family.groups[BinderNetlinkGroup.report.rawValue], "group \"report\"")
        if isSwbinder {
            // report_family=auto (the default): the kernel's binder sends reports as
            // "binder" from 6.18 on, loaded or not yet, so swbinder leaves it that name.
            XCTAssertEqual(familyName, runningKernel >= BinderNetlink.since ? "swbinder" : "binder")
        }
    }

    func testBadHandleIsReportedWithoutTarget() throws {
        let client = try startPeer()
        guard let listener = try startListener() else { return }
        let data = [UInt8](repeating: 7, count: 24)
        let outcome = try client.call(OutgoingTransaction(handle: 99, code: 0x1234, data: data))
        XCTAssertEqual(outcome, .failedReply)
        guard let report = try report(listener, from: getpid(), error: .failedReply) else { return }
        checkCommon(report, error: .failedReply, code: 0x1234, flags: [], dataSize: 24)
        XCTAssertNil(report.toPID, "the target was never resolved")
        XCTAssertNil(report.toTID)
        XCTAssertFalse(report.isReply)
    }

    func testFrozenTargetAndPendingFrozenAreReported() throws {
        let client = try startPeer()
        guard let listener = try startListener() else { return }
        var info = binder_freeze_info(pid: peerPID, enable: 1, timeout_ms: 10_000)
        try client.driver.ioctl(.freeze, &info)
        defer {
            var thaw = binder_freeze_info(pid: peerPID, enable: 0, timeout_ms: 0)
            try? client.driver.ioctl(.freeze, &thaw)
        }
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1, 2, 3, 4])), .frozenReply)
        if let report = try report(listener, from: getpid(), error: .frozenReply) {
            checkCommon(report, error: .frozenReply, code: PeerCode.echo.rawValue, flags: [], dataSize: 4)
            XCTAssertEqual(report.toPID, peerPID, "the target was resolved")
            XCTAssertNil(report.toTID, "no thread was chosen for a plain sync call")
            XCTAssertFalse(report.isReply)
        }
        try client.call(OutgoingTransaction(code: PeerCode.record.rawValue, flags: .oneWay, data: [0, 0, 0, 0, 9, 9, 9, 9]))
        if let report = try report(listener, from: getpid(), error: .transactionPendingFrozen) {
            checkCommon(report, error: .transactionPendingFrozen, code: PeerCode.record.rawValue, flags: .oneWay, dataSize: 8)
            XCTAssertEqual(report.toPID, peerPID)
            XCTAssertNil(report.toTID)
            XCTAssertFalse(report.isReply)
        }
    }

    func testOutOfBufferSpaceIsReportedWithTarget() throws {
        let client = try startPeer()
        guard let listener = try startListener() else { return }
        // The peer maps 1 MiB: 2 MiB can never fit.
        let data = [UInt8](repeating: 0x5a, count: 2 << 20)
        XCTAssertEqual(try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data)), .failedReply)
        guard let report = try report(listener, from: getpid(), error: .failedReply) else { return }
        checkCommon(report, error: .failedReply, code: PeerCode.echo.rawValue, flags: [], dataSize: 2 << 20)
        XCTAssertEqual(report.toPID, peerPID)
        XCTAssertNil(report.toTID)
        XCTAssertFalse(report.isReply)
    }

    func testDeadContextManagerIsReported() throws {
        let client = try startPeer()
        guard let listener = try startListener() else { return }
        peer?.kill()
        // binder_linux releases a dead proc in a workqueue: until then a call
        // may be queued to it and fail later, without a report. Try until a
        // call fails in the sender's own transaction.
        var found: TransactionReport?
        for attempt in 0..<50 where found == nil {
            let code = 0x7000 + UInt32(attempt)
            XCTAssertEqual(try client.call(OutgoingTransaction(code: code, data: [1, 2])), .deadReply)
            let deadline = monotonicSeconds() + 0.5
            while found == nil, monotonicSeconds() < deadline, let report = try listener.next(timeoutMs: 100) {
                if report.fromPID == UInt32(getpid()), report.code == code { found = report }
            }
        }
        guard let report = found else { return XCTFail("no BR_DEAD_REPLY report") }
        checkCommon(report, error: .deadReply, code: report.code ?? 0, flags: [], dataSize: 2)
        XCTAssertNil(report.toPID, "no context manager: no target")
        XCTAssertNil(report.toTID)
        XCTAssertFalse(report.isReply)
    }

    func testReplyToADeadCallerIsReportedAsReply() throws {
        _ = try startPeer()
        guard let listener = try startListener() else { return }
        let caller = try PeerProcess(device: devicePath, mode: ["client", String(PeerCode.stallLong.rawValue)],
                                     firstLine: "calling")
        // The peer is serving the stalled call (5 s) once it shows as pending.
        let probe = try openDevice()
        var pending = false
        for _ in 0..<3000 where !pending {
            var info = binder_frozen_status_info(pid: peerPID, sync_recv: 0, async_recv: 0)
            try probe.ioctl(.getFrozenInfo, &info)
            pending = info.sync_recv & 2 != 0
            if !pending { usleep(5_000) }
        }
        XCTAssertTrue(pending, "the stalled call reached the peer")
        caller.kill()
        guard let report = try report(listener, from: Int32(peerPID), error: .deadReply) else { return }
        XCTAssertEqual(report.family, familyName)
        XCTAssertEqual(report.context, context)
        XCTAssertTrue(report.isReply, "a reply")
        XCTAssertNotNil(report.fromTID)
        XCTAssertNil(report.toPID, "the caller is gone: no target")
        XCTAssertNil(report.toTID)
    }

    func testSpamReportFields() throws {
        let client = try startPeer()
        guard let listener = try startListener() else { return }
        let data = [UInt8](repeating: 1, count: 8 * 1024)
        var found: TransactionReport?
        for _ in 0..<60 where found == nil {
            try client.call(OutgoingTransaction(code: PeerCode.keepBuffer.rawValue, flags: .oneWay, data: data))
            found = try listener.drain().first { $0.fromPID == UInt32(getpid()) && $0.error == BinderReturn.onewaySpamSuspect.rawValue }
        }
        guard let report = found else { return XCTFail("no BR_ONEWAY_SPAM_SUSPECT report after 60 kept oneway calls") }
        checkCommon(report, error: .onewaySpamSuspect, code: PeerCode.keepBuffer.rawValue, flags: .oneWay, dataSize: data.count)
        XCTAssertEqual(report.toPID, peerPID)
        XCTAssertNil(report.toTID, "oneway: no thread")
        XCTAssertFalse(report.isReply)
    }

    func testNothingIsSentForSuccessfulCalls() throws {
        let client = try startPeer()
        guard let listener = try startListener() else { return }
        for _ in 0..<5 {
            guard case .reply = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1])) else {
                return XCTFail("echo failed")
            }
        }
        let mine = try listener.drain().filter { $0.fromPID == UInt32(getpid()) }
        XCTAssertEqual(mine, [], "successful calls are not reported")
    }
}
