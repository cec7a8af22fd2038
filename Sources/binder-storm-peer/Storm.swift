// The storm process: its driver, what it holds, its loopers and workers.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import SeededRandom
import Synchronization

enum StormCode: UInt32 {
    case register = 1  // a binder object: the registry keeps a strong ref
    case fetch = 2     // reply: a handle object of a registered binder (none yet: empty)
    case echo = 3      // uint32 n, objects, then n bytes: reply with them, a binder and an fd
    case note = 4      // oneway; anything
}

func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

func word<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int, _: T.Type) -> T {
    guard offset >= 0, offset + MemoryLayout<T>.size <= bytes.count else { return 0 }
    return (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(bytes[offset + $1]) << (8 * $1) }
}

/// What a peer holds: handles with a strong ref of ours, and which
/// notifications are set on each (a notification is cleared before release).
struct Held {
    var handles: [UInt32: (death: Bool, freeze: Bool)] = [:]
}

/// Shared by the process's threads: immutable settings, and state behind Mutexes.
final class Storm: @unchecked Sendable {
    let role: String
    let seed: UInt64
    let logFd: Int32
    let freezeNotes: Bool
    let held = Mutex(Held())
    /// The registry's handles, oldest first (one entry per strong ref taken).
    let registered = Mutex([UInt32]())
    private(set) var driver: BinderDriver!
    /// The buffer space: calls to this proc land here (unmapped, they would fail).
    private(set) var mapping: BinderMapping!

    init(device: String, role: String, seed: UInt64, log: String, freezeNotes: Bool) {
        (self.role, self.seed, self.freezeNotes) = (role, seed, freezeNotes)
        logFd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        do {
            driver = try BinderDriver(path: device)
            mapping = try driver.map(size: 1 << 20)
            try driver.setMaxThreads(0)
        } catch {
            fatal("open/map: \(error)")
        }
    }

