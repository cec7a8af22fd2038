// Shared set-up for tests that talk to a live binder device.
//
// `make test` runs these inside a QEMU guest, once against swbinder
// (SWB_TEST_DRIVER=swbinder) and once against the kernel's binder_linux,
// with SWB_TEST_DEVICE naming the device node. Every assertion must hold
// for both drivers: upstream behaviour is the reference.

import BinderABI
import BinderKit
import Foundation
import Glibc
import XCTest

class DriverTestCase: XCTestCase {
    /// The device under test, e.g. /dev/binder.
    var devicePath: String!
    /// Records the protocol items this test exercised (see CoverageRecorder).
    private var coverage: CoverageRecorder?

    override func setUpWithError() throws {
        guard let path = ProcessInfo.processInfo.environment["SWB_TEST_DEVICE"] else {
            throw XCTSkip("SWB_TEST_DEVICE is not set: DriverTests run in the VM (make test)")
        }
        devicePath = path
        coverage = CoverageRecorder.start()
        // A test that hangs (a call the driver never answers) must fail, not
        // stall the run: SIGALRM ends the process and the suite counts it failed.
        alarm(hangLimitSeconds)
    }

    /// How long one test may take before it counts as hung (a bound, not a timing claim).
    var hangLimitSeconds: UInt32 { 120 }

    override func tearDown() {
        alarm(0)
        coverage?.finish(test: name)
        coverage = nil
        super.tearDown()
    }

    /// The running kernel's release (major.minor).
    var runningKernel: KernelRelease {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return KernelRelease(parts.first ?? 0, parts.count > 1 ? parts[1] : 0)
    }

    /// Whether the driver under test has a feature that appeared upstream in
    /// `since`: swbinder implements the whole spec on every kernel.
    func driverHas(since: KernelRelease) -> Bool {
        ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"] == "swbinder" || runningKernel >= since
    }

    func openDevice(nonBlocking: Bool = false) throws -> BinderDriver {
        try BinderDriver(path: devicePath, nonBlocking: nonBlocking)
    }

    /// Runs `body` on a brand-new thread (new to every binder proc) and waits for it.
    func onNewThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.start()
        done.wait()
        return try box.result!.get()
    }

    /// Asserts that `body` throws a BinderError with `errno`.
    func assertErrno(
        _ expected: Int32, _ message: String = "", file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            XCTFail("expected errno \(expected), got success. \(message)", file: file, line: line)
        } catch let error as BinderError {
            XCTAssertEqual(error.errno, expected, "\(error). \(message)", file: file, line: line)
        } catch let error as WriteReadError {
            XCTAssertEqual(error.error.errno, expected, "\(error). \(message)", file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    /// The BR_ codes of a read, in order.
    func codes(_ result: WriteReadResult) throws -> [BinderReturn] {
        try result.returns().map(\.code)
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
