// File descriptors in parcels (BINDER_TYPE_FD): the kernel installs a copy
// in the receiver. Kept in its own class: swbinder gains fd passing on a
// separate branch.

import BinderKit
import Foundation
import Glibc
import XCTest

final class BinderKitFileDescriptorTests: KitTestCase {
    func testPeerReadsAFileWeSend() throws {
        let (_, peer) = try startPeer()
        let path = "/tmp/binderkit-fd-\(getpid()).txt"
        try "contents only the file has".write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var data = ParcelWriter()
        data.writeFileDescriptor(fd, takeOwnership: false)
        var reply = try peer.transact(code: KitPeerCode.readFD, data: data)
        XCTAssertEqual(try reply.readString16(), "contents only the file has")
    }
}
