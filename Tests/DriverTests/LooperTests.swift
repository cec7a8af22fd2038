// The thread pool protocol: BC_ENTER/REGISTER/EXIT_LOOPER and exactly when
// the driver asks for another looper with BR_SPAWN_LOOPER.

import BinderABI
import BinderKit
import Glibc
import XCTest

final class LooperTests: DriverTestCase {
    /// A new thread enters the looper and reads once; returns what it read.
    private func enterAndRead(_ driver: BinderDriver, _ command: BinderCommand) throws -> [BinderReturn] {
        let result = try onNewThread { () -> WriteReadResult in
            var stream = CommandStream()
            stream.append(command)
            return try driver.writeRead(stream, readCapacity: 64)
        }
        return try codes(result)
    }

    func testNoSpawnRequestWhileMaxThreadsIsZero() throws {
        let driver = try openDevice()
        XCTAssertEqual(try enterAndRead(driver, .enterLooper), [.noop])
    }

    func testSpawnRequestedWhenThePoolIsBelowMax() throws {
        let driver = try openDevice()
        try driver.setMaxThreads(1)
        XCTAssertEqual(try enterAndRead(driver, .enterLooper), [.spawnLooper])
    }

    func testOnlyOneSpawnRequestIsOutstanding() throws {
        let driver = try openDevice()
        try driver.setMaxThreads(4)
        XCTAssertEqual(try enterAndRead(driver, .enterLooper), [.spawnLooper])
        XCTAssertEqual(try enterAndRead(driver, .enterLooper), [.noop], "a request is already outstanding")
    }

    func testRegisteredLooperAnswersTheRequest() throws {
        let driver = try openDevice()
        try driver.setMaxThreads(2)
        XCTAssertEqual(try enterAndRead(driver, .enterLooper), [.spawnLooper])
        // The spawned thread registers; one slot of two is now used, so it asks again.
        XCTAssertEqual(try enterAndRead(driver, .registerLooper), [.spawnLooper])
        // The second spawned thread fills the pool.
        XCTAssertEqual(try enterAndRead(driver, .registerLooper), [.noop])
    }

    func testNonLooperThreadsNeverGetSpawnRequests() throws {
        let driver = try openDevice()
        try driver.setMaxThreads(2)
        let result = try onNewThread { try driver.writeRead(readCapacity: 64) }
        XCTAssertEqual(try codes(result), [.noop])
    }

    func testBadLooperSequencesAreNotWriteErrors() throws {
        // Upstream marks the thread invalid; the write itself succeeds.
        let driver = try openDevice(nonBlocking: true)
        var unrequested = CommandStream()
        unrequested.append(.registerLooper)
        XCTAssertEqual(try driver.writeRead(unrequested).writeConsumed, 4)
        var stream = CommandStream()
        stream.append(.enterLooper)
        stream.append(.registerLooper)
        stream.append(.exitLooper)
        let both = stream
        let result = try onNewThread { try driver.writeRead(both) }
        XCTAssertEqual(result.writeConsumed, 12)
    }
}
