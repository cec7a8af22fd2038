// Kill storms (issue 14 item 3): processes with thread pools exchanging
// binders, fds, death and freeze notifications (binder-storm-peer), frozen,
// thawed and SIGKILLed at random moments for a bounded time. Afterwards
// every process must be gone, nothing of theirs left in the driver (live
// counts back where they were), and the driver must still work. The seed is
// printed, and SWB_STORM_SEED replays one.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import SeededRandom
import XCTest

final class KillStormTests: PeerTestCase {
    /// How long each storm lasts at least; short enough that the suite stays fast.
    private let stormSeconds = 12.0
    /// How long it may go on until every kind of event the test asks for has
    /// happened: on a slow kernel (the debug kernel under TCG on a busy host)
    /// a process takes seconds to start, and 12 s of kills can leave no peer
    /// alive long enough to answer a call.
    private let stormMaxSeconds = 90.0
    private let peerCount = 6
    /// The storm alone may take 90 s, and waiting for slow processes to start more.
    override var hangLimitSeconds: UInt32 { 400 }

    private func stormSeed() -> UInt64 {
        if let text = ProcessInfo.processInfo.environment["SWB_STORM_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 0..<(1 << 62))
    }

    /// Many peers and a registry, killed at random: nothing may be left behind.
    func testRandomKillsLeaveNothingBehind() throws {
        try runStorm(freezing: false)
    }

    /// The same with BINDER_FREEZE and thaw of random peers between kills.
    func testRandomKillsAndFreezesLeaveNothingBehind() throws {
        try runStorm(freezing: true)
    }

    private func runStorm(freezing: Bool) throws {
        let stats = DriverStats()
        let onSwbinder = !stats.debugfs.isBinderLinux
        let baseline = try stats.active()
        let seed = stormSeed()
        print("KillStormTests: seed \(seed) (SWB_STORM_SEED=\(seed) replays it), \(stormSeconds) s, freezing \(freezing)")
        fflush(nil)   // the alarm of a hung test would lose it
        let log = NSTemporaryDirectory() + "storm-\(getpid())-\(seed).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let freezeNotes = driverHas(since: BinderCommand.requestFreezeNotification.since)

        let storm = Storm(device: devicePath, seed: seed, log: log, freezeNotes: freezeNotes)
        // The test's own sequence, apart from the peers' (which start from the seed itself).
        var random = SplitMix64(state: seed ^ 0x6a09_e667_f3bc_c908)
        var kills = 0, freezes = 0, lasted = 0.0
        do {
            let control = try openDevice()   // BINDER_FREEZE needs a binder fd
            var frozen: Set<Int32> = []
            try storm.spawnRegistry()
            for _ in 0..<peerCount { try storm.spawnPeer() }
            storm.waitForPeersToStart()
            let start = Date()
            var reported = start
            while Date().timeIntervalSince(start) < stormSeconds
                    || (!storm.sawEveryEvent(freezeNotes: freezeNotes) && Date().timeIntervalSince(start) < stormMaxSeconds) {
                usleep(UInt32(20_000 + random.below(150_000)))
                if Date().timeIntervalSince(reported) >= 10 {
                    reported = Date()
                    print("KillStormTests: \(Int(reported.timeIntervalSince(start))) s, \(kills) kills, \(freezes) freezes, " +
                          "replies \(storm.count("r")), dead binders \(storm.count("d")), freeze notices \(storm.count("f"))")
                    fflush(nil)
                }
                let choice = random.below(100)
                if freezing && choice < 35 {
                    let pid = storm.randomPeerPID(&random)
                    let enable = !frozen.contains(pid)
                    var info = binder_freeze_info(pid: UInt32(pid), enable: enable ? 1 : 0, timeout_ms: 20)
                    do {
                        try control.ioctl(.freeze, &info)
                        if enable { frozen.insert(pid); freezes += 1 } else { frozen.remove(pid) }
                    } catch let error as BinderError {
                        // EAGAIN: a sync call in flight; EINVAL: no binder proc (yet, or any more).
                        XCTAssertTrue([EAGAIN, EINVAL].contains(error.errno), "BINDER_FREEZE of \(pid): \(error)")
                        if !enable && error.errno == EINVAL { frozen.remove(pid) }
                    }
                } else if choice < 95 {
                    frozen.remove(try storm.killAndReplacePeer(&random))
                    kills += 1
                } else {
                    try storm.killAndReplaceRegistry()
                    kills += 1
                }
            }
            lasted = Date().timeIntervalSince(start)
            storm.killAll()
            print("KillStormTests: storm over after \(Int(lasted)) s, every process reaped"); fflush(nil)
            withExtendedLifetime(control) {}
        }

        let events = storm.wholeLog()
        let fatal = events.split(separator: "\n").filter { $0.hasPrefix("FATAL") }
        XCTAssertEqual(fatal, [], "a peer met an outcome no driver should give")
        XCTAssertEqual(storm.exitedOnTheirOwn, [], "every storm process ran until SIGKILL")
        let count = storm.count
        print("KillStormTests: \(kills) kills, \(freezes) freezes in \(Int(lasted)) s; replies checked \(count("r")), dead replies \(count("x")), " +
              "frozen replies \(count("z")), dead binders \(count("d")), frozen-binder notices \(count("f"))")
        fflush(nil)
        XCTAssertGreaterThan(count("r"), 0, "calls between peers were answered")
        XCTAssertGreaterThan(count("d"), 0, "deaths of killed peers were reported")
        if freezeNotes { XCTAssertGreaterThan(count("f"), 0, "freeze notifications were delivered") }

        // Every process is gone: all the driver counted must go back.
        if onSwbinder {
            let left = try stats.settle(to: baseline, kinds: Array(Set(baseline.keys).union(try stats.active().keys)))
            XCTAssertTrue(left.isEmpty, "left behind (now, before): \(left)")
        }
        // And the driver still works: a fresh service answers an echo.
        let client = try startPeer()
        guard case .reply(let answer) = try client.call(OutgoingTransaction(code: PeerCode.echo.rawValue, data: [1, 2, 3])) else {
            return XCTFail("no answer after the storm")
        }
        XCTAssertEqual(answer.data, [1, 2, 3])
    }
}

/// The storm's processes: a registry (context manager) and peers.
private final class Storm {
    let device: String, seed: UInt64, log: String, freezeNotes: Bool
    private var registry: Process?
    private var peers: [Process] = []
    private var spawned: UInt64 = 0
    /// Processes that ended other than by our SIGKILL, with how they ended.
    private(set) var exitedOnTheirOwn: [String] = []

