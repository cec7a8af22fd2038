// Introspection: BINDER_GET_NODE_DEBUG_INFO, BINDER_GET_NODE_INFO_FOR_REF,
// and the debugfs files (state, transactions, proc/<pid>, stats and the two
// transaction logs) read with one parser on swbinder and binder_linux.
// Everything runs in this process: a context manager and a client, each
// its own binder proc.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

/// The context manager in this process (ptr 0x1000, cookie 0x2000) and a
/// client in a child process (see ForkedProc) that sends it `binders` in one
/// oneway call: step 1 sends, step 2 reads what the driver tells the client
/// (BR_INCREFS, BR_ACQUIRE, ...), step 3 acknowledges with the DONE commands.
final class ManagerAndClient {
    static let managerPtr: UInt64 = 0x1000
    static let managerCookie: UInt64 = 0x2000
    let manager: BinderDriver
    let mapping: BinderMapping
    let client = ForkedProc()

    init(_ test: DriverTestCase, binders: [(ptr: UInt64, cookie: UInt64)] = [], code: UInt32 = 1) throws {
        manager = try test.openDevice(nonBlocking: true)
        mapping = try manager.map(size: 128 * 1024)
        // flat_binder_object: type, flags, binder, cookie.
        var object: [UInt64] = [UInt64(BinderObjectType.binder.rawValue), Self.managerPtr, Self.managerCookie]
        try retryWhileBusy { try manager.ioctl(.setContextMgrExt, &object) }

        var parcel = ParcelWriter()
        for binder in binders {
            parcel.writeObject(.binder(ptr: binder.ptr, cookie: binder.cookie, flags: ParcelObject.defaultFlags))
        }
        var send = CommandStream()
        send.append(OutgoingTransaction(handle: 0, code: code, flags: .oneWay, parcel: parcel))
        client.addWriteRead(send)
        client.addWriteRead(CommandStream(), readCapacity: 1024)
        var done = CommandStream()
        for binder in binders {
            done.append(.increfsDone, ptr: binder.ptr, cookie: binder.cookie)
            done.append(.acquireDone, ptr: binder.ptr, cookie: binder.cookie)
        }
        client.addWriteRead(done)
        try client.start(device: test.devicePath, mapSize: 0)
    }

    /// The manager enters the looper and reads until the transaction comes.
    func receive() throws -> ReceivedTransaction {
        var stream = CommandStream()
        stream.append(.enterLooper)
        for _ in 0..<10 {
            let items = try manager.writeRead(stream, readCapacity: 512).returns()
            stream = CommandStream()
            if let transaction = items.lazy.compactMap({ $0.transaction() }).first {
                return transaction
            }
        }
        throw PeerError(message: "the manager never got the transaction")
    }

    /// The handles the received objects became, in order.
    static func handles(_ transaction: ReceivedTransaction) -> [UInt32] {
        transaction.offsets.map { offset in
            let at = Int(offset) + 8
            return transaction.data[at..<at + 4].enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) }
        }
    }
}

/// A previous test's context manager may still be going away (binder_linux
/// releases closed files from a workqueue): retry EBUSY, boundedly.
func retryWhileBusy(_ body: () throws -> Void) throws {
    for attempt in 1...1000 {
        do {
            try body()
            return
        } catch let error as BinderError where error.errno == EBUSY && attempt < 1000 {
            usleep(20_000)
        }
    }
}

/// Everything `driver` can read now, without blocking.
func drain(_ driver: BinderDriver) throws -> [ReturnItem] {
    var all: [ReturnItem] = []
    for _ in 0..<10 {
        do {
            let items = try driver.writeRead(readCapacity: 1024).returns()
            all += items
            if items.allSatisfy({ $0.code == .noop }) { break }
        } catch let error as WriteReadError where error.error.errno == EAGAIN {
            break
        }
    }
    return all
}

