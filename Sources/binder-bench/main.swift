// binder-bench: the same call workload against several binder devices in
// one boot, reported as ratios. Timing lives here, never in tests.
//
//   binder-bench NAME=DEVICE [NAME=DEVICE ...]   (the first is the baseline)

import BinderKit
import Foundation
import Glibc

struct Workload {
    let name: String
    let payload: Int
    let oneway: Bool
}

let workloads = [
    Workload(name: "sync call, 0 B", payload: 0, oneway: false),
    Workload(name: "sync call, 128 B", payload: 128, oneway: false),
    Workload(name: "sync call, 4 KiB", payload: 4096, oneway: false),
    Workload(name: "sync call, 64 KiB", payload: 65536, oneway: false),
    Workload(name: "oneway call, 128 B", payload: 128, oneway: true),
]
let iterations = Int(ProcessInfo.processInfo.environment["SWB_BENCH_ITERATIONS"] ?? "") ?? 2000

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
}

/// Starts the echo service on `device` and waits for it.
func startPeer(_ device: String) throws -> Process {
    let peer = Process()
    peer.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("binder-test-peer")
    peer.arguments = [device, "service"]
    let pipe = Pipe()
    peer.standardOutput = pipe
    try peer.run()
    _ = pipe.fileHandleForReading.readData(ofLength: 6)  // "ready\n"
    return peer
}

/// Mean microseconds per call of one workload on one device.
func measure(_ workload: Workload, on client: BinderEndpoint) throws -> Double {
    let call = OutgoingTransaction(
        code: workload.oneway ? 5 : 1, flags: workload.oneway ? .oneWay : [],
        data: [UInt8](repeating: 7, count: workload.payload))
    for _ in 0..<iterations / 10 { try client.call(call) }
    let start = now()
    for _ in 0..<iterations { try client.call(call) }
    return (now() - start) / Double(iterations)
}

let targets = CommandLine.arguments.dropFirst().compactMap { argument -> (String, String)? in
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    return parts.count == 2 ? (parts[0], parts[1]) : nil
}
guard targets.count >= 1 else {
    print("usage: binder-bench NAME=DEVICE [NAME=DEVICE ...]")
    exit(2)
}

var results: [[Double]] = []
do {
    for (_, device) in targets {
        let peer = try startPeer(device)
        let client = try BinderEndpoint(path: device, mapSize: 1 << 20)
        results.append(try workloads.map { try measure($0, on: client) })
        kill(peer.processIdentifier, SIGKILL)
        peer.waitUntilExit()
    }
} catch {
    print("binder-bench: \(error)")
    exit(1)
}

let header = ["workload"] + targets.map { "\($0.0) µs" } + targets.dropFirst().map { "\($0.0)/\(targets[0].0)" }
print(header.joined(separator: " | "))
for (index, workload) in workloads.enumerated() {
    let times = results.map { $0[index] }
    let ratios = times.dropFirst().map { String(format: "%.2f", $0 / times[0]) }
    print(([workload.name] + times.map { String(format: "%.1f", $0) } + ratios).joined(separator: " | "))
}
print("(\(iterations) calls per workload, mean per call; ratio < 1 means faster than \(targets[0].0))")
