// A single-threaded binder user: sends transactions and drives the read
// loop until the answer arrives, acknowledging reference changes and
// serving nested calls on the way. The thread pool builds on this.

import BinderABI
import CBinderUAPI
import Glibc

/// How a synchronous call ended.
public enum CallOutcome: Equatable, Sendable {
    case reply(ReceivedTransaction)
    /// The target died or the call could not reach it.
    case deadReply
    /// The driver refused or failed the call.
    case failedReply
    /// The target is frozen.
    case frozenReply
}

/// An open, mapped binder device used from one thread at a time.
public final class BinderEndpoint {
    public let driver: BinderDriver
    public let mapping: BinderMapping
    /// Every BR_ code read so far, in order (for tests and tracing).
    public private(set) var log: [BinderReturn] = []
    /// Commands to send with the next write: acknowledgements, buffer frees.
    private var pending = CommandStream()
    /// Answers nested calls that arrive while waiting: (call) -> reply.
    public var serve: (ReceivedTransaction) -> OutgoingTransaction = { _ in OutgoingTransaction(code: 0) }
    /// Death notifications read so far (cookies).
    public private(set) var deaths: [UInt64] = []
    /// Calls whose buffer is kept after serving instead of freed at once
    /// (a service holding on to its data); `freeKeptBuffers` lets them go.
    public var keepsBuffer: (ReceivedTransaction) -> Bool = { _ in false }
    public private(set) var keptBuffers: [UInt64] = []

    public init(path: String, mapSize: Int = 128 * 1024) throws {
        driver = try BinderDriver(path: path)
        mapping = try driver.map(size: mapSize)
    }

    /// Sends a call and reads until it is answered (or, oneway, accepted).
    @discardableResult
    public func call(_ transaction: OutgoingTransaction) throws -> CallOutcome {
        pending.append(transaction)
        let oneway = transaction.flags.contains(.oneWay)
        while true {
            for item in try exchange() {
                if let outcome = try handle(item, oneway: oneway) { return outcome }
            }
        }
    }

    /// Sends whatever is pending (acknowledgements, frees) and reads once.
    public func flush() throws {
        for item in try exchange() {
            _ = try handle(item, oneway: true)
        }
    }

    /// Sends whatever is pending without reading.
    public func sendPending() throws {
        _ = try exchange(readCapacity: 0)
    }

    /// Queues BC_FREE_BUFFER for every kept buffer, to go with the next write.
    public func freeKeptBuffers() {
        keptBuffers.forEach { pending.appendFreeBuffer($0) }
        keptBuffers = []
    }

    /// Queues commands to go with the next write.
    public func enqueue(_ commands: (inout CommandStream) -> Void) {
        commands(&pending)
    }

    private func exchange(readCapacity: Int = 512) throws -> [ReturnItem] {
        let commands = pending
        pending = CommandStream()
        let items = try driver.writeRead(commands, readCapacity: readCapacity).returns()
        log += items.map(\.code)
        return items
    }

    /// Reacts to one return; non-nil when it ends the call.
    private func handle(_ item: ReturnItem, oneway: Bool) throws -> CallOutcome? {
        switch item.code {
        case .transactionComplete, .onewaySpamSuspect, .transactionPendingFrozen:
            // Spam suspicion, or a frozen target, replaces "complete" for a oneway call.
            return oneway ? .reply(Self.noReply) : nil
        case .reply:
            let reply = item.transaction()!
            pending.appendFreeBuffer(reply.bufferAddress)
            return .reply(reply)
        case .deadReply:
            return .deadReply
        case .failedReply:
            return .failedReply
        case .frozenReply:
            return .frozenReply
        case .transaction, .transactionSecCtx:
            let call = item.transaction()!
            let answer = serve(call)
            if !call.flags.contains(.oneWay) {
                pending.append(answer, reply: true)
            }
            if keepsBuffer(call) {
                keptBuffers.append(call.bufferAddress)
            } else {
                pending.appendFreeBuffer(call.bufferAddress)
            }
            return nil
        case .increfs, .acquire:
            let (ptr, cookie) = item.ptrCookie!
            pending.append(item.code == .increfs ? .increfsDone : .acquireDone, ptr: ptr, cookie: cookie)
            return nil
        case .deadBinder:
            let cookie = item.cookie!
            deaths.append(cookie)
            pending.append(.deadBinderDone, payload: withUnsafeBytes(of: cookie.littleEndian) { Array($0) })
            return nil
        default:
            return nil
        }
    }

    private static let noReply = ReceivedTransaction(
        isReply: false, targetPtr: 0, cookie: 0, code: 0, flags: [], senderPID: 0, senderEUID: 0,
        data: [], offsets: [], bufferAddress: 0)
}
