// Memory pressure (issue 14 item 5): the driver's shrinker gives buffer
// pages back (debugfs stats "pages: active:lru:free" of our procs: lru goes
// down, free goes up) while large calls are in flight and parked in a
// server that has not read them yet; every payload (64 KiB to 1 MiB, bytes
// derived from a seed and a sequence number) is checked byte for byte on
// arrival and in its reply. Pressure: drop_caches (which runs every
// shrinker) in a loop, and a child that touches half of the free memory.

import BinderABI
import BinderKit
import Foundation
import Glibc
import XCTest

final class MemoryPressureTests: PeerTestCase {
    private enum Code: UInt32 { case check = 1, pause = 2, count = 3, quit = 4 }
    private let mapSize = 4 << 20

    func testPayloadsSurviveReclaimWhileInFlight() throws {
        guard access("/proc/sys/vm/drop_caches", W_OK) == 0 else {
            throw XCTSkip("cannot write /proc/sys/vm/drop_caches (not root)")
        }
        let stats = DriverStats()
        let seed = UInt64.random(in: 0..<(1 << 62))
        print("MemoryPressureTests: seed \(seed)")

        _ = try startPeer()
        let serverEndpoint = try BinderEndpoint(path: devicePath, mapSize: mapSize)
        let client = try BinderEndpoint(path: devicePath, mapSize: mapSize)
        let handle = try self.handle(in: client, toNodeOf: serverEndpoint, ptr: 0x4000)
        let server = PressureServer(serverEndpoint, seed: seed)
        let serving = Thread { server.run() }
        serving.start()
        var sequence: UInt64 = 0
        var sent = 0

        /// A sync call carrying `size` bytes, asking for `replySize` back; both checked.
        func roundTrip(_ size: Int, _ replySize: Int) throws {
            sequence += 1
            let outcome = try client.call(server.request(code: Code.check.rawValue, handle: handle, sequence: sequence,
                                                         size: size, replySize: replySize))
            sent += 1
            guard case .reply(let reply) = outcome else { return XCTFail("call \(sequence): \(outcome)") }
            XCTAssertTrue(bytesEqual(reply.data, from: 0, seededPattern(seed: seed, sequence: sequence | 1 << 63, count: replySize)),
                          "reply \(sequence) of \(replySize) bytes differs")
        }

        // Calls whose freed buffers leave their pages on the LRU, in both procs.
        for (size, replySize) in [(64 << 10, 1 << 20), (256 << 10, 512 << 10), (512 << 10, 64 << 10), (1 << 20, 256 << 10)] {
            try roundTrip(size, replySize)
        }
        // The server stops reading; oneway calls park in its buffer space.
        _ = try client.call(OutgoingTransaction(handle: handle, code: Code.pause.rawValue))
        for size in [256 << 10, 128 << 10, 300 << 10, 64 << 10] {
            sequence += 1
            var call = server.request(code: Code.check.rawValue, handle: handle, sequence: sequence, size: size, replySize: 0)
            call.flags = .oneWay
            try assertAccepted(client.call(call), "oneway \(sequence)")
            sent += 1
        }

        // Reclaim: drop_caches runs the shrinker; what was on the LRU is freed.
        let before = try pages(stats)
        print("MemoryPressureTests: pages (active:lru:free) of our procs before reclaim \(before)")
        XCTAssertGreaterThan(before.lru, 0, "freed buffers left their pages on the LRU")
        var after = before
        for _ in 0..<500 where after.lru >= before.lru || after.free <= before.free {
            dropCaches()
            after = try pages(stats)
            usleep(20_000)
        }
        print("MemoryPressureTests: after drop_caches \(after)")
        XCTAssertLessThan(after.lru, before.lru, "the shrinker freed LRU pages")
        XCTAssertGreaterThan(after.free, before.free, "the freed pages are gone from the mapping")
        XCTAssertGreaterThanOrEqual(after.active, before.active, "no page of a parked buffer was reclaimed")

        // The parked calls are read now and must be intact.
        server.resume()
        try waitForChecks(client, handle: handle, count: sent)

        // Traffic while the pressure goes on: new buffers on reclaimed pages.
        let pressure = Pressure()
        let pressing = Thread { pressure.run() }
        pressing.start()
        var random = seed
        for round in 0..<12 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let size = (64 << 10) + Int(random >> 33) % ((1 << 20) - (64 << 10))
            if round % 3 == 2 {
                sequence += 1
                var call = server.request(code: Code.check.rawValue, handle: handle, sequence: sequence,
                                          size: size / 4, replySize: 0)
                call.flags = .oneWay
                try assertAccepted(client.call(call), "oneway \(sequence)")
                sent += 1
            } else {
                try roundTrip(size, (1 << 20) + (64 << 10) - size)
            }
        }
        pressure.stop()
        try waitForChecks(client, handle: handle, count: sent)
        print("MemoryPressureTests: \(sent) payloads checked, \(pressure.drops) drop_caches, " +
              "memory hog \(pressure.hogMiB) MiB exited \(pressure.hogStatus)")
        XCTAssertGreaterThan(pressure.drops, 0)