func nodeDebugInfo(_ driver: BinderDriver, after ptr: UInt64, cookie: UInt64 = 0) throws -> binder_node_debug_info {
    var info = binder_node_debug_info()
    info.ptr = ptr
    info.cookie = cookie
    info.has_strong_ref = 7
    info.has_weak_ref = 7
    try driver.ioctl(.getNodeDebugInfo, &info)
    return info
}

func nodeInfo(_ driver: BinderDriver, handle: UInt32, strong: UInt32 = 0, weak: UInt32 = 0,
              reserved: UInt32 = 0) throws -> (strong: UInt32, weak: UInt32) {
    var info = binder_node_info_for_ref()
    info.handle = handle
    info.strong_count = strong
    info.weak_count = weak
    info.reserved3 = reserved
    try driver.ioctl(.getNodeInfoForRef, &info)
    XCTAssertEqual(info.handle, handle, "the handle comes back unchanged")
    XCTAssertEqual([info.reserved1, info.reserved2, info.reserved3], [0, 0, 0])
    return (info.strong_count, info.weak_count)
}

final class NodeInfoTests: DriverTestCase {
    func testNodeDebugInfoOfTheContextManagerNode() throws {
        let procs = try ManagerAndClient(self)
        let mgr = try nodeDebugInfo(procs.manager, after: 0)
        XCTAssertEqual([mgr.ptr, mgr.cookie], [ManagerAndClient.managerPtr, ManagerAndClient.managerCookie])
        XCTAssertEqual([mgr.has_strong_ref, mgr.has_weak_ref], [1, 1], "the context manager node is held from the start")
        XCTAssertEqual(try nodeDebugInfo(procs.manager, after: 0xfff).ptr, 0x1000)
        let none = try nodeDebugInfo(procs.manager, after: 0x1000, cookie: 0x55)
        XCTAssertEqual([none.ptr, none.cookie], [0, 0], "only ptrs greater than the one given; all zeros, input ignored")
        XCTAssertEqual([none.has_strong_ref, none.has_weak_ref], [0, 0])
        assertErrno(EFAULT) { try procs.manager.ioctl(.getNodeDebugInfo, UnsafeMutableRawPointer(bitPattern: 8)) }
    }

    func testNodeDebugInfoWalksTheCallersNodesInPtrOrder() throws {
        let owner = try openDevice(nonBlocking: true)
        let none = try nodeDebugInfo(owner, after: 0, cookie: 0x55)
        XCTAssertEqual([none.ptr, none.cookie, UInt64(none.has_strong_ref), UInt64(none.has_weak_ref)], [0, 0, 0, 0],
                       "no node: all zeros")
        // The context manager in a child; it never reads, so the refs stay.
        let manager = ForkedProc()
        for _ in 0..<1000 { manager.addIoctl(.setContextMgr, bytes: [0, 0, 0, 0]) }
        try manager.start(device: devicePath, mapSize: 128 * 1024)
        var status = manager.step()
        for _ in 0..<999 where status == EBUSY {
            usleep(20_000)
            status = manager.step()
        }
        XCTAssertEqual(status, 0, "the child became context manager")

        var parcel = ParcelWriter()
        for (ptr, cookie) in [(0x300, 0x301), (0x100, 0x101), (0x200, 0x201)] as [(UInt64, UInt64)] {
            parcel.writeObject(.binder(ptr: ptr, cookie: cookie, flags: ParcelObject.defaultFlags))
        }
        var stream = CommandStream()
        stream.append(OutgoingTransaction(handle: 0, code: 1, flags: .oneWay, parcel: parcel))
        _ = try owner.writeRead(stream)
        var walked: [[UInt64]] = []
        var ptr: UInt64 = 0
        for _ in 0..<10 {
            let info = try nodeDebugInfo(owner, after: ptr)
            if info.ptr == 0 { break }
            walked.append([info.ptr, info.cookie, UInt64(info.has_strong_ref), UInt64(info.has_weak_ref)])
            ptr = info.ptr
        }
        XCTAssertEqual(walked, [[0x100, 0x101, 0, 0], [0x200, 0x201, 0, 0], [0x300, 0x301, 0, 0]],
                       "ptr order; the owner has not read BR_INCREFS/BR_ACQUIRE yet")
        XCTAssertEqual(try nodeDebugInfo(owner, after: 0x250).ptr, 0x300)

        let told = try drain(owner).map(\.code)
        XCTAssertEqual(told.filter { $0 == .increfs }.count, 3)
        XCTAssertEqual(told.filter { $0 == .acquire }.count, 3)
        let after = try nodeDebugInfo(owner, after: 0x1ff)
        XCTAssertEqual([after.ptr, UInt64(after.has_strong_ref), UInt64(after.has_weak_ref)], [0x200, 1, 1],
                       "has_strong_ref/has_weak_ref once the owner was told")
        manager.finish()
    }

