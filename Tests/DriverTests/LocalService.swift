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
func seededPattern(seed: UInt64, sequence: UInt64, count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var state = seed ^ (sequence &* 0x2545_f491_4f6c_dd1d)
    bytes.withUnsafeMutableBytes { raw in
        for index in stride(from: 0, to: count, by: 8) {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            z ^= z >> 31
            withUnsafeBytes(of: z.littleEndian) { word in
                for byte in 0..<min(8, count - index) { raw[index + byte] = word[byte] }
            }
        }
    }
    return bytes
}