    init(device: String, seed: UInt64, log: String, freezeNotes: Bool) {
        (self.device, self.seed, self.log, self.freezeNotes) = (device, seed, log, freezeNotes)
    }

    private func spawn(_ role: String) throws -> Process {
        let process = Process()
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        process.executableURL = bundle.deletingLastPathComponent().appendingPathComponent("binder-storm-peer")
        spawned += 1
        // Each process gets its own seed, derived from the storm's.
        process.arguments = [device, role, String(seed &+ spawned &* 1_000_003), log, freezeNotes ? "1" : "0"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Starts a registry and waits (60 s at most) until it is the context
    /// manager, so that peers do not spend the storm on calls nobody can take.
    func spawnRegistry() throws {
        let before = count("R")
        registry = try spawn("registry")
        for _ in 0..<6000 where count("R") == before && registry!.isRunning {
            usleep(10_000)
        }
    }

    /// The letters the storm's processes logged so far (binder-storm-peer).
    func wholeLog() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// How many times `letter` was logged so far. The log grows by thousands
    /// of letters a second and is polled every 10 ms, so only what is new
    /// since the last look is read and counted.
    func count(_ letter: Character) -> Int {
        if let handle = FileHandle(forReadingAtPath: log) {
            handle.seek(toFileOffset: logOffset)
            let new = handle.readDataToEndOfFile()
            handle.closeFile()
            logOffset += UInt64(new.count)
            new.withUnsafeBytes { bytes in for byte in bytes { letterCounts[Int(byte)] += 1 } }
        }
        return letterCounts[Int(letter.asciiValue ?? 0)]
    }
    private var logOffset: UInt64 = 0
    private var letterCounts = [Int](repeating: 0, count: 256)

    /// Whether every kind of event the test checks for has been logged.
    func sawEveryEvent(freezeNotes: Bool) -> Bool {
        count("r") > 0 && count("d") > 0 && (!freezeNotes || count("f") > 0)
    }

    func spawnPeer() throws { peers.append(try spawn("peer")) }

    /// Before the first kill: waits (30 s at most) until every peer has
    /// opened the device and started its threads (each logs "P" once). On a
    /// slow kernel a process takes seconds to get there, and a storm that
    /// began before then would kill peers that never did anything.
    func waitForPeersToStart() {
        for _ in 0..<3000 where count("P") < peers.count {
            usleep(10_000)
        }
    }

    func randomPeerPID(_ random: inout SplitMix64) -> Int32 {
        peers[random.below(peers.count)].processIdentifier
    }

    /// SIGKILL, reap, and record an end that was not our kill.
    private func kill(_ process: Process) {
        let wasRunning = process.isRunning
        if wasRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if !wasRunning || process.terminationReason != .uncaughtSignal || process.terminationStatus != SIGKILL {
            exitedOnTheirOwn.append("\(process.processIdentifier): \(process.terminationReason == .exit ? "exit" : "signal") " +
                                    "\(process.terminationStatus)")
        }
    }

    /// Kills a random peer and starts another; returns the killed pid.
    func killAndReplacePeer(_ random: inout SplitMix64) throws -> Int32 {
        let index = random.below(peers.count)
        let pid = peers[index].processIdentifier
        kill(peers[index])
        peers[index] = try spawn("peer")
        return pid
    }

    /// Does not wait for the new registry: peers meanwhile get dead replies
    /// from handle 0, which is part of the storm.
    func killAndReplaceRegistry() throws {
        if let registry { kill(registry) }
        registry = try spawn("registry")
    }

    func killAll() {
        (peers + [registry].compactMap { $0 }).forEach(kill)
        peers = []
        registry = nil
    }
}
