// Shared set-up for the BinderKit DriverTests: a binder-servicemanager child
// as context manager, binderkit-test-peer children as services, and this
// test process's own BinderProcess with a thread pool.

import BinderKit
import Foundation
import Glibc
import XCTest

/// A child process from the build directory that prints "ready" once serving.
final class KitChild {
    let process = Process()
    private let output = Pipe()

    init(_ executable: String, _ arguments: [String]) throws {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        process.executableURL = directory.appendingPathComponent(executable)
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
        var lines: [String] = []
        while let line = readLine() {
            if line == "ready" { return }
            lines.append(line)
        }
        kill()
        throw PeerError(message: "\(executable) did not start: \(lines.joined(separator: " / "))")
    }

    private func readLine() -> String? {
        var bytes: [UInt8] = []
        while true {
            guard let byte = output.fileHandleForReading.readData(ofLength: 1).first else {
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// Reads the child's output until a line containing `text`; false if the
    /// child printed nothing for 30 s or exited first (a bound, not a timing claim).
    func waitForLine(containing text: String) -> Bool {
        while let line = nextLine() {
            if line.contains(text) { return true }
        }
        return false
    }

    /// The child's next output line; nil if it printed nothing for 30 s or exited.
    func nextLine() -> String? {
        var poller = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 30_000) == 1 else { return nil }
        return readLine()
    }

    /// SIGKILL, then wait so the driver has seen the process's files close.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { kill() }
}

/// The peer's codes (see Sources/binderkit-test-peer).
enum KitPeerCode {
    static let echo: UInt32 = 1, callBack: UInt32 = 2, hold: UInt32 = 3, drop: UInt32 = 4
    static let note: UInt32 = 5, notes: UInt32 = 6, makeObject: UInt32 = 7, liveObjects: UInt32 = 8
    static let barrier: UInt32 = 9, readFD: UInt32 = 10
}

class KitTestCase: DriverTestCase {
    private var children: [KitChild] = []
    /// The binder-servicemanager child, whose log lines tests may wait for.
    var managerChild: KitChild { children[0] }
    /// This test's own binder process, with a running thread pool.
    var process: BinderProcess!
    var manager: ServiceManager { ServiceManager(process, release: Self.release) }
    /// The AIDL numbering the manager child serves and `manager` speaks.
    class var release: ServiceManagerRelease { .newest }

    override func setUpWithError() throws {
        try super.setUpWithError()
        // Checks for lost clients every second (Android: 5 s) to keep runs short.
        let options = ["--android-release", String(Self.release.number), "--client-check-interval", "1"]
        children.append(try KitChild("binder-servicemanager", options + [devicePath]))
        process = try BinderProcess(device: devicePath)
        process.startThreadPool()
    }

    override func tearDown() {
        children.reversed().forEach { $0.kill() }
        children = []
        XCTAssertTrue(process?.stopThreadPool() ?? true, "the thread pool stopped")
        process = nil
        super.tearDown()
    }

    /// Starts a binderkit-test-peer registered as `name`; returns it and its proxy.
    func startPeer(_ name: String = "kit.peer", maxThreads: Int = 15, watching: String? = nil) throws -> (KitChild, RemoteBinder) {
        let child = try KitChild("binderkit-test-peer", [devicePath, name, String(maxThreads)] + (watching.map { [$0] } ?? []))
        children.append(child)
        let proxy = try XCTUnwrap(try manager.getService(name) as? RemoteBinder, "\(name) is registered as a remote binder")
        return (child, proxy)
    }

    /// Polls `condition` up to 30 s (events from other processes arrive on
    /// binder threads); the test asserts the outcome, not how long it took.
    func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<3000 {
            if try condition() { return true }
            usleep(10_000)
        }
        return try condition()
    }
}
