// The thread pool: BR_SPAWN_LOOPER answered with real threads, never more
// than BINDER_SET_MAX_THREADS.

import BinderKit
import Foundation
import XCTest

final class BinderKitThreadPoolTests: KitTestCase {
    /// `count` concurrent calls that each wait inside the peer for all the others.
    private func barrier(_ peer: RemoteBinder, count: Int) throws -> [(reached: Int32, spawns: Int32)] {
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            Thread {
                defer { group.leave() }
                var data = ParcelWriter()
                data.writeInt32(Int32(count))
                do {
                    var reply = try peer.transact(code: KitPeerCode.barrier, data: data)
                    results.append((try reply.readInt32(), try reply.readInt32()))
                } catch {
                    results.append((-1, -1))
                }
            }.start()
        }
        group.wait()
        return results.all
    }

    func testDriverAsksForLoopersUpToMaxThreads() throws {
        // The peer runs two loopers of its own (startThreadPool + joinThreadPool);
        // four concurrent calls need two more, which only BR_SPAWN_LOOPER can bring.
        let (_, peer) = try startPeer(maxThreads: 2)
        let results = try barrier(peer, count: 4)
        XCTAssertEqual(results.map(\.reached), [1, 1, 1, 1], "four calls ran at once in the peer")
        var spawns = try peer.transact(code: KitPeerCode.barrier, data: { var d = ParcelWriter(); d.writeInt32(1); return d }())
        _ = try spawns.readInt32()
        XCTAssertEqual(try spawns.readInt32(), 2, "exactly max_threads loopers were requested")
    }

    func testStoppingThePoolEndsEveryLooperAndJoinReturns() throws {
        let joined = DispatchSemaphore(value: 0)
        let process = try XCTUnwrap(self.process)
        Thread {
            process.joinThreadPool()
            joined.signal()
        }.start()
        XCTAssertTrue(eventually { process.looperCount >= 2 }, "the started looper, the joined thread, any spawned")
        // Calls still work while the pool runs: the service manager answers.
        XCTAssertNotNil(try manager.listServices())
        XCTAssertTrue(process.stopThreadPool(), "every looper left")
        XCTAssertEqual(process.looperCount, 0)
        XCTAssertEqual(joined.wait(timeout: .now() + 10), .success, "joinThreadPool returned")
        // Outgoing calls do not need the pool.
        XCTAssertNotNil(try manager.listServices())
    }
}

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(reached: Int32, spawns: Int32)] = []
    func append(_ item: (Int32, Int32)) { lock.withLock { items.append((item.0, item.1)) } }
    var all: [(reached: Int32, spawns: Int32)] { lock.withLock { items } }
}
