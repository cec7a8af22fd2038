// Regression tests for upstream binder's fuzzing- and exploit-found bugs
// (../shared/reference/test-scenarios.md section 5) that no other test
// reproduces, each named after its CVE or fix. The table in
// docs/hostile-load.md maps every scenario of that section to its test,
// here or elsewhere. Each test reproduces the scenario as closely as
// userspace can; the driver must answer as upstream does (these run on
// binder_linux too), and on the debug kernel KASAN, kmemleak and lockdep
// watch what the reproduction does inside the driver.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

final class KnownBugRegressionTests: PeerTestCase {
    private var peerPID: Int32 { peer!.process.processIdentifier }

    // MARK: - Races with poll and thread exit

    /// CVE-2020-0030 (the thread's wait queue freed while epoll wakeups race
    /// with it; fixed by synchronize_rcu() after POLLFREE): threads register
    /// with epoll and leave with BINDER_THREAD_EXIT while another thread
    /// keeps waiting on the same epoll set.
    func testCVE_2020_0030_threadExitWhileEpollWaits() throws {
        let driver = try openDevice()
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        XCTAssertGreaterThanOrEqual(epfd, 0)
        defer { close(epfd) }
        let waiter = EpollWaiter(epfd: epfd)
        let waiting = Thread { waiter.run() }
        waiting.start()
        for round in 0..<200 {
            let fd = driver.fd
            let outcome: (add: Int32, exit: Bool, del: Int32) = try onNewThread {
                var event = epoll_event()
                event.events = EPOLLIN.rawValue
                let add = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
                let exited = (try? driver.threadExit()) != nil
                return (add, exited, epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil))
            }
            XCTAssertEqual(outcome.add, 0, "round \(round): EPOLL_CTL_ADD")
            XCTAssertTrue(outcome.exit, "round \(round): BINDER_THREAD_EXIT")
            XCTAssertEqual(outcome.del, 0, "round \(round): EPOLL_CTL_DEL after the thread left")
        }
        waiter.stop()
        XCTAssertGreaterThan(waiter.waits, 0)
    }

    // MARK: - Buffers freed while the driver uses them

    /// CVE-2019-2025 "waterdrop" (a buffer the driver still used for a call
    /// could be freed by BC_FREE_BUFFER): a call sits allocated in the
    /// receiver's space, not yet read, when the receiver frees that address.
    /// The free must be ignored; the call arrives intact and is freed once.
    func testCVE_2019_2025_freeingABufferNotYetDeliveredIsIgnored() throws {
        let client = try startPeer()
        let server = try BinderEndpoint(path: devicePath)
        let handle = try self.handle(in: client, toNodeOf: server, ptr: 0xb000)
        try server.sendPending()   // frees the reply of holdHandle: the space is empty again
        let payload = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        XCTAssertTrue(try client.call(OutgoingTransaction(handle: handle, code: 5, flags: .oneWay, data: payload)).isReply)

        let inFlight = UInt64(UInt(bitPattern: server.mapping.address))
        var early = CommandStream()
        early.appendFreeBuffer(inFlight)
        early.append(.enterLooper)
        _ = try server.driver.writeRead(early)
        let call = try XCTUnwrap(try readCall(server), "the call survived the early free")
        XCTAssertEqual(call.bufferAddress, inFlight, "the early free named the call's buffer")
        XCTAssertEqual(call.data, payload, "its data is intact")
        var free = CommandStream()
        free.appendFreeBuffer(call.bufferAddress)
        free.appendFreeBuffer(call.bufferAddress)   // the second free is ignored as well
        _ = try server.driver.writeRead(free)
        XCTAssertTrue(try client.call(OutgoingTransaction(handle: handle, code: 5, flags: .oneWay, data: [1])).isReply)
        XCTAssertEqual(try readCall(server)?.data, [1], "the next call arrives normally")
    }

    /// Reads (blocking) until a transaction arrives; acknowledges ref work on the way.
    private func readCall(_ endpoint: BinderEndpoint) throws -> ReceivedTransaction? {
        var commands = CommandStream()
        for _ in 0..<100 {
            for item in try endpoint.driver.writeRead(commands, readCapacity: 512).returns() {
                commands = CommandStream()
                switch item.code {
                case .transaction: return item.transaction()
                case .increfs, .acquire:
                    let (ptr, cookie) = item.ptrCookie!
                    commands.append(item.code == .increfs ? .increfsDone : .acquireDone, ptr: ptr, cookie: cookie)
                default: break
                }
            }
        }
        return nil
    }

    // MARK: - Nodes and refs released while work on them is queued

    /// CVE-2020-0423 (release work dereferenced a node another thread freed
    /// as its last ref went): a proc publishes a node and never reads the
    /// BR_INCREFS/BR_ACQUIRE work that queues, the holder drops its ref, and
    /// the owner's thread exits and its file closes meanwhile. Nothing may
    /// be left behind and the holder keeps working.
    func testCVE_2020_0423_nodeWorkQueuedWhileTheLastRefGoes() throws {
        let stats = DriverStats()
        let baseline = try stats.active()
        do {
            let client = try startPeer()
            for round in 0..<20 {
                let owner = try openDevice()
                let mapping = try owner.map(size: 128 * 1024)
                try publish(owner, ptr: 0xc000 + UInt64(round) * 16)
                // The peer lets go (oneway: we do not wait) while the owner leaves.
                var release = CommandStream()
                release.append(OutgoingTransaction(code: PeerCode.releaseHandle.rawValue, flags: .oneWay))
                _ = try client.driver.writeRead(release)
                if round % 2 == 0 { try owner.threadExit() }
                withExtendedLifetime(mapping) {}
            }
            XCTAssertEqual(try echo(client, [4, 2]), [4, 2], "the peer still serves")
        }
        try assertNothingLeft(stats, baseline, kinds: ["node", "ref", "transaction", "buffer", "proc"])
    }

    /// CVE-2022-20421 "Bad Spin" (a weak ref taken in a proc that was dying
    /// kept a pointer to the freed proc): calls carrying a weak handle go to
    /// a proc that is SIGKILLed at the same moment, over and over.
    func testCVE_2022_20421_weakHandleSentToADyingProc() throws {
        let stats = DriverStats()
        let baseline = try stats.active()
        do {
            let client = try startPeer()
            let owner = try BinderEndpoint(path: devicePath)
            let weakSource = try handle(in: client, toNodeOf: owner, ptr: 0xd000)
            for round in 0..<15 {
                let (target, handle) = try forkedNodeOwner(client, ptr: 0xd100)
                let pid = target.pid
                let killer = Thread {
                    usleep(UInt32(round % 5) * 1000)
                    kill(pid, SIGKILL)
                }
                killer.start()
                var parcel = ParcelWriter()
                parcel.writeObject(.weakHandle(weakSource, flags: ParcelObject.defaultFlags))
                let outcome = try client.call(OutgoingTransaction(handle: handle, code: 1, parcel: parcel))
                // It never reads: the call can only end when the proc dies.
                XCTAssertEqual(outcome, .deadReply, "round \(round)")
                target.finish()
                client.enqueue { $0.append(.release, handle) }
                try client.sendPending()
            }
            XCTAssertEqual(try echo(client, [7]), [7])
            withExtendedLifetime(owner) {}
        }
        try assertNothingLeft(stats, baseline, kinds: ["node", "ref", "transaction", "buffer", "proc"])
    }

    // MARK: - Error paths that must release only what they took

    /// CVE-2023-20938 (an unaligned offsets_size took an error path that
    /// released objects never acquired, leaving a dangling node): the call
    /// fails with BR_FAILED_REPLY and every node and ref count stays as it was.
    func testCVE_2023_20938_unalignedOffsetsSizeLeavesCountsUntouched() throws {
        let (client, held) = try startWithHeldObjects()
        let before = try referenceCounts()
        for offsetsSize in [12, 20, 4] {
            let data = objectBytes([.binder(ptr: 0xe000, cookie: 0xe001, flags: ParcelObject.defaultFlags),
                                    .handle(held, flags: ParcelObject.defaultFlags)])
            let outcome = try withRawTransaction(data: data, offsets: [0, 24], offsetsSize: offsetsSize) {
                try rawCall(client, $0)
            }
            XCTAssertEqual(outcome, .failedReply, "offsets_size \(offsetsSize)")
        }
        XCTAssertEqual(try referenceCounts(), before, "node and ref counts after the failed calls")
    }

    /// CVE-2023-21255 (a failure at the first object was taken for "release
    /// everything", releasing objects never processed): the first object is
    /// bad, valid objects follow; nothing may be released.
    func testCVE_2023_21255_failureAtTheFirstObjectReleasesNothing() throws {
        let (client, held) = try startWithHeldObjects()
        let before = try referenceCounts()
        for first in [ParcelObject.handle(0x7777, flags: ParcelObject.defaultFlags), nil] {
            var data = first.map { objectBytes([$0]) } ?? unknownObject()
            data += objectBytes([.binder(ptr: 0xe000, cookie: 0xe001, flags: ParcelObject.defaultFlags),
                                 .handle(held, flags: ParcelObject.defaultFlags)])
            let outcome = try client.call(OutgoingTransaction(code: PeerCode.describe.rawValue, data: data,
                                                              offsets: [0, 24, 48]))
            XCTAssertEqual(outcome, .failedReply, first == nil ? "unknown type first" : "unknown handle first")
        }
        XCTAssertEqual(try referenceCounts(), before, "node and ref counts after the failed calls")
    }

    /// "binder: fix UAF caused by offsets overwrite" (a buffer copied into
    /// the target could reach the offsets the error path then walked): a
    /// PTR object longer than the buffers size fails, after a binder and a
    /// handle were translated, and releases exactly those.
    func testOffsetsOverwrite_bufferBeyondBuffersSizeFailsAndReleasesOnlyWhatItTook() throws {
        let (client, held) = try startWithHeldObjects()
        let before = try referenceCounts()
        let message = ObjectMessage.padded()
        message.binder(ptr: 0xe000, cookie: 0xe001)
        message.handle(held)
        message.buffer([UInt8](repeating: 0xee, count: 64))
        var commands = CommandStream()
        commands.appendScatterGather(message.transaction(code: .describe), buffersSize: 8)
        XCTAssertEqual(try rawCall(client, commands), .failedReply)
        XCTAssertEqual(try referenceCounts(), before, "node and ref counts after the failed call")
    }

    /// CVE-2020-0041 (parents checked with `*` for `/`, so a later object
    /// passed as an earlier one): ScatterGatherTests covers buffer objects;
    /// this is the fd-array form, whose parent must be an earlier object too.
    func testCVE_2020_0041_fdArrayNamingALaterParentIsRejected() throws {
        let client = try startPeer()
        let laterParent = ObjectMessage.padded()
        laterParent.fdArray(count: 0, parent: 1, offset: 0)
        laterParent.buffer([UInt8](repeating: 0, count: 8))
        var commands = CommandStream()
        commands.appendScatterGather(laterParent.transaction(code: .describeObjects), buffersSize: laterParent.buffersSize)
        XCTAssertEqual(try rawCall(client, commands), .failedReply, "an fd array whose parent comes later")
        let earlierParent = ObjectMessage.padded()
        earlierParent.buffer([UInt8](repeating: 0, count: 8))
        earlierParent.fdArray(count: 0, parent: 0, offset: 0)
        commands = CommandStream()
        commands.appendScatterGather(earlierParent.transaction(code: .describeObjects),
                                     buffersSize: earlierParent.buffersSize)
        XCTAssertTrue(try rawCall(client, commands).isReply, "the same with the parent first goes through")
    }

    // MARK: - Freeze notifications (6.12)

    /// CVE-2024-56556 and its siblings: a freeze notification on a node
    /// whose owner died is allowed (upstream changed EINVAL to success), and
    /// clearing it is acknowledged; a notice delivered but never
    /// acknowledged, and one still queued, are freed with their proc.
    func testCVE_2024_56556_freezeNotificationOnADeadNodeAndUnacknowledgedNotices() throws {
        guard driverHas(since: BinderCommand.requestFreezeNotification.since) else {
            throw XCTSkip("no freeze notifications in this driver (upstream 6.12)")
        }
        let stats = DriverStats()
        let baseline = try stats.active()
        do {
            let client = try startPeer()
            var owner: BinderEndpoint? = try BinderEndpoint(path: devicePath)
            let handle = try self.handle(in: client, toNodeOf: owner!, ptr: 0xf000)
            // The node's owner goes; our ref stays. Its death is reported
            // once the driver has released it (binder_linux does so later).
            var commands = CommandStream()
            commands.append(.enterLooper)
            commands.append(.requestDeathNotification, handle: handle, cookie: 0xde)
            _ = try client.driver.writeRead(commands)
            owner = nil
            XCTAssertEqual(try readUntil(client, .deadBinder), .deadBinder)
            commands = CommandStream()
            commands.append(.requestFreezeNotification, handle: handle, cookie: 0xf1)
            _ = try client.driver.writeRead(commands)
            commands = CommandStream()
            commands.append(.clearFreezeNotification, handle: handle, cookie: 0xf1)
            _ = try client.driver.writeRead(commands)
            XCTAssertEqual(try readUntil(client, .clearFreezeNotificationDone), .clearFreezeNotificationDone)
            XCTAssertFalse(client.log.contains(.frozenBinder), "a dead node reports no state")

            // Notices left unacknowledged (delivered) or unread (queued) at close.
            for readIt in [true, false] {
                let watcher = try BinderEndpoint(path: devicePath)
                let liveOwner = try BinderEndpoint(path: devicePath)
                let watched = try self.handle(in: watcher, toNodeOf: liveOwner, ptr: 0xf100)
                var request = CommandStream()
                request.append(.enterLooper)
                request.append(.requestFreezeNotification, handle: watched, cookie: 0xf2)
                _ = try watcher.driver.writeRead(request)
                if readIt { XCTAssertEqual(try readUntil(watcher, .frozenBinder), .frozenBinder) }
            }
        }
        try assertNothingLeft(stats, baseline, kinds: ["node", "ref", "freeze", "proc"])
    }

    /// Reads without blocking until `code` has come (5 s at most), acknowledging ref work.
    private func readUntil(_ endpoint: BinderEndpoint, _ code: BinderReturn) throws -> BinderReturn? {
        let flags = fcntl(endpoint.driver.fd, F_GETFL)
        _ = fcntl(endpoint.driver.fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(endpoint.driver.fd, F_SETFL, flags) }
        for _ in 0..<3000 where !endpoint.log.contains(code) {
            do {
                try endpoint.flush()
            } catch let error as WriteReadError where error.error.errno == EAGAIN {
                usleep(10_000)
            }
        }
        return endpoint.log.contains(code) ? code : nil
    }

    // MARK: - File descriptors and mappings of procs that went away

    /// CVE-2018-9465 (fd translation used the files of a task that had
    /// exited): an fd sent to a proc that dies before reading it is put back
    /// (the pipe sees EOF once our own end is closed), for a oneway call
    /// queued to it and for a sync call in flight when it is killed.
    func testCVE_2018_9465_fdSentToAProcThatExitsIsReleased() throws {
        let client = try startPeer()
        for oneway in [true, false] {
            let (target, handle) = try forkedNodeOwner(client, ptr: 0x9400)
            let pipe = try Pipe2()
            let message = ObjectMessage()
            message.fd(pipe.writeEnd)
            if oneway {
                XCTAssertTrue(try client.call(message.transaction(handle: handle, code: .echo, flags: .oneWay)).isReply)
                kill(target.pid, SIGKILL)
            } else {
                let pid = target.pid
                let killer = Thread {
                    usleep(100_000)
                    kill(pid, SIGKILL)
                }
                killer.start()
                XCTAssertEqual(try client.call(message.transaction(handle: handle, code: .echo)), .deadReply)
            }
            target.finish()
            pipe.closeWriteEnd()
            XCTAssertTrue(pipe.waitForEOF(), "\(oneway ? "oneway" : "sync") call: the driver put the file back")
            client.enqueue { $0.append(.release, handle) }
            try client.sendPending()
        }
    }

    /// CVE-2023-20928 (a cached VMA pointer used after munmap): oneway calls
    /// stream into a proc while it unmaps its buffer space and the shrinker
    /// runs. Each call is accepted, or fails with BR_DEAD_REPLY or
    /// BR_FAILED_REPLY once the space is gone; nothing is left behind.
    func testCVE_2023_20928_munmapRacingCallsAndTheShrinker() throws {
        let stats = DriverStats()
        let baseline = try stats.active()
        do {
            let client = try startPeer()
            let receiver = try openDevice()
            let space = MappingBox(try receiver.map(size: 256 * 1024))
            try publish(receiver, ptr: 0xa400)
            let handle = try heldHandle(client)
            var accepted = 0, refused = 0
            let unmapper = Thread {
                usleep(20_000)
                space.unmap()
                let fd = open("/proc/sys/vm/drop_caches", O_WRONLY)
                if fd >= 0 { _ = write(fd, "3\n", 2); close(fd) }
            }
            unmapper.start()
            for index in 0..<300 {
                let payload = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 256)
                switch try client.call(OutgoingTransaction(handle: handle, code: 1, flags: .oneWay, data: payload)) {
                case .reply: accepted += 1
                case .deadReply, .failedReply: refused += 1
                case let other: XCTFail("call \(index): \(other)")
                }
                if index == 150 { while !space.unmapped { usleep(1000) } }
            }
            XCTAssertGreaterThan(refused, 0, "calls after the munmap are refused")
            print("KnownBugRegressionTests: \(accepted) calls accepted before the munmap, \(refused) refused after")
            client.enqueue { $0.append(.release, handle) }
            try client.sendPending()
        }
        try assertNothingLeft(stats, baseline, kinds: ["node", "ref", "transaction", "buffer", "proc"])
    }

    // MARK: - Helpers

    private func echo(_ client: BinderEndpoint, _ data: [UInt8]) throws -> [UInt8]? {
        guard case .reply(let answer) = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: data))
        else { return nil }
        return answer.data
    }

    /// A oneway holdHandle from a raw driver: the peer keeps a strong ref to
    /// the node `ptr` of `driver`, whose BR_INCREFS/BR_ACQUIRE stay unread.
    private func publish(_ driver: BinderDriver, ptr: UInt64) throws {
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: ptr, cookie: ptr + 1, flags: ParcelObject.defaultFlags))
        var commands = CommandStream()
        commands.append(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, flags: .oneWay, parcel: parcel))
        _ = try driver.writeRead(commands)
    }

    /// The handle the peer holds (giveHeld), with a strong ref of `client` on it.
    private func heldHandle(_ client: BinderEndpoint) throws -> UInt32 {
        var commands = CommandStream()
        commands.append(OutgoingTransaction(code: PeerCode.giveHeld.rawValue))
        guard case .reply(let reply) = try rawCall(client, commands, free: false) else {
            throw PeerError(message: "giveHeld failed")
        }
        var reader = reply.parcel
        guard case .handle(let handle, _) = try reader.readObject() else { throw PeerError(message: "no handle held") }
        var keep = CommandStream()
        keep.append(.acquire, handle)
        keep.appendFreeBuffer(reply.bufferAddress)
        _ = try client.driver.writeRead(keep)
        return handle
    }

    /// A child process owning node `ptr` (it never reads), and `client`'s strong handle to it.
    private func forkedNodeOwner(_ client: BinderEndpoint, ptr: UInt64) throws -> (ForkedProc, UInt32) {
        let child = ForkedProc()
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: ptr, cookie: ptr + 1, flags: ParcelObject.defaultFlags))
        var commands = CommandStream()
        commands.append(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, flags: .oneWay, parcel: parcel))
        child.addWriteRead(commands)
        try child.start(device: devicePath, mapSize: 128 * 1024)
        XCTAssertEqual(child.step(), 0, "the child published its node")
        return (child, try heldHandle(client))
    }

    /// The peer holds a handle to a node of another proc of ours, and we hold
    /// one to it too, and the peer holds our node 0xe000: objects a failed
    /// call could wrongly release.
    private func startWithHeldObjects() throws -> (BinderEndpoint, UInt32) {
        let client = try startPeer()
        let owner = try BinderEndpoint(path: devicePath)
        owners.append(owner)
        let held = try handle(in: client, toNodeOf: owner, ptr: 0xe100)
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: 0xe000, cookie: 0xe001, flags: ParcelObject.defaultFlags))
        _ = try client.call(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, parcel: parcel))
        try client.sendPending()
        return (client, held)
    }
    private var owners: [BinderEndpoint] = []

    override func tearDown() {
        owners = []
        super.tearDown()
    }

    /// Every node and ref line (less debug ids) of our procs and the peer's
    /// in debugfs state: the counts a failed call must leave as they were.
    /// Read once the peer has freed every buffer it was sent: it frees one
    /// with its next write, which may come after its reply reached us, and
    /// until then the buffer holds a strong ref on its target node and on
    /// the nodes of its objects (seen on binder_linux 7.3: the snapshot
    /// before the failed calls caught the peer's last buffer unfreed).
    private func referenceCounts() throws -> [String] {
        var procs = ProcBlock.split(try DriverStats().debugfs.read("state")).procs
        var tries = 0
        while tries < 1000, procs.contains(where: { $0.pid == peerPID && !$0.buffers().isEmpty }) {
            usleep(10_000)
            procs = ProcBlock.split(try DriverStats().debugfs.read("state")).procs
            tries += 1
        }
        return procs.filter { [getpid(), peerPID].contains($0.pid) }.flatMap { proc in
            proc.nodes().map { "\(proc.pid) node \(String($0.ptr, radix: 16)) hs \($0.hs) hw \($0.hw) ls \($0.ls) lw \($0.lw) is \($0.internalStrong) iw \($0.refs) tr \($0.tmpRefs)" }
                + proc.refs().map { "\(proc.pid) ref \($0.desc) s \($0.strong) w \($0.weak) dead \($0.dead)" }
        }.sorted()
    }

    /// Objects as the bytes of a parcel.
    private func objectBytes(_ objects: [ParcelObject]) -> [UInt8] {
        var parcel = ParcelWriter()
        objects.forEach { parcel.writeObject($0) }
        return parcel.bytes
    }

    /// 24 bytes of an object of no known type.
    private func unknownObject() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 24)
        bytes[0] = 0x85; bytes[1] = 0x2a; bytes[2] = 0x7a; bytes[3] = 0x7a
        return bytes
    }

    /// BC_TRANSACTION to the peer (describe) whose offsets_size is given as is.
    private func withRawTransaction<T>(data: [UInt8], offsets: [UInt64], offsetsSize: Int,
                                       _ body: (CommandStream) throws -> T) throws -> T {
        let dataMemory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 8), alignment: 8)
        let offsetsMemory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(offsets.count * 8, 32), alignment: 8)
        defer { dataMemory.deallocate(); offsetsMemory.deallocate() }
        data.withUnsafeBytes { dataMemory.copyMemory(from: $0) }
        offsets.withUnsafeBytes { offsetsMemory.copyMemory(from: $0) }
        var tr = binder_transaction_data()
        tr.target.handle = 0
        tr.code = PeerCode.describe.rawValue
        tr.data_size = binder_size_t(data.count)
        tr.offsets_size = binder_size_t(offsetsSize)
        tr.data.ptr.buffer = binder_uintptr_t(UInt(bitPattern: dataMemory.baseAddress))
        tr.data.ptr.offsets = binder_uintptr_t(UInt(bitPattern: offsetsMemory.baseAddress))
        var commands = CommandStream()
        commands.append(.transaction, payload: withUnsafeBytes(of: tr) { Array($0) })
        return try body(commands)
    }

    /// Kills the peer, then waits until the driver's live counts of `kinds`
    /// are back to `baseline`, taken before the peer started and checked once
    /// the test's own endpoints are closed (swbinder: binder_linux's stats
    /// keep dead nodes counted).
    private func assertNothingLeft(_ stats: DriverStats, _ baseline: [String: Int], kinds: [String],
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        peer?.kill()
        guard !stats.debugfs.isBinderLinux else { return }
        let left = try stats.settle(to: baseline, kinds: kinds)
        XCTAssertTrue(left.isEmpty, "left behind (now, before): \(left)", file: file, line: line)
    }
}

/// A thread that waits on an epoll set in a loop until stopped.
private final class EpollWaiter: @unchecked Sendable {
    let epfd: Int32
    private let lock = NSLock()
    private var stopping = false
    private(set) var waits = 0

    init(epfd: Int32) { self.epfd = epfd }

    func stop() { lock.withLock { stopping = true } }

    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 4)
        while !lock.withLock({ stopping }) {
            _ = epoll_wait(epfd, &events, 4, 1)
            lock.withLock { waits += 1 }
        }
    }
}

/// A binder mapping another thread may unmap.
private final class MappingBox: @unchecked Sendable {
    private let lock = NSLock()
    private var mapping: BinderMapping?

    init(_ mapping: BinderMapping) { self.mapping = mapping }

    func unmap() { lock.withLock { mapping = nil } }
    var unmapped: Bool { lock.withLock { mapping == nil } }
}
