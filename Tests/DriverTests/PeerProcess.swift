// A binder-test-peer child process serving as the device's context manager.

import BinderKit
import Foundation
import Glibc
import XCTest

final class PeerProcess {
    let process = Process()
    private let output = Pipe()

    /// Starts the peer and waits until it is the context manager.
    init(device: String) throws {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        process.executableURL = bundle.deletingLastPathComponent().appendingPathComponent("binder-test-peer")
        process.arguments = [device, "service"]
        process.standardOutput = output
        try process.run()
        let line = readLine()
        guard line == "ready" else {
            process.terminate()
            throw PeerError(message: "binder-test-peer did not start: \(line ?? "no output")")
        }
    }

    private func readLine() -> String? {
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
    case describeObjects = 12, replyWithFd = 13, limitFds = 14, unlimitFds = 15, countFds = 16
    case publishNode = 17, echoClearBuf = 18, quit = 99
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