        _ = try client.call(OutgoingTransaction(handle: handle, code: Code.quit.rawValue))
        server.done.wait()
        XCTAssertEqual(server.mismatches, [], "payloads that differ on arrival (sequence numbers)")
        XCTAssertEqual(server.checked, sent, "every payload arrived")
        withExtendedLifetime(serving) {}
    }

    /// BinderEndpoint answers an accepted oneway call with an empty "reply".
    private func assertAccepted(_ outcome: CallOutcome, _ what: String, line: UInt = #line) {
        guard case .reply(let none) = outcome, none.data.isEmpty else {
            return XCTFail("\(what): \(outcome)", line: line)
        }
    }

    /// Asks the server how many payloads it has checked until it has `count`.
    private func waitForChecks(_ client: BinderEndpoint, handle: UInt32, count: Int) throws {
        for _ in 0..<3000 {
            guard case .reply(let answer) = try client.call(OutgoingTransaction(handle: handle, code: Code.count.rawValue))
            else { return XCTFail("count failed") }
            var parcel = answer.parcel
            if try parcel.readInt32() >= count { return }
            usleep(10_000)
        }
        XCTFail("the server never checked \(count) payloads")
    }

    /// Pages of this process's procs, summed from debugfs stats.
    private func pages(_ stats: DriverStats) throws -> (active: Int, lru: Int, free: Int) {
        var total = (active: 0, lru: 0, free: 0)
        for proc in ProcStats.parse(try stats.debugfs.read("stats")) where proc.pid == getpid() {
            let parts = (proc.fields["pages"] ?? "").split(separator: ":").compactMap { Int($0) }
            guard parts.count == 3 else { continue }
            total.active += parts[0]
            total.lru += parts[1]
            total.free += parts[2]
        }
        return total
    }
}

/// echo 3 > /proc/sys/vm/drop_caches: page cache and slab, every shrinker.
private func dropCaches() {
    let fd = open("/proc/sys/vm/drop_caches", O_WRONLY)
    guard fd >= 0 else { return }
    _ = write(fd, "3\n", 2)
    close(fd)
}

/// The serving side, on its own thread: checks each payload on arrival,
/// replies with the pattern asked for, and can stop reading for a while.
private final class PressureServer: @unchecked Sendable {
    private let endpoint: BinderEndpoint
    private let seed: UInt64
    private let lock = NSLock()
    private var paused = false, stopping = false
    private var checkedCount = 0
    private var mismatched: [UInt64] = []
    private let gate = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)

    init(_ endpoint: BinderEndpoint, seed: UInt64) {
        (self.endpoint, self.seed) = (endpoint, seed)
        endpoint.serve = { [unowned self] call in self.serve(call) }
    }

    var checked: Int { lock.withLock { checkedCount } }
    var mismatches: [UInt64] { lock.withLock { mismatched } }

    /// Header: uint64 sequence, uint32 reply size, uint32 payload size; then the payload.
    func request(code: UInt32, handle: UInt32, sequence: UInt64, size: Int, replySize: Int) -> OutgoingTransaction {
        var parcel = ParcelWriter()
        parcel.writeUInt64(sequence)
        parcel.writeUInt32(UInt32(replySize))
        parcel.writeUInt32(UInt32(size))
        return OutgoingTransaction(handle: handle, code: code,
                                   data: parcel.bytes + seededPattern(seed: seed, sequence: sequence, count: size))
    }

    private func serve(_ call: ReceivedTransaction) -> OutgoingTransaction {
        var parcel = call.parcel
        switch call.code {
        case 1:
            guard let sequence = try? parcel.readUInt64(), let replySize = try? parcel.readUInt32(),
                  let size = try? parcel.readUInt32() else { return OutgoingTransaction(code: 0) }
            let intact = bytesEqual(call.data, from: 16, seededPattern(seed: seed, sequence: sequence, count: Int(size)))
            lock.withLock {
                checkedCount += 1
                if !intact { mismatched.append(sequence) }
            }
            return OutgoingTransaction(code: 0, data: seededPattern(seed: seed, sequence: sequence | 1 << 63,
                                                                    count: Int(replySize)))
        case 2:
            lock.withLock { paused = true }
        case 3:
            var reply = ParcelWriter()
            reply.writeInt32(Int32(checked))
            return OutgoingTransaction(code: 0, parcel: reply)
        case 4:
            lock.withLock { stopping = true }
        default:
            break
        }
        return OutgoingTransaction(code: 0)
    }

    func resume() { gate.signal() }

    func run() {
        endpoint.enqueue { $0.append(.enterLooper) }
        do {
            while !lock.withLock({ stopping }) {
                try endpoint.flush()
                if lock.withLock({ paused }) {
                    // Send the reply to "pause" now, then read nothing until resumed.
                    try endpoint.sendPending()
                    gate.wait()
                    lock.withLock { paused = false }
                }
            }
            try endpoint.sendPending()
        } catch {
            lock.withLock { mismatched.append(UInt64.max) }
        }
        done.signal()
    }
}

/// drop_caches every 50 ms, and a child touching half the available memory
/// (at most 768 MiB: the guest has 2 GiB) for a second, until stopped.
private final class Pressure: @unchecked Sendable {
    private let lock = NSLock()
    private var stopping = false
    private(set) var drops = 0
    private(set) var hogMiB = 0
    private(set) var hogStatus: Int32 = -1

    func stop() {
        lock.withLock { stopping = true }
        while lock.withLock({ hogStatus == -1 }) { usleep(10_000) }
    }

    private func availableMiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            return (Int(line.split(separator: " ")[1]) ?? 0) / 1024
        }
        return 0
    }

    func run() {
        let hog = Process()
        hog.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let mib = min(availableMiB() / 2, 768)
        hog.arguments = ["-c", "import time; b = bytearray(\(mib) << 20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1)"]
        lock.withLock { hogMiB = mib }
        let started = (try? hog.run()) != nil
        while !lock.withLock({ stopping }) {
            dropCaches()
            lock.withLock { drops += 1 }
            usleep(50_000)
        }
        if started { hog.waitUntilExit() }
        lock.withLock { hogStatus = started ? hog.terminationStatus : 127 }
    }
}
