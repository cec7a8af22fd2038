// FLAT_BINDER_FLAG_TXN_SECURITY_CTX: a node that asks for it receives each
// call as BR_TRANSACTION_SEC_CTX, with the caller's LSM context in the
// buffer. Without an LSM that has contexts the call fails, as upstream.

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc
import XCTest

final class SecurityContextTests: DriverTestCase {
    private func becomeManagerAskingForContexts() throws -> BinderEndpoint {
        let manager = try BinderEndpoint(path: devicePath)
        var object = flat_binder_object()
        object.hdr.type = BinderObjectType.binder.rawValue
        object.flags = ParcelObject.defaultFlags | FlatBinderFlags.txnSecurityCtx.rawValue
        object.binder = 0xc000
        object.cookie = 0xc001
        for attempt in 1...1000 {
            do {
                try manager.driver.ioctl(.setContextMgrExt, &object)
                break
            } catch let error as BinderError where error.errno == EBUSY && attempt < 1000 {
                usleep(20_000)
            }
        }
        manager.enqueue { $0.append(.enterLooper) }
        return manager
    }

    /// Waits for the call or for the caller to give up; never blocks for good.
    private func awaitCall(_ manager: BinderEndpoint, from caller: PeerProcess) throws -> ReturnItem? {
        let flags = fcntl(manager.driver.fd, F_GETFL)
        _ = fcntl(manager.driver.fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(manager.driver.fd, F_SETFL, flags) }
        while true {
            do {
                try manager.sendPending()
                let items = try manager.driver.writeRead(readCapacity: 512).returns()
                if let call = items.first(where: { $0.code == .transactionSecCtx || $0.code == .transaction }) {
                    return call
                }
            } catch let error as WriteReadError where error.error.errno == EAGAIN {
                if !caller.process.isRunning { return nil }
                usleep(10_000)
            }
        }
    }

    func testCallsCarryTheCallersSecurityContext() throws {
        let manager = try becomeManagerAskingForContexts()
        let caller = try PeerProcess(device: devicePath, mode: ["client", "1"], firstLine: "calling")
        guard let call = try awaitCall(manager, from: caller) else {
            // The kernel's LSM has no context for the caller (no LSM, or one
            // such as AppArmor that gives credentials no secid): upstream
            // fails the call rather than deliver it without one.
            XCTAssertEqual(caller.readLine(), "failedReply")
            print("SecurityContextTests: no LSM context for the caller; the call failed, as upstream")
            return
        }
        XCTAssertEqual(call.code, .transactionSecCtx)
        XCTAssertEqual(call.payload.count, MemoryLayout<binder_transaction_data_secctx>.size)
        let received = try XCTUnwrap(call.transaction())
        let secctx = call.payload[64..<72].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        let end = UInt64(UInt(bitPattern: manager.mapping.address)) + UInt64(manager.mapping.size)
        XCTAssertGreaterThanOrEqual(secctx, received.bufferAddress + UInt64(received.data.count),
                                    "the context lies after the data")
        XCTAssertLessThan(secctx, end)
        let context = String(cString: UnsafePointer<CChar>(bitPattern: UInt(secctx))!)
        XCTAssertFalse(context.isEmpty)
        print("SecurityContextTests: caller's context \(context)")

        var answer = CommandStream()
        answer.append(OutgoingTransaction(code: 0, data: [1]), reply: true)
        answer.appendFreeBuffer(received.bufferAddress)
        _ = try manager.driver.writeRead(answer)
        XCTAssertEqual(caller.readLine()?.hasPrefix("reply("), true, "the caller got our reply")
    }

    func testPlainManagerGetsPlainTransactions() throws {
        let manager = try BinderEndpoint(path: devicePath)
        var unused: Int32 = 0
        for attempt in 1...1000 {
            do {
                try manager.driver.ioctl(.setContextMgr, &unused)
                break
            } catch let error as BinderError where error.errno == EBUSY && attempt < 1000 {
                usleep(20_000)
            }
        }
        manager.enqueue { $0.append(.enterLooper) }
        let caller = try PeerProcess(device: devicePath, mode: ["client", "1"], firstLine: "calling")
        let call = try XCTUnwrap(try awaitCall(manager, from: caller), "the call reaches a manager without the flag")
        XCTAssertEqual(call.code, .transaction)
        let received = try XCTUnwrap(call.transaction())
        var answer = CommandStream()
        answer.append(OutgoingTransaction(code: 0), reply: true)
        answer.appendFreeBuffer(received.bufferAddress)
        _ = try manager.driver.writeRead(answer)
        XCTAssertEqual(caller.readLine()?.hasPrefix("reply("), true)
    }
}