    func testNodeInfoForRefIsForTheContextManagerOnly() throws {
        let lone = try openDevice(nonBlocking: true)
        assertErrno(EPERM, "no context manager at all") { _ = try nodeInfo(lone, handle: 1) }
        let procs = try ManagerAndClient(self)
        assertErrno(EPERM, "not the context manager") { _ = try nodeInfo(lone, handle: 0) }
        assertErrno(EINVAL, "fields are checked before the caller") { _ = try nodeInfo(lone, handle: 0, strong: 1) }
        assertErrno(EINVAL, "handle 0 is the manager's own node") { _ = try nodeInfo(procs.manager, handle: 0) }
        assertErrno(EINVAL, "no such handle") { _ = try nodeInfo(procs.manager, handle: 7) }
        assertErrno(EINVAL, "strong_count must be 0") { _ = try nodeInfo(procs.manager, handle: 7, strong: 1) }
        assertErrno(EINVAL, "weak_count must be 0") { _ = try nodeInfo(procs.manager, handle: 7, weak: 1) }
        assertErrno(EINVAL, "reserved must be 0") { _ = try nodeInfo(procs.manager, handle: 7, reserved: 1) }
        assertErrno(EFAULT) { try procs.manager.ioctl(.getNodeInfoForRef, UnsafeMutableRawPointer(bitPattern: 8)) }
    }

    func testNodeInfoForRefCountsTheNodeBehindAHandle() throws {
        let procs = try ManagerAndClient(self, binders: [(0x500, 0x501)])
        XCTAssertEqual(procs.client.step(), 0, "the client sent its binder")
        let received = try procs.receive()
        let handle = try XCTUnwrap(ManagerAndClient.handles(received).first)
        XCTAssertGreaterThanOrEqual(handle, 1)

        var counts = try nodeInfo(procs.manager, handle: handle)
        XCTAssertEqual([counts.strong, counts.weak], [1, 0], "one strong ref (the manager's); the owner not told yet")
        XCTAssertEqual(procs.client.step(), 0, "the client read BR_INCREFS/BR_ACQUIRE")
        counts = try nodeInfo(procs.manager, handle: handle)
        XCTAssertEqual([counts.strong, counts.weak], [2, 1], "local refs until the owner acknowledges")
        XCTAssertEqual(procs.client.step(), 0, "the client acknowledged")
        counts = try nodeInfo(procs.manager, handle: handle)
        XCTAssertEqual([counts.strong, counts.weak], [1, 0], "acknowledged")

        var keep = CommandStream()
        keep.append(.acquire, handle)
        keep.appendFreeBuffer(received.bufferAddress)
        _ = try procs.manager.writeRead(keep)
        counts = try nodeInfo(procs.manager, handle: handle)
        XCTAssertEqual([counts.strong, counts.weak], [1, 0], "the handle, not the buffer, holds it now")

        var weaken = CommandStream()
        weaken.append(.increfs, handle)
        weaken.append(.release, handle)
        _ = try procs.manager.writeRead(weaken)
        assertErrno(EINVAL, "a weak-only handle") { _ = try nodeInfo(procs.manager, handle: handle) }
    }
}

