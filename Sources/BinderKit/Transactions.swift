// Transactions on the wire: BC_TRANSACTION/BC_REPLY with their data, and
// BR_TRANSACTION/BR_REPLY read back out of the mapped buffer.

import BinderABI
import CBinderUAPI

/// Memory the driver reads during BINDER_WRITE_READ: a stable copy of a
/// transaction's data or offsets, alive as long as a CommandStream holds it.
final class WireBytes: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 8)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: count) }
    }

    init(_ words: [UInt64]) {
        count = words.count * 8
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 8)
        words.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: count) }
    }

    var address: UInt64 { UInt64(UInt(bitPattern: pointer)) }

    deinit {
        pointer.deallocate()
    }
}

/// A transaction to send: data and the offsets of the objects in it.
public struct OutgoingTransaction: Sendable {
    /// The target handle (0: the context manager); ignored for replies.
    public var handle: UInt32
    public var code: UInt32
    public var flags: TransactionFlags
    public var data: [UInt8]
    public var offsets: [UInt64]
    /// Set: sent as BC_TRANSACTION_SG / BC_REPLY_SG with this many bytes for
    /// the buffers its PTR objects point at (which must outlive the write).
    public var buffersSize: UInt64?

    public init(handle: UInt32 = 0, code: UInt32, flags: TransactionFlags = [], data: [UInt8] = [],
                offsets: [UInt64] = [], buffersSize: UInt64? = nil) {
        self.handle = handle
        self.code = code
        self.flags = flags
        self.data = data
        self.offsets = offsets
        self.buffersSize = buffersSize
    }

    /// A transaction carrying a parcel's data and object offsets.
    public init(handle: UInt32 = 0, code: UInt32, flags: TransactionFlags = [], parcel: ParcelWriter) {
        self.init(handle: handle, code: code, flags: flags, data: parcel.bytes, offsets: parcel.objectOffsets)
    }
}

extension CommandStream {
    /// BC_TRANSACTION, or BC_REPLY when `reply` (their _SG forms when the
    /// transaction has a buffers size); the data is copied and kept alive
    /// with the stream.
    public mutating func append(_ transaction: OutgoingTransaction, reply: Bool = false) {
        if let buffersSize = transaction.buffersSize {
            appendScatterGather(transaction, buffersSize: buffersSize, reply: reply)
            return
        }
        let data = WireBytes(transaction.data)
        let offsets = WireBytes(transaction.offsets)
        var tr = binder_transaction_data()
        tr.target.handle = transaction.handle
        tr.code = transaction.code
        tr.flags = transaction.flags.rawValue
        tr.data_size = binder_size_t(transaction.data.count)
        tr.offsets_size = binder_size_t(transaction.offsets.count * 8)
        tr.data.ptr.buffer = data.address
        tr.data.ptr.offsets = offsets.address
        keepAlive(data)
        keepAlive(offsets)
        append(reply ? .reply : .transaction, payload: withUnsafeBytes(of: tr) { Array($0) })
    }

    /// BC_FREE_BUFFER for a buffer the driver delivered.
    public mutating func appendFreeBuffer(_ address: UInt64) {
        append(.freeBuffer, payload: withUnsafeBytes(of: address.littleEndian) { Array($0) })
    }

    /// A command whose payload is a binder_ptr_cookie (BC_INCREFS_DONE, BC_ACQUIRE_DONE).
    public mutating func append(_ command: BinderCommand, ptr: UInt64, cookie: UInt64) {
        var pc = binder_ptr_cookie()
        pc.ptr = ptr
        pc.cookie = cookie
        append(command, payload: withUnsafeBytes(of: pc) { Array($0) })
    }

    /// A command whose payload is a binder_handle_cookie (death notifications).
    public mutating func append(_ command: BinderCommand, handle: UInt32, cookie: UInt64) {
        var payload = withUnsafeBytes(of: handle.littleEndian) { Array($0) }
        payload += withUnsafeBytes(of: cookie.littleEndian) { Array($0) }
        append(command, payload: payload)
    }
}

/// A transaction or reply as read from the driver.
public struct ReceivedTransaction: Equatable, Sendable {
    public let isReply: Bool
    /// The target node's ptr and cookie in the receiver (0 for replies).
    public let targetPtr: UInt64
    public let cookie: UInt64
    public let code: UInt32
    public let flags: TransactionFlags
    public let senderPID: Int32
    public let senderEUID: UInt32
    /// The data, copied out of the driver's buffer.
    public let data: [UInt8]
    /// The object offsets, copied out of the driver's buffer.
    public let offsets: [UInt64]
    /// The buffer's address in the mapping: what BC_FREE_BUFFER takes.
    public let bufferAddress: UInt64

    /// The data as a parcel reader, objects included.
    public var parcel: ParcelReader { ParcelReader(bytes: data, objectOffsets: offsets) }
}

extension ReturnItem {
    /// The transaction behind BR_TRANSACTION, BR_TRANSACTION_SEC_CTX or
    /// BR_REPLY; its data is read from this process's binder mapping.
    public func transaction() -> ReceivedTransaction? {
        guard code == .transaction || code == .reply || code == .transactionSecCtx,
              payload.count >= MemoryLayout<binder_transaction_data>.size
        else { return nil }
        let tr = payload.withUnsafeBytes { $0.loadUnaligned(as: binder_transaction_data.self) }
        return ReceivedTransaction(
            isReply: code == .reply,
            targetPtr: tr.target.ptr,
            cookie: tr.cookie,
            code: tr.code,
            flags: TransactionFlags(rawValue: tr.flags),
            senderPID: tr.sender_pid,
            senderEUID: tr.sender_euid,
            data: Self.copy(from: tr.data.ptr.buffer, count: Int(tr.data_size)),
            offsets: Self.copy(from: tr.data.ptr.offsets, count: Int(tr.offsets_size))
                .chunked8(),
            bufferAddress: tr.data.ptr.buffer)
    }

    /// The cookie of BR_DEAD_BINDER / BR_CLEAR_DEATH_NOTIFICATION_DONE.
    public var cookie: UInt64? {
        guard payload.count == 8 else { return nil }
        return payload.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    /// ptr and cookie of BR_INCREFS, BR_ACQUIRE, BR_RELEASE, BR_DECREFS.
    public var ptrCookie: (ptr: UInt64, cookie: UInt64)? {
        guard payload.count == 16 else { return nil }
        return payload.withUnsafeBytes {
            ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }

    private static func copy(from address: UInt64, count: Int) -> [UInt8] {
        guard count > 0, let pointer = UnsafeRawPointer(bitPattern: UInt(address)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

extension Array where Element == UInt8 {
    fileprivate func chunked8() -> [UInt64] {
        stride(from: 0, to: count - count % 8, by: 8).map { start in
            self[start..<start + 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        }
    }
}