    func note(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(logFd, $0.baseAddress, $0.count) }
    }

    func fatal(_ message: String) -> Never {
        note("\nFATAL \(role) \(getpid()): \(message)\n")
        exit(3)
    }

    /// The bytes an echo of `length` carries for this seed and sequence number.
    func pattern(_ sequence: UInt64, _ length: Int) -> [UInt8] {
        var generator = SplitMix64(state: seed ^ (sequence &* 0x2545_f491_4f6c_dd1d))
        return (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// One BINDER_WRITE_READ; a failure no driver should give is fatal.
    /// `tolerated` lists errnos the write may legitimately end with.
    func exchange(_ commands: CommandStream, read: Int, tolerated: [Int32] = []) -> [ReturnItem] {
        do {
            return try driver.writeRead(commands, readCapacity: read).returns()
        } catch let error as WriteReadError where tolerated.contains(error.error.errno) {
            return (try? error.partial.returns()) ?? []
        } catch let error as WriteReadError {
            fatal("write-read: \(error) at \(failedCommand(commands, error.partial.writeConsumed))")
        } catch {
            fatal("write-read: \(error)")
        }
    }

    /// The name of the command a failed write stopped at (for the FATAL line).
    func failedCommand(_ commands: CommandStream, _ consumed: Int) -> String {
        let code = word(commands.bytes, consumed, UInt32.self)
        let name = BinderCommand(rawValue: code).map { "\($0)" } ?? String(code, radix: 16)
        let argument = word(commands.bytes, consumed + 4, UInt64.self)
        return "offset \(consumed) of \(commands.bytes.count): \(name), argument \(String(argument, radix: 16))"
    }

    /// Closes the fds an incoming transaction installed here.
    func closeReceivedFds(_ transaction: ReceivedTransaction) {
        for offset in transaction.offsets.map({ Int($0) })
        where word(transaction.data, offset, UInt32.self) == BinderObjectType.fd.rawValue {
            close(Int32(bitPattern: word(transaction.data, offset + 8, UInt32.self)))
        }
    }

    /// The handle of the first handle object in a transaction, if any.
    func firstHandle(_ transaction: ReceivedTransaction) -> UInt32? {
        for offset in transaction.offsets.map({ Int($0) })
        where word(transaction.data, offset, UInt32.self) == BinderObjectType.handle.rawValue {
            return word(transaction.data, offset + 8, UInt32.self)
        }
        return nil
    }

    /// The reply a looper gives to a call, and an fd of ours it carries (closed
    /// once the reply is sent: the driver holds its own reference meanwhile).
    func answer(_ call: ReceivedTransaction, _ commands: inout CommandStream,
                _ random: inout SplitMix64) -> (OutgoingTransaction, Int32) {
        var reply = ParcelWriter()
        switch StormCode(rawValue: call.code) {
        case .register where role == "registry":
            if let handle = firstHandle(call) {
                commands.append(.acquire, handle)
                registered.withLock { list in
                    list.append(handle)
                    if list.count > 16 { commands.append(.release, list.removeFirst()) }
                }
            }
        case .fetch where role == "registry":
            if let handle = registered.withLock({ $0.isEmpty ? nil : $0[random.below($0.count)] }) {
                reply.writeStrongHandle(handle)
            }
        case .echo:
            // uint32 n, objects, then the n payload bytes: the reply has the same shape.
            let length = Int(word(call.data, 0, UInt32.self))
            let payload = length <= call.data.count ? Array(call.data.suffix(length)) : []
            reply.writeUInt32(UInt32(payload.count))
            reply.writeObject(.binder(ptr: 0x5000 + UInt64(random.below(4)) * 16, cookie: 0x77,
                                      flags: ParcelObject.defaultFlags))
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            if fd >= 0 { reply.writeObject(.fileDescriptor(fd, cookie: 0)) }
            return (OutgoingTransaction(code: 0, data: reply.bytes + payload, offsets: reply.objectOffsets), fd)
        default:
            break
        }
        return (OutgoingTransaction(code: 0, parcel: reply), -1)
    }

    /// Reacts to a return that does not end a call of this thread.
    func react(_ item: ReturnItem, _ commands: inout CommandStream, _ random: inout SplitMix64) {
        switch item.code {
        case .transaction, .transactionSecCtx:
            let call = item.transaction()!
            closeReceivedFds(call)
            let (reply, fd) = answer(call, &commands, &random)
            if !call.flags.contains(.oneWay) { commands.append(reply, reply: true) }
            commands.appendFreeBuffer(call.bufferAddress)
            if fd >= 0 {
                _ = exchange(commands, read: 0)
                commands = CommandStream()
                close(fd)
            }
        case .increfs, .acquire:
            let (ptr, cookie) = item.ptrCookie!
            commands.append(item.code == .increfs ? .increfsDone : .acquireDone, ptr: ptr, cookie: cookie)
        case .deadBinder:
            note("d")
            commands.append(.deadBinderDone, payload: littleEndian(item.cookie!))
        case .frozenBinder:
            note("f")
            commands.append(.freezeNotificationDone, payload: littleEndian(word(item.payload, 0, UInt64.self)))
        case .error:
            fatal("BR_ERROR \(item.payload)")
        default:
            break
        }
    }

    /// A looper: serves calls and notifications until the process is killed.
    func looper(_ index: UInt64) {
        var random = SplitMix64(state: seed &+ 100 &+ index)
        var commands = CommandStream()
        commands.append(.enterLooper)
        while true {
            let items = exchange(commands, read: 4096)
            commands = CommandStream()
            for item in items { react(item, &commands, &random) }
        }
    }

    enum Outcome { case reply(ReceivedTransaction), done, dead, failed, frozen }

    /// Sends one call and reads until it ends; the reply buffer is freed with
    /// `afterReply` commands (taken refs first).
    func call(_ transaction: OutgoingTransaction, _ random: inout SplitMix64,
              afterReply: (ReceivedTransaction, inout CommandStream) -> Void = { _, _ in }) -> Outcome {
        var commands = CommandStream()
        commands.append(transaction)
        let oneway = transaction.flags.contains(.oneWay)
        while true {
            let items = exchange(commands, read: 512)
            commands = CommandStream()
            // Every item of the read is handled (acks are not lost), then the call ends.
            var outcome: Outcome?
            for item in items {
                switch item.code {
                case .transactionComplete, .onewaySpamSuspect, .transactionPendingFrozen:
                    if oneway { outcome = .done }
                case .reply:
                    let reply = item.transaction()!
                    afterReply(reply, &commands)
                    closeReceivedFds(reply)
                    commands.appendFreeBuffer(reply.bufferAddress)
                    outcome = .reply(reply)
                case .deadReply: note("x"); outcome = .dead
                case .failedReply: outcome = .failed
                case .frozenReply: note("z"); outcome = .frozen
                default:
                    react(item, &commands, &random)
                }
            }
            guard let outcome else { continue }
            if !commands.bytes.isEmpty { _ = exchange(commands, read: 0) }
            // A target that cannot answer: pause, so that no thread spins on it.
            if case .reply = outcome {} else if case .done = outcome {} else { usleep(2_000) }
            return outcome
        }
    }

    /// One action of a worker, chosen at random.
    func act(_ random: inout SplitMix64, sequence: UInt64) {
        let choice = random.below(100)
        let handles = held.withLock { Array($0.handles.keys) }
        let target = handles.isEmpty ? nil : handles[random.below(handles.count)]
        switch choice {
        case 0..<12:
            var parcel = ParcelWriter()
            parcel.writeObject(.binder(ptr: 0x1000 + UInt64(random.below(4)) * 16, cookie: 0x11, flags: ParcelObject.defaultFlags))
            _ = call(OutgoingTransaction(code: StormCode.register.rawValue, parcel: parcel), &random)
        case 12..<30:
            _ = call(OutgoingTransaction(code: StormCode.fetch.rawValue), &random) { reply, after in
                guard let handle = firstHandle(reply) else { return }
                held.withLock { state in
                    if state.handles[handle] == nil && state.handles.count < 8 {
                        after.append(.acquire, handle)
                        state.handles[handle] = (false, false)
                    }
                }
            }
        case 30..<65:
            guard let target else { return }
            let payload = pattern(sequence, 16 + random.below(2048))
            var parcel = ParcelWriter()
            parcel.writeUInt32(UInt32(payload.count))
            parcel.writeObject(.binder(ptr: 0x2000 + UInt64(random.below(4)) * 16, cookie: 0x22, flags: ParcelObject.defaultFlags))
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            parcel.writeObject(.fileDescriptor(fd, cookie: 0))
            let data = parcel.bytes + payload
            let outcome = call(OutgoingTransaction(handle: target, code: StormCode.echo.rawValue, flags: .acceptFds,
                                              
                                                   data: data, offsets: parcel.objectOffsets), &random)
            close(fd)
            if case .reply(let reply) = outcome, !reply.data.isEmpty {
                let length = Int(word(reply.data, 0, UInt32.self))
                guard length == payload.count, Array(reply.data.suffix(length)) == payload else {
                    fatal("echo of \(payload.count) bytes came back as \(reply.data.count) bytes, length \(length), differing")
                }
                note("r")
            }
        case 65..<75:
            guard let target else { return }
            var parcel = ParcelWriter()
            parcel.writeObject(.binder(ptr: 0x3000, cookie: 0x33, flags: ParcelObject.defaultFlags))
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            parcel.writeObject(.fileDescriptor(fd, cookie: 0))
            _ = call(OutgoingTransaction(handle: target, code: StormCode.note.rawValue, flags: .oneWay, parcel: parcel), &random)
            close(fd)
        // Requests and releases of one handle are written while `held` is
        // locked, so the table and the driver agree: otherwise a release
        // decided before a concurrent request (on the table's old state)
        // deletes the ref with its fresh notification, and the looper's
        // BC_FREEZE_NOTIFICATION_DONE for it then fails with EINVAL, on any driver.
        case 75..<85:
            guard let target else { return }
            held.withLock { state in
                guard state.handles[target]?.death == false else { return }
                var commands = CommandStream()
                commands.append(.requestDeathNotification, handle: target, cookie: 0xd000_0000 | UInt64(target))
                _ = exchange(commands, read: 0)
                state.handles[target]?.death = true
            }
        case 85..<92:
            guard freezeNotes, let target else { return }
            held.withLock { state in
                guard state.handles[target]?.freeze == false else { return }
                var commands = CommandStream()
                commands.append(.requestFreezeNotification, handle: target, cookie: 0xf000_0000 | UInt64(target))
                // EINVAL: a notification of an earlier ref with this number is still being cleared.
                _ = exchange(commands, read: 0, tolerated: [EINVAL])
                state.handles[target]?.freeze = true
            }
        default:
            guard let target else { return }
            held.withLock { held in
                guard let state = held.handles.removeValue(forKey: target) else { return }
                var commands = CommandStream()
                if state.death { commands.append(.clearDeathNotification, handle: target, cookie: 0xd000_0000 | UInt64(target)) }
                if state.freeze { commands.append(.clearFreezeNotification, handle: target, cookie: 0xf000_0000 | UInt64(target)) }
                commands.append(.release, target)
                // EINVAL: clearing a freeze notification whose request was refused above.
                _ = exchange(commands, read: 0, tolerated: [EINVAL])
            }
        }
    }

    func worker(_ index: UInt64) {
        var random = SplitMix64(state: seed &+ index)
        var sequence = index << 32
        while true {
            act(&random, sequence: sequence)
            // Leave the CPUs to the loopers and the test (the guest has two).
            usleep(500)
            sequence += 1
        }
    }
}

extension Storm {
    func run() -> Never {
        if role == "registry" {
            var unused: Int32 = 0
            // The previous registry's proc may still be going away.
            for attempt in 1...500 {
                do {
                    try driver.ioctl(.setContextMgr, &unused)
                    break
                } catch let error as BinderError where error.errno == EBUSY && attempt < 500 {
                    usleep(10_000)
                } catch {
                    fatal("set context manager: \(error)")
                }
            }
            note("R")   // the test waits for this before it goes on
            let other = Thread { self.looper(1) }
            other.start()
            self.looper(0)
        } else if role == "peer" {
            note("P")   // started: the test kills only peers that got this far
            for index in 0..<2 as Range<UInt64> {
                Thread { self.looper(index) }.start()
            }
            Thread { self.worker(1) }.start()
            self.worker(2)
        } else {
            fatal("unknown role \(role)")
        }
        exit(0)
    }
}