final class DebugfsTests: DriverTestCase {
    private var debugfs: BinderDebugfs!
    private var context: String { (devicePath as NSString).lastPathComponent }
    private var tid: Int32 {
        // "/proc/thread-self" links to "<pid>/task/<tid>".
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
        return Int32(link.split(separator: "/").last ?? "") ?? -1
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        debugfs = BinderDebugfs(driver: ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"])
    }

    /// Manager with one pending oneway call from the client carrying binder 0x700.
    private func pendingCall() throws -> ManagerAndClient {
        let procs = try ManagerAndClient(self, binders: [(0x700, 0x701)], code: 0x42)
        XCTAssertEqual(procs.client.step(), 0, "the client sent its call")
        XCTAssertEqual(procs.client.step(), 0, "the client read what it was told")
        return procs
    }

    private func block(in procs: [ProcBlock], withNode ptr: UInt64, file: StaticString = #filePath,
                       line: UInt = #line) throws -> ProcBlock {
        let found = procs.filter { $0.nodes().contains { $0.ptr == ptr } }
        XCTAssertEqual(found.count, 1, "one proc owns node \(ptr)", file: file, line: line)
        return try XCTUnwrap(found.first, file: file, line: line)
    }

    func testStateShowsProcsThreadsNodesRefsBuffersAndPendingWork() throws {
        let procs = try pendingCall()
        let (header, blocks) = ProcBlock.split(try debugfs.read("state"))
        XCTAssertEqual(header.first, "binder state:")

        let manager = try block(in: blocks, withNode: ManagerAndClient.managerPtr)
        let client = try block(in: blocks, withNode: 0x700)
        XCTAssertEqual([manager.pid, client.pid], [getpid(), procs.client.pid])
        for (proc, thread) in [(manager, tid), (client, procs.client.pid)] {
            XCTAssertEqual(proc.context, context)
            XCTAssertTrue(proc.lines.contains { $0.hasPrefix("  thread \(thread): l ") && $0.contains(" need_return ") },
                          "its thread is listed: \(proc.lines)")
        }
        let mgrNode = try XCTUnwrap(manager.nodes().first)
        XCTAssertEqual([mgrNode.cookie, UInt64(mgrNode.hs), UInt64(mgrNode.hw)], [ManagerAndClient.managerCookie, 1, 1])

        let clientNode = try XCTUnwrap(client.nodes().first)
        XCTAssertEqual(clientNode.cookie, 0x701)
        XCTAssertEqual(clientNode.internalStrong, 1)
        XCTAssertEqual(clientNode.refs, 1)
        XCTAssertEqual(clientNode.refProcs, [getpid()], "the manager's proc holds the ref")

        let ref = try XCTUnwrap(manager.refs().first)
        XCTAssertEqual(ref.node, clientNode.debugID, "the ref names the client's node by debug id")
        XCTAssertEqual([ref.desc, UInt32(ref.strong), UInt32(ref.weak)], [1, 1, 0])
        XCTAssertFalse(ref.dead)

        let buffer = try XCTUnwrap(manager.buffers().first)
        XCTAssertEqual([buffer.dataSize, buffer.offsetsSize, buffer.extraSize], [24, 8, 0])
        XCTAssertTrue(buffer.active, "the transaction still owns it")

        let pending = try XCTUnwrap(manager.transactions("  pending transaction").first, "\(manager.lines)")
        // binder_linux on 6.1 names only a sender that waits for the reply (0:0 for
        // oneway); 6.12 keeps every sender's pid and tid, and swbinder prints as 6.12.
        let sender = debugfs.isBinderLinux && kernelBefore(6, 12) ? 0 : procs.client.pid
        XCTAssertEqual([pending.fromPID, pending.fromTID, pending.toPID, pending.toTID], [sender, sender, getpid(), 0])
        XCTAssertEqual([pending.code, pending.flags], [0x42, TransactionFlags.oneWay.rawValue])
        XCTAssertFalse(pending.needReply)
        XCTAssertEqual(pending.node, mgrNode.debugID)
        XCTAssertEqual([pending.dataSize, pending.offsetsSize], [24, 8])
        withExtendedLifetime(procs) {}
    }

    func testStateListsANodeWhoseOwnerDiedUnderDeadNodes() throws {
        let procs = try ManagerAndClient(self, binders: [(0x900, 0x901)])
        XCTAssertEqual(procs.client.step(), 0, "the client sent its binder")
        let received = try procs.receive()
        let handle = try XCTUnwrap(ManagerAndClient.handles(received).first)
        var keep = CommandStream()
        keep.append(.acquire, handle)
        keep.appendFreeBuffer(received.bufferAddress)
        _ = try procs.manager.writeRead(keep)
        procs.client.finish()
        // binder_linux releases a closed proc from a workqueue: wait for it, boundedly.
        var header: [String] = []
        var blocks: [ProcBlock] = []
        for _ in 0..<3000 {
            (header, blocks) = ProcBlock.split(try debugfs.read("state"))
            if header.contains("dead nodes:") { break }
            usleep(10_000)
        }
        XCTAssertEqual(Array(header.prefix(2)), ["binder state:", "dead nodes:"])
        let dead = header.dropFirst(2).compactMap(NodeLine.init).filter { $0.ptr == 0x900 }
        XCTAssertEqual(dead.count, 1, "listed once: \(header)")
        XCTAssertEqual(dead.first?.cookie, 0x901)
        XCTAssertEqual(dead.first?.refProcs, [getpid()])
        XCTAssertFalse(blocks.contains { $0.nodes().contains { $0.ptr == 0x900 } }, "no proc owns it any more")
        let manager = try block(in: blocks, withNode: ManagerAndClient.managerPtr)
        let ref = try XCTUnwrap(manager.refs().first { $0.desc == handle })
        XCTAssertTrue(ref.dead, "the ref says dead node")
        XCTAssertEqual(ref.node, dead.first?.debugID)
    }

    func testTransactionsListsOnlyProcsWithWorkInFlight() throws {
        let procs = try pendingCall()
        let (header, blocks) = ProcBlock.split(try debugfs.read("transactions"))
        XCTAssertEqual(header, ["binder transactions:"])
        XCTAssertFalse(blocks.contains { $0.lines.contains { $0.contains("u0000000000000700") } },
                       "a node with no oneway call in flight is not listed")
        XCTAssertFalse(blocks.contains { !$0.refs().isEmpty }, "refs only in state")
        let manager = try XCTUnwrap(blocks.first { !$0.transactions("  pending transaction").isEmpty })
        XCTAssertEqual(manager.context, context)
        XCTAssertEqual(manager.transactions("  pending transaction").first?.code, 0x42)
        XCTAssertEqual(manager.buffers().count, 1)
        withExtendedLifetime(procs) {}
    }

    func testProcFileShowsEveryProcOfTheProcess() throws {
        let procs = try pendingCall()
        for (pid, node) in [(getpid(), ManagerAndClient.managerPtr), (procs.client.pid, 0x700)] {
            let (header, blocks) = ProcBlock.split(try debugfs.read("proc/\(pid)"))
            XCTAssertEqual(header, ["binder proc state:"])
            XCTAssertTrue(blocks.allSatisfy { $0.pid == pid })
            _ = try block(in: blocks, withNode: node)
        }
        withExtendedLifetime(procs) {}
    }

    func testTransactionLogRecordsCallsAndFailures() throws {
        let procs = try pendingCall()
        let (_, state) = ProcBlock.split(try debugfs.read("state"))
        let manager = try block(in: state, withNode: ManagerAndClient.managerPtr)
        let pending = try XCTUnwrap(manager.transactions("  pending transaction").first)

        let log = try debugfs.read("transaction_log").compactMap(LogLine.init)
        let sent = try XCTUnwrap(log.first { $0.debugID == pending.debugID }, "the pending call is logged")
        XCTAssertEqual(sent.callType, "async")
        let client = procs.client.pid
        XCTAssertEqual([sent.fromPID, sent.fromTID, sent.toPID, sent.toTID], [client, client, getpid(), 0])
        XCTAssertEqual([sent.node, sent.handle, sent.dataSize, sent.offsetsSize], [pending.node!, 0, 24, 8])
        XCTAssertEqual(sent.context, context)
        XCTAssertEqual([sent.returnError, UInt32(bitPattern: sent.returnParam)], [0, 0])

        // 40 calls to a handle that does not exist: the failed log keeps the last 32.
        let caller = try openDevice(nonBlocking: true)
        for _ in 0..<40 {
            var stream = CommandStream()
            stream.append(OutgoingTransaction(handle: 55, code: 7, data: [1, 2, 3, 4]))
            // The driver delivers nothing into less room than a transaction needs,
            // and writes nothing more while an error is undelivered: read it each time.
            let codes = try caller.writeRead(stream, readCapacity: 256).returns().map(\.code)
            XCTAssertEqual(codes.filter { $0 != .noop }, [.failedReply])
        }
        let failed = try debugfs.read("failed_transaction_log").compactMap(LogLine.init)
        XCTAssertEqual(failed.count, 32, "a ring of 32 entries")
        XCTAssertEqual(failed.map(\.debugID), failed.map(\.debugID).sorted(), "oldest first")
        for entry in failed {
            XCTAssertEqual(entry.callType, "call ")
            XCTAssertEqual([entry.fromPID, entry.fromTID, entry.toPID, entry.toTID], [getpid(), tid, 0, 0])
            XCTAssertEqual([entry.handle, entry.node, entry.dataSize, entry.offsetsSize], [55, 0, 4, 0])
            XCTAssertEqual(entry.returnError, BinderReturn.failedReply.rawValue)
            XCTAssertEqual(entry.returnParam, -EINVAL)
        }
        let all = try debugfs.read("transaction_log").compactMap(LogLine.init)
        XCTAssertEqual(all.count, 32)
        XCTAssertEqual(all.last?.debugID, failed.last?.debugID, "failed calls are in both logs")
    }

    func testStatsCountCommandsObjectsAndEachProc() throws {
        let procs = try pendingCall()
        let lines = try debugfs.read("stats")
        XCTAssertEqual(lines.first, "binder stats:")
        XCTAssertNotNil(lines.first { $0.match(#"^BC_TRANSACTION: [1-9]\d*$"#) != nil })
        XCTAssertNotNil(lines.first { $0.match(#"^BR_TRANSACTION_COMPLETE: [1-9]\d*$"#) != nil })
        let live = try XCTUnwrap(lines.lazy.compactMap { $0.matchInts(#"^proc: active (\d+) total (\d+)$"#) }.first)
        XCTAssertGreaterThanOrEqual(live[0], 2)
        XCTAssertGreaterThanOrEqual(live[1], live[0])

        let perProc = ProcStats.parse(lines)
        // Other tests' procs of this process may still be open: tell them apart by pid and content.
        let manager = perProc.first {
            $0.pid == getpid() && $0.fields["nodes"] == "1" && $0.fields["refs"] == "1 s 1 w 0"
                && $0.fields["pending transactions"] == "1"
        }
        XCTAssertEqual(manager?.fields["buffers"], "1", "\(perProc)")
        XCTAssertEqual(manager?.fields["pending transactions"], "1")
        XCTAssertNotNil(manager?.fields["pages"]?.match(#"^\d+:\d+:\d+$"#))
        XCTAssertNotNil(manager?.fields["requested threads"]?.match(#"^\d+\+\d+/\d+$"#))
        let clients = perProc.filter { $0.pid == procs.client.pid }
        XCTAssertEqual(clients.count, 1, "\(perProc)")
        let client = clients.first
        XCTAssertEqual(client?.fields["nodes"], "1")
        XCTAssertEqual(client?.fields["refs"], "0 s 0 w 0")
        XCTAssertEqual(client?.fields["buffers"], "0", "\(perProc)")
        XCTAssertEqual(client?.fields["pending transactions"], "0")
        withExtendedLifetime(procs) {}
    }
}
