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

/// The bytes a String16 takes (Parcel.cpp writeString16): int32 length in
/// UTF-16 units, the units, a zero unit, zero padding to 4.
func string16(_ text: String) -> [UInt8] {
    let units = Array(text.utf16)
    var bytes = words(Int32(units.count))
    for unit in units + [0] { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    while bytes.count % 4 != 0 { bytes.append(0) }
    return bytes
}

/// An Android 11+ interface token (Parcel.cpp writeInterfaceToken): strict
/// mode policy, work source (-1: none), the 'SYST' header, the descriptor.
func interfaceToken(_ descriptor: String) -> [UInt8] {
    words(Int32(bitPattern: 0x8000_0000), -1, 0x5359_5354) + string16(descriptor)
}
