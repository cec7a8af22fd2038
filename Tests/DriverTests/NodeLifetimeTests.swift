// A node must be freed once nothing can reach it, whatever order its owner's
// death and the calls to it come in (issue 14: a fuzzer left one behind).

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

final class NodeLifetimeTests: PeerTestCase {
    /// A call to a node of the peer is held inside the driver (copying a
    /// scatter-gather buffer from a page that is not there yet) while the
    /// peer is killed and its file released; then the copy goes on, and the
    /// call fails with BR_DEAD_REPLY because its target died. The node it was
    /// addressed to had its counts cleared at the owner's death while the
    /// call still held one; giving that one back took swbinder's count below
    /// zero, and the node was never freed (debugfs: "node: active 1" for
    /// ever, kmemleak: one unreferenced swb_node).
    /// binder_linux keeps such a node on its dead-node list (its stats keep
    /// it active too), so the count is checked on swbinder only.
    func testCallWhoseTargetDiesWhileItIsBuiltLeavesNoNode() throws {
        let stats = DriverStats()
        let onSwbinder = !stats.debugfs.isBinderLinux
        let baseline = onSwbinder ? try stats.active() : [:]
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let page = mmap(nil, pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              page != MAP_FAILED else { throw PeerError(message: "mmap: \(errno)") }
        defer { munmap(page, pageSize) }
        let uffd = swb_userfaultfd_register(page, UInt(pageSize))
        if uffd < 0 {
            throw XCTSkip("no userfaultfd in this kernel (errno \(errno)): the call cannot be held in the driver")
        }
        defer { close(uffd) }

        var client: BinderEndpoint? = try startPeer()
        // A node the peer sent us (created by translating its binder object,
        // as the leaked one was); we keep a strong ref on it throughout.
        let handle = try fdAcceptingHandle(client!)
        let message = ObjectMessage.padded()
        message.buffer(at: page, length: 64)
        var commands = CommandStream()
        commands.appendScatterGather(message.transaction(handle: handle, code: .describeObjects),
                                     buffersSize: message.buffersSize)

        // Kills the peer once the driver waits for the page, then lets it go on.
        let peer = self.peer!
        let killer = KillOnFault(uffd: uffd, page: page, length: pageSize, kill: { peer.kill() })
        let thread = Thread { killer.run() }
        thread.start()
        let outcome = try withExtendedLifetime(message) { try rawCall(client!, commands) }
        killer.done.wait()
        XCTAssertTrue(killer.faulted, "the driver never touched the page: the call was not held")
        XCTAssertEqual(outcome, .deadReply)

        // Our ref is the node's last: closing must free it.
        client = nil
        if onSwbinder {
            let left = try stats.settle(to: baseline, kinds: ["node", "ref", "transaction", "buffer"])
            XCTAssertTrue(left.isEmpty, "left behind (now, before): \(left)")
        }
    }
}

/// The helper thread of the test above.
private final class KillOnFault: @unchecked Sendable {
    let uffd: Int32
    let page: UnsafeMutableRawPointer
    let length: Int
    let kill: () -> Void
    let done = DispatchSemaphore(value: 0)
    private(set) var faulted = false

    init(uffd: Int32, page: UnsafeMutableRawPointer, length: Int, kill: @escaping () -> Void) {
        (self.uffd, self.page, self.length, self.kill) = (uffd, page, length, kill)
    }

    func run() {
        faulted = swb_userfaultfd_wait(uffd, 30_000) == 0
        // Killed and reaped: the peer's binder file has been released.
        kill()
        let fill = [UInt8](repeating: 0x5a, count: length)
        _ = fill.withUnsafeBytes { swb_userfaultfd_fill(uffd, page, $0.baseAddress!, UInt(length)) }
        done.signal()
    }
}
