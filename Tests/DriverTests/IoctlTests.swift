// The ioctl surface: version, table dispatch, and errno for bad requests.

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class IoctlTests: DriverTestCase {
    func testVersionIsCurrentProtocol() throws {
        let driver = try openDevice()
        XCTAssertEqual(try driver.protocolVersion(), 8)
        XCTAssertEqual(try driver.protocolVersion(), BinderProtocolInfo.version)
    }

    func testVersionWithBadPointerIsEINVAL() throws {
        let driver = try openDevice()
        assertErrno(EINVAL) { try driver.ioctl(.version, UnsafeMutableRawPointer(bitPattern: 8)) }
    }

    func testUnknownIoctlNumbersAreEINVAL() throws {
        let driver = try openDevice()
        var scratch = [UInt8](repeating: 0, count: 64)
        let version = UInt(BinderIoctl.version.rawValue)
        let requests: [(String, UInt)] = [
            ("unused nr 99", ioc(.readWrite, "b", 99, 4)),
            ("unused nr 2", ioc(.write, "b", 2, 4)),
            ("BINDER_VERSION with size 8", ioc(.readWrite, "b", 9, 8)),
            ("BINDER_VERSION read-only", ioc(.read, "b", 9, 4)),
            ("BINDER_VERSION nr with type 'c'", version & ~0xff00 | UInt(Character("c").asciiValue!) << 8),
            ("BINDER_WRITE_READ with size 40", ioc(.readWrite, "b", 1, 40)),
        ]
        for (what, request) in requests {
            assertErrno(EINVAL, what) { try driver.rawIoctl(request, &scratch) }
        }
    }

    func testIoctlsUpstreamNeverImplementedAreEINVAL() throws {
        let driver = try openDevice()
        var value: Int64 = 1
        assertErrno(EINVAL) { try driver.ioctl(.setIdleTimeout, &value) }
        assertErrno(EINVAL) { try driver.ioctl(.setIdlePriority, &value) }
    }

    func testSetMaxThreads() throws {
        let driver = try openDevice()
        try driver.setMaxThreads(4)
        try driver.setMaxThreads(0)
        assertErrno(EINVAL, "a bad pointer is EINVAL here upstream") {
            try driver.ioctl(.setMaxThreads, UnsafeMutableRawPointer(bitPattern: 8))
        }
    }

    func testOnewaySpamDetectionCanBeToggled() throws {
        let driver = try openDevice()
        try driver.enableOnewaySpamDetection(true)
        try driver.enableOnewaySpamDetection(false)
        assertErrno(EFAULT) { try driver.ioctl(.enableOnewaySpamDetection, UnsafeMutableRawPointer(bitPattern: 8)) }
    }

    func testExtendedErrorStartsClear() throws {
        let driver = try openDevice()
        let error = try driver.extendedError()
        XCTAssertEqual(error.id, 0)
        XCTAssertEqual(error.command, BinderReturn.ok.rawValue)
        XCTAssertEqual(error.param, 0)
        assertErrno(EFAULT) { try driver.ioctl(.getExtendedError, UnsafeMutableRawPointer(bitPattern: 8)) }
    }

    func testThreadExitThenTheThreadComesBack() throws {
        let driver = try openDevice()
        try driver.threadExit()
        XCTAssertEqual(try driver.protocolVersion(), 8)
        try driver.threadExit()
    }

    func testEachOpenIsItsOwnProc() throws {
        let first = try openDevice()
        let second = try openDevice()
        _ = try first.map(size: 4096)
        _ = try second.map(size: 4096)
    }

    private func ioc(_ direction: IocDirection, _ type: Character, _ nr: UInt, _ size: UInt) -> UInt {
        direction.rawValue << 30 | size << 16 | UInt(type.asciiValue!) << 8 | nr
    }

    private enum IocDirection: UInt {
        case none = 0, write = 1, read = 2, readWrite = 3
    }
}
