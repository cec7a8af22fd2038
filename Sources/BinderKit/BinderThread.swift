// What one thread does with the driver: its queue of commands, the read
// loop that answers the kernel, and synchronous calls (which serve nested
// calls while they wait, as Android's IPCThreadState does).

import BinderABI
import Foundation
import Glibc

/// One thread's state on one BinderProcess; only that thread touches it.
final class ThreadState {
    /// Commands to send with the next write: acknowledgements, frees, replies.
    var pending = CommandStream()
    /// Local binders in parcels this thread sent, until BR_TRANSACTION_COMPLETE.
    var inFlight: [LocalBinder] = []
    /// The other objects those parcels refer to (proxies whose handles they
    /// carry, owners of the fds they carry), until BR_TRANSACTION_COMPLETE:
    /// a reply is written after its handler returned, so without this a
    /// proxy received in the call could release its handle, or an fd be
    /// closed, before the kernel has read the reply.
    var keptAlive: [any AnyObject & Sendable] = []
}

extension BinderProcess {
    /// The calling thread's state, created on first use.
    func threadState() -> ThreadState {
        let dictionary = Thread.current.threadDictionary
        if let state = dictionary[key] as? ThreadState { return state }
        let state = ThreadState()
        dictionary[key] = state
        return state
    }

    /// Sends the thread's pending commands and reads what the driver has for it.
    func exchange(_ state: ThreadState, readCapacity: Int = 1024) throws -> [ReturnItem] {
        let commands = state.pending
        state.pending = CommandStream()
        do {
            return try driver.writeRead(commands, readCapacity: readCapacity).returns()
        } catch let error as WriteReadError {
            // Interrupted before the write was taken: try it again next time.
            if error.partial.writeConsumed == 0 { state.pending = commands }
            let partial = try error.partial.returns()
            if !partial.isEmpty { return partial }
            throw error.error
        }
    }

    /// Pins the local binders of a parcel this thread is about to send.
    func pinObjects(of parcel: ParcelWriter, on state: ThreadState) {
        for object in parcel.retained {
            if let local = object as? LocalBinder {
                nodes.pin(local)
                state.inFlight.append(local)
            } else {
                state.keptAlive.append(object)
            }
        }
    }

    /// BR_TRANSACTION_COMPLETE: the kernel holds its own references now.
    func unpinAll(on state: ThreadState) {
        for local in state.inFlight { nodes.unpin(local) }
        state.inFlight = []
        // A proxy that goes here sends its BC_RELEASE now, after the kernel has the parcel.
        state.keptAlive = []
    }

    /// Every return that does not end a call of this thread.
    func handle(_ item: ReturnItem, on state: ThreadState) {
        switch item.code {
        case .transaction, .transactionSecCtx:
            if let call = item.transaction() { serve(call, on: state) }
        case .spawnLooper:
            spawnRequested()
        case .increfs, .acquire, .release, .decrefs:
            guard let (ptr, cookie) = item.ptrCookie else { return }
            let kind: BinderReturnCodeKind = switch item.code {
            case .increfs: .increfs
            case .acquire: .acquire
            case .release: .release
            default: .decrefs
            }
            nodes.kernelReference(kind, cookie: cookie)
            // The kernel waits for these two acknowledgements.
            if item.code == .increfs { state.pending.append(.increfsDone, ptr: ptr, cookie: cookie) }
            if item.code == .acquire { state.pending.append(.acquireDone, ptr: ptr, cookie: cookie) }
        case .deadBinder:
            guard let cookie = item.cookie else { return }
            deadBinder(cookie: cookie)
            state.pending.append(.deadBinderDone, payload: withUnsafeBytes(of: cookie.littleEndian) { Array($0) })
        case .transactionComplete, .transactionPendingFrozen:
            unpinAll(on: state)
        default:
            // BR_NOOP, BR_OK, BR_FINISHED, BR_CLEAR_DEATH_NOTIFICATION_DONE,
            // BR_ONEWAY_SPAM_SUSPECT, BR_ERROR, stray replies: nothing to do.
            break
        }
    }

    /// Runs a transaction addressed to one of our local binders and queues the reply.
    private func serve(_ transaction: ReceivedTransaction, on state: ThreadState) {
        var call = IncomingCall(
            code: transaction.code, flags: transaction.flags, senderPID: transaction.senderPID,
            senderEUID: transaction.senderEUID, data: IncomingParcel.received(transaction, process: self))
        // Every handle in it now has a proxy with its own reference.
        state.pending.appendFreeBuffer(transaction.bufferAddress)
        var reply: ParcelWriter
        var flags: TransactionFlags = []
        do {
            guard let target = nodes.object(forCookie: transaction.cookie) else { throw BinderStatus.unknownTransaction }
            reply = try target.handle(&call)
        } catch {
            reply = ParcelWriter()
            reply.writeInt32((error as? BinderStatus ?? .badValue).code)
            flags = .statusCode
        }
        guard !call.isOneway else { return }
        pinObjects(of: reply, on: state)
        state.pending.append(OutgoingTransaction(code: 0, flags: flags, parcel: reply), reply: true)
    }

    /// A call from this thread to `handle`; serves nested calls while waiting.
    func transact(handle: UInt32, code: UInt32, data: ParcelWriter, flags: TransactionFlags) throws -> IncomingParcel {
        let state = threadState()
        pinObjects(of: data, on: state)
        let oneway = flags.contains(.oneWay)
        state.pending.append(OutgoingTransaction(handle: handle, code: code, flags: flags.union(.acceptFds), parcel: data))
        defer { withExtendedLifetime(data) {} }
        while true {
            let items: [ReturnItem]
            do {
                items = try exchange(state)
            } catch let error as BinderError where error.errno == EINTR {
                continue
            } catch {
                unpinAll(on: state)
                throw error
            }
            var outcome: Result<IncomingParcel, any Error>?
            for item in items {
                if outcome == nil, let end = endOfCall(item, oneway: oneway, on: state) {
                    outcome = end
                } else {
                    self.handle(item, on: state)
                }
            }
            if let outcome { return try outcome.get() }
        }
    }

    /// The result when `item` ends the call; nil otherwise.
    private func endOfCall(_ item: ReturnItem, oneway: Bool, on state: ThreadState) -> Result<IncomingParcel, any Error>? {
        switch item.code {
        case .transactionComplete, .transactionPendingFrozen:
            unpinAll(on: state)
            return oneway ? .success(IncomingParcel(local: ParcelWriter())) : nil
        case .reply:
            guard let reply = item.transaction() else { return .failure(BinderCallError.unexpectedReturn(.reply)) }
            let parcel = IncomingParcel.received(reply, process: self)
            state.pending.appendFreeBuffer(reply.bufferAddress)
            if reply.flags.contains(.statusCode) {
                var reader = reply.parcel
                return .failure(BinderCallError.status((try? reader.readInt32()) ?? 0))
            }
            return .success(parcel)
        case .deadReply:
            return .failure(BinderCallError.deadObject)
        case .failedReply:
            return .failure(BinderCallError.failedTransaction)
        case .frozenReply:
            return .failure(BinderCallError.frozen)
        default:
            return nil
        }
    }
}
