// Building transactions with raw objects (fds, fd arrays, scatter-gather
// buffers) and sending them without BinderEndpoint's automatic frees.

import BinderABI
import BinderKit
import Glibc
import XCTest

/// A transaction's data with objects written as raw C structs, and the
/// sender-side memory its PTR objects point at (kept alive with it).
final class ObjectMessage {
    private(set) var data: [UInt8] = []
    private(set) var offsets: [UInt64] = []
    private(set) var buffersSize: UInt64 = 0
    private var memory: [UnsafeMutableRawPointer] = []

    deinit { memory.forEach { $0.deallocate() } }

    private func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data += $0 }
    }

    /// Plain bytes before the next object.
    func pad(_ count: Int) { data += [UInt8](repeating: 0, count: count) }

    /// Starts with 8 plain bytes: upstream never fixes up into an object at
    /// data offset 0 (0 means "no object yet" to its order check).
    static func padded() -> ObjectMessage {
        let message = ObjectMessage()
        message.pad(8)
        return message
    }

    /// BINDER_TYPE_FD; returns the object's index.
    @discardableResult
    func fd(_ fd: Int32) -> UInt64 {
        offsets.append(UInt64(data.count))
        put(BinderObjectType.fd.rawValue)
        put(UInt32(0))
        put(UInt64(UInt32(bitPattern: fd)))
        put(UInt64(0))
        return UInt64(offsets.count - 1)
    }

    /// A local strong binder; returns the object's index.
    @discardableResult
    func binder(ptr: UInt64, cookie: UInt64) -> UInt64 {
        offsets.append(UInt64(data.count))
        put(BinderObjectType.binder.rawValue)
        put(ParcelObject.defaultFlags)
        put(ptr)
        put(cookie)
        return UInt64(offsets.count - 1)
    }

    /// A strong handle; returns the object's index.
    @discardableResult
    func handle(_ handle: UInt32) -> UInt64 {
        offsets.append(UInt64(data.count))
        put(BinderObjectType.handle.rawValue)
        put(ParcelObject.defaultFlags)
        put(UInt64(handle))
        put(UInt64(0))
        return UInt64(offsets.count - 1)
    }

    /// BINDER_TYPE_PTR over a copy of `bytes`; `length` overrides the
    /// length the object claims. Returns the object's index.
    @discardableResult
    func buffer(_ bytes: [UInt8], parent: (index: UInt64, offset: UInt64)? = nil, length: UInt64? = nil) -> UInt64 {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 8), alignment: 8)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        memory.append(pointer)
        offsets.append(UInt64(data.count))
        put(BinderObjectType.ptr.rawValue)
        put(UInt32(parent == nil ? 0 : 1))  // BINDER_BUFFER_FLAG_HAS_PARENT
        put(UInt64(UInt(bitPattern: pointer)))
        put(length ?? UInt64(bytes.count))
        put(parent?.index ?? 0)
        put(parent?.offset ?? 0)
        buffersSize += (UInt64(bytes.count) + 7) & ~7
        return UInt64(offsets.count - 1)
    }

    /// BINDER_TYPE_PTR over memory the caller owns (and keeps alive and
    /// mapped until the message is sent); returns the object's index.
    @discardableResult
    func buffer(at pointer: UnsafeMutableRawPointer, length: UInt64) -> UInt64 {
        offsets.append(UInt64(data.count))
        put(BinderObjectType.ptr.rawValue)
        put(UInt32(0))
        put(UInt64(UInt(bitPattern: pointer)))
        put(length)
        put(UInt64(0))
        put(UInt64(0))
        buffersSize += (length + 7) & ~7
        return UInt64(offsets.count - 1)
    }

    /// BINDER_TYPE_FDA: `count` fds at `offset` in the buffer object `parent`.
    @discardableResult
    func fdArray(count: UInt64, parent: UInt64, offset: UInt64) -> UInt64 {
        offsets.append(UInt64(data.count))
        put(BinderObjectType.fda.rawValue)
        put(UInt32(0))
        put(count)
        put(parent)
        put(offset)
        return UInt64(offsets.count - 1)
    }

    func transaction(handle: UInt32 = 0, code: PeerCode, flags: TransactionFlags = []) -> OutgoingTransaction {
        OutgoingTransaction(handle: handle, code: code.rawValue, flags: flags, data: data, offsets: offsets)
    }
}

/// Little-endian bytes of 64-bit words.
func bytes(ofWords words: [UInt64]) -> [UInt8] {
    words.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
}

