// A node of one of the test's own endpoints, reachable from another: the
// peer (context manager) holds it and hands it over (holdHandle, giveHeld).
// Lets a test be both ends of a call, each a proc of its own.

import BinderABI
import BinderKit
import Glibc
import XCTest

extension PeerTestCase {
    /// A handle in `client` to the node `ptr` of `owner`; `client` keeps a
    /// strong ref on it (taken before the reply that carried it is freed).
    func handle(in client: BinderEndpoint, toNodeOf owner: BinderEndpoint, ptr: UInt64) throws -> UInt32 {
        var parcel = ParcelWriter()
        parcel.writeObject(.binder(ptr: ptr, cookie: ptr + 1, flags: ParcelObject.defaultFlags))
        _ = try owner.call(OutgoingTransaction(code: PeerCode.holdHandle.rawValue, parcel: parcel))
        var commands = CommandStream()
        commands.append(OutgoingTransaction(code: PeerCode.giveHeld.rawValue))
        guard case .reply(let reply) = try rawCall(client, commands, free: false) else {
            throw PeerError(message: "giveHeld failed")
        }
        var reader = reply.parcel
        guard case .handle(let handle, _) = try reader.readObject() else {
            throw PeerError(message: "giveHeld sent no handle")
        }
        var keep = CommandStream()
        keep.append(.acquire, handle)
        keep.appendFreeBuffer(reply.bufferAddress)
        _ = try client.driver.writeRead(keep)
        return handle
    }
}

/// Bytes derived from a seed and a sequence number: what a payload must hold.
/// Written a word at a time: the tests run unoptimised under an emulated CPU.
func seededPattern(seed: UInt64, sequence: UInt64, count: Int) -> [UInt8] {
    var state = seed ^ (sequence &* 0x2545_f491_4f6c_dd1d)
    let words = [UInt64](unsafeUninitializedCapacity: (count + 7) / 8) { buffer, initialized in
        for index in 0..<buffer.count {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            buffer[index] = (z ^ (z >> 31)).littleEndian
        }
        initialized = buffer.count
    }
    return words.withUnsafeBytes { Array($0.prefix(count)) }
}

/// Whether `bytes` from `start` on equal `expected` (memcmp: fast unoptimised too).
func bytesEqual(_ bytes: [UInt8], from start: Int, _ expected: [UInt8]) -> Bool {
    guard bytes.count - start == expected.count else { return false }
    return bytes.withUnsafeBytes { a in
        expected.withUnsafeBytes { b in
            expected.isEmpty || memcmp(a.baseAddress! + start, b.baseAddress!, expected.count) == 0
        }
    }
}
