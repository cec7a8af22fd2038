// BC_TRANSACTION_SG / BC_REPLY_SG: a transaction whose data holds
// BINDER_TYPE_PTR objects pointing at buffers in the sender's memory; the
// driver copies them into `buffersSize` bytes after the offsets.

import CBinderUAPI

extension CommandStream {
    /// BC_TRANSACTION_SG, or BC_REPLY_SG when `reply`. The data and offsets
    /// are copied and kept alive with the stream; the buffers the PTR objects
    /// point at are the caller's to keep alive until the write is done.
    public mutating func appendScatterGather(_ transaction: OutgoingTransaction, buffersSize: UInt64, reply: Bool = false) {
        let data = WireBytes(transaction.data)
        let offsets = WireBytes(transaction.offsets)
        var sg = binder_transaction_data_sg()
        sg.transaction_data.target.handle = transaction.handle
        sg.transaction_data.code = transaction.code
        sg.transaction_data.flags = transaction.flags.rawValue
        sg.transaction_data.data_size = binder_size_t(transaction.data.count)
        sg.transaction_data.offsets_size = binder_size_t(transaction.offsets.count * 8)
        sg.transaction_data.data.ptr.buffer = data.address
        sg.transaction_data.data.ptr.offsets = offsets.address
        sg.buffers_size = buffersSize
        keepAlive(data)
        keepAlive(offsets)
        append(reply ? .replySg : .transactionSg, payload: withUnsafeBytes(of: sg) { Array($0) })
    }
}