extension PeerTestCase {
    /// Writes `commands` (one call) and reads until it ends. A reply's buffer
    /// stays allocated unless `free`; the reply's data is copied either way.
    func rawCall(_ client: BinderEndpoint, _ commands: CommandStream, free: Bool = true) throws -> CallOutcome {
        var next = commands
        while true {
            let items = try client.driver.writeRead(next, readCapacity: 512).returns()
            next = CommandStream()
            for item in items {
                switch item.code {
                case .reply:
                    let reply = try XCTUnwrap(item.transaction())
                    if free {
                        var frees = CommandStream()
                        frees.appendFreeBuffer(reply.bufferAddress)
                        _ = try client.driver.writeRead(frees)
                    }
                    return .reply(reply)
                case .failedReply: return .failedReply
                case .deadReply: return .deadReply
                case .transaction, .transactionSecCtx:
                    throw PeerError(message: "unexpected call while waiting for a reply")
                default: break
                }
            }
        }
    }

    /// Sends `message` with BC_TRANSACTION_SG (buffers size: what its PTR
    /// objects need, unless given) and waits for the outcome.
    func callScatterGather(_ client: BinderEndpoint, _ message: ObjectMessage, handle: UInt32 = 0,
                           code: PeerCode = .describeObjects, buffersSize: UInt64? = nil) throws -> CallOutcome {
        var commands = CommandStream()
        commands.appendScatterGather(message.transaction(handle: handle, code: code), buffersSize: buffersSize ?? message.buffersSize)
        return try withExtendedLifetime(message) { try rawCall(client, commands) }
    }

    /// The peer's describeObjects answer as words, failing the test on any other outcome.
    func words(_ outcome: CallOutcome, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt64] {
        guard case .reply(let reply) = outcome else {
            XCTFail("expected a reply, got \(outcome)", file: file, line: line)
            throw PeerError(message: "no reply")
        }
        var parcel = reply.parcel
        var result: [UInt64] = []
        while parcel.remaining >= 8 { result.append(try parcel.readUInt64()) }
        return result
    }

    /// A handle to a node of the peer that accepts fds (the context manager does not).
    /// The handle is acquired before the reply's buffer (which holds it) is freed.
    func fdAcceptingHandle(_ client: BinderEndpoint) throws -> UInt32 {
        var commands = CommandStream()
        commands.append(OutgoingTransaction(code: PeerCode.publishNode.rawValue))
        guard case .reply(let reply) = try rawCall(client, commands, free: false) else {
            throw PeerError(message: "publishNode failed")
        }
        var parcel = reply.parcel
        guard case .handle(let handle, _) = try parcel.readObject() else {
            throw PeerError(message: "publishNode sent no handle")
        }
        var keep = CommandStream()
        keep.append(.acquire, handle)
        keep.appendFreeBuffer(reply.bufferAddress)
        _ = try client.driver.writeRead(keep)
        return handle
    }

    /// The peer's count of its own open fds.
    func peerFdCount(_ client: BinderEndpoint) throws -> UInt64 {
        guard case .reply(let reply) = try client.call(OutgoingTransaction(code: PeerCode.countFds.rawValue)) else {
            throw PeerError(message: "countFds failed")
        }
        var parcel = reply.parcel
        return try parcel.readUInt64()
    }
}

/// A pipe whose write end is sent; the read end tells when every copy of
/// the write end is closed (EOF), wherever it went.
final class Pipe2 {
    let readEnd: Int32
    private(set) var writeEnd: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw PeerError(message: "pipe: \(errno)") }
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)
        ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
    }

    var writeInode: UInt64 {
        var st = stat()
        fstat(writeEnd, &st)
        return UInt64(st.st_ino)
    }

    func closeWriteEnd() {
        if writeEnd >= 0 { close(writeEnd) }
        writeEnd = -1
    }

    /// Waits (up to a generous bound, for a peer that closes later) for EOF:
    /// true once no write end is open anywhere.
    func waitForEOF(seconds: Int32 = 30) -> Bool {
        var pfd = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, seconds * 1000) == 1 else { return false }
        var byte: UInt8 = 0
        return read(readEnd, &byte, 1) == 0
    }

    /// Whether some write end is still open now (no waiting).
    var writerStillOpen: Bool {
        var byte: UInt8 = 0
        return read(readEnd, &byte, 1) < 0 && errno == EAGAIN
    }

    deinit {
        closeWriteEnd()
        close(readEnd)
    }
}

/// This process's open fds.
func ownFdCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}
