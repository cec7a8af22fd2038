// Shared helpers of the AIDL tests.

import BinderKit
import Foundation

/// The parcel a writer's bytes become on the receiving side of an
/// in-process call (through a LocalBinder), so binders resolve to themselves.
func incoming(_ writer: ParcelWriter) -> IncomingParcel {
    final class Box: @unchecked Sendable { var parcel: IncomingParcel? }
    let box = Box()
    let binder = LocalBinder { call, _ in box.parcel = call.data }
    _ = try? binder.transact(code: 1, data: writer)
    return box.parcel!
}

/// Little-endian int32 words, for writing expected bytes.
func words(_ values: Int32...) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

/// Bytes of a string literal (ASCII), no terminator.
func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
