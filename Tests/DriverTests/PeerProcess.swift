// A binder-test-peer child process serving as the device's context manager.

import BinderKit
import Foundation
import Glibc
import XCTest

final class PeerProcess {
    let process = Process()
    private let output = Pipe()

    /// Starts the peer (by default as the service) and waits for its first line.
    init(device: String, mode: [String] = ["service"], firstLine: String? = "ready") throws {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        process.executableURL = bundle.deletingLastPathComponent().appendingPathComponent("binder-test-peer")
        process.arguments = [device] + mode
        process.standardOutput = output
        try process.run()
        guard let firstLine else { return }
        let line = readLine()
        guard line == firstLine else {
            process.terminate()
            throw PeerError(message: "binder-test-peer \(mode.joined(separator: " ")) did not start: \(line ?? "no output")")
        }
    }

    /// Runs a one-shot mode to its end and returns its output lines.
    static func run(device: String, mode: [String]) throws -> [String] {
        let peer = try PeerProcess(device: device, mode: mode, firstLine: mode[0] == "client" ? "calling" : nil)
        var lines: [String] = []
        while let line = peer.readLine() { lines.append(line) }
        peer.process.waitUntilExit()
        return lines
    }

    /// The next line of output; nil at the end.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = output.fileHandleForReading.readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// SIGKILL, then wait for the exit so the driver has seen the files close.
    func kill() {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    deinit {
        kill()
    }
}

struct PeerError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The service's transaction codes (see Sources/binder-test-peer).
enum PeerCode: UInt32 {
    case echo = 1, whoAmI = 2, callBack = 3, die = 4, record = 5, getRecord = 6
    case holdHandle = 8, releaseHandle = 9, statusCode = 10, describe = 11
    case recordSender = 12, stall = 13, giveHeld = 14, keepBuffer = 15, freeKept = 16
    case stallLong = 17
    case describeObjects = 20, replyWithFd = 21, limitFds = 22, unlimitFds = 23, countFds = 24
    case publishNode = 25, echoClearBuf = 26, replyScatterGather = 27, quit = 99
}

/// Tests that talk to a binder-test-peer child; it is killed after each test.
class PeerTestCase: DriverTestCase {
    var peer: PeerProcess?

    override func tearDown() {
        peer?.kill()
        peer = nil
        super.tearDown()
    }

    /// Starts the peer as context manager and opens a client endpoint.
    func startPeer() throws -> BinderEndpoint {
        peer = try PeerProcess(device: devicePath)
        return try BinderEndpoint(path: devicePath)
    }
}

extension PeerTestCase {
    /// The peer's records (getRecord), asked for until there are `count`:
    /// oneway calls are released one at a time as buffers are freed, and a
    /// sync call may overtake them.
    func records(_ client: BinderEndpoint, until count: Int) throws -> [Int32] {
        var seen: [Int32] = []
        for _ in 0..<3000 where seen.count < count {
            guard case .reply(let answer) = try client.call(OutgoingTransaction(code: PeerCode.getRecord.rawValue)) else {
                throw PeerError(message: "getRecord failed")
            }
            var parcel = answer.parcel
            seen = []
            while parcel.remaining > 0 { seen.append(try parcel.readInt32()) }
            if seen.count < count { usleep(10_000) }
        }
        return seen
    }
}
