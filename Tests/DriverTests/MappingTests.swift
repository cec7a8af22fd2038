// The buffer mapping: read-only, capped, once per open file.

import BinderKit
import Glibc
import XCTest

final class MappingTests: DriverTestCase {
    func testWritableMappingIsEPERM() throws {
        let driver = try openDevice()
        let address = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, driver.fd, 0)
        XCTAssertEqual(address, MAP_FAILED)
        XCTAssertEqual(errno, EPERM)
    }

    func testReadOnlyMappingWorksOncePerOpen() throws {
        let driver = try openDevice()
        let mapping = try driver.map(size: 128 * 1024)
        XCTAssertEqual(mapping.size, 128 * 1024)
        assertErrno(EBUSY, "a second mapping") { _ = try driver.map(size: 4096) }
    }

    func testNoSecondMappingEvenAfterUnmap() throws {
        let driver = try openDevice()
        do {
            _ = try driver.map(size: 8192)
        }
        assertErrno(EBUSY) { _ = try driver.map(size: 8192) }
    }

    func testMappingCanNeverBecomeWritable() throws {
        let driver = try openDevice()
        let mapping = try driver.map(size: 8192)
        XCTAssertEqual(mprotect(mapping.address, 4096, PROT_READ | PROT_WRITE), -1)
        XCTAssertEqual(errno, EACCES)
    }

    func testMappingLargerThanFourMiBIsAccepted() throws {
        // Upstream uses the first 4 MiB and leaves the rest of the area unused.
        let driver = try openDevice()
        let mapping = try driver.map(size: 8 * 1024 * 1024)
        XCTAssertEqual(mapping.size, 8 * 1024 * 1024)
    }

    func testMappingIsNotInheritedByFork() throws {
        let driver = try openDevice()
        let mapping = try driver.map(size: 8192)
        let pid = fork()
        if pid == 0 {
            // In the child the range must be unmapped (VM_DONTCOPY): mincore fails with ENOMEM.
            var vec = [UInt8](repeating: 0, count: 2)
            let r = mincore(mapping.address, 8192, &vec)
            _exit(r == -1 && errno == ENOMEM ? 0 : 1)
        }
        var status: Int32 = 0
        XCTAssertEqual(waitpid(pid, &status, 0), pid)
        XCTAssertEqual(status, 0, "the child still saw the binder mapping")
    }
}
