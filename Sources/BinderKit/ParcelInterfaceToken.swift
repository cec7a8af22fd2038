// The interface token that opens every AIDL transaction: a small header, then
// the interface descriptor, which the receiver checks before dispatching.
// Its header grew across Android releases, so the format is a parameter.

/// Which Android release's interface-token header to write or expect.
public enum InterfaceTokenFormat: Sendable, CaseIterable {
    /// Android 9 and earlier: strict-mode int32, then the String16 descriptor.
    case android9
    /// Android 10: strict-mode int32, work-source uid int32, String16.
    case android10
    /// Android 11 and later: strict-mode int32, work-source uid int32, the
    /// 'SYST' partition header int32, String16.
    case android11Plus

    /// The header int32 of system-partition binaries: the characters 'SYST'
    /// packed big-end first, so the bytes on the wire read "TSYS".
    /// (Vendor binaries use 'VNDR'; the two refuse each other's tokens.)
    public static let systemHeader = Int32(bitPattern: 0x5359_5354)

    /// The bit a caller sets in the strict-mode word to ask the callee to send
    /// back strict-mode violations (Android's STRICT_MODE_PENALTY_GATHER).
    public static let penaltyGather = Int32(bitPattern: 0x8000_0000)

    /// The work-source uid meaning "none set".
    public static let unsetWorkSource: Int32 = -1

    var hasWorkSource: Bool { self != .android9 }
    var hasHeader: Bool { self == .android11Plus }
}

/// An interface token as read, with whatever header fields its format has.
public struct InterfaceToken: Equatable, Sendable {
    /// The caller's strict-mode policy word, gather bit included.
    public var strictModePolicy: Int32
    /// The work-source uid (Android 10+), else nil.
    public var workSourceUid: Int32?
    /// The partition header (Android 11+), else nil.
    public var header: Int32?
    /// The interface descriptor; nil if the sender wrote a null string.
    public var descriptor: String?
}

extension ParcelWriter {
    /// Writes the token an AIDL proxy puts first in every call.
    /// The default format is the two-field one; see `InterfaceTokenFormat`.
    public mutating func writeInterfaceToken(
        _ descriptor: String,
        format: InterfaceTokenFormat = .android9,
        strictModePolicy: Int32 = 0,
        workSourceUid: Int32 = InterfaceTokenFormat.unsetWorkSource,
        header: Int32 = InterfaceTokenFormat.systemHeader
    ) {
        writeInt32(strictModePolicy | InterfaceTokenFormat.penaltyGather)
        if format.hasWorkSource { writeInt32(workSourceUid) }
        if format.hasHeader { writeInt32(header) }
        writeString16(descriptor)
    }
}

extension ParcelReader {
    /// Reads a token's fields without judging them.
    public mutating func readInterfaceToken(format: InterfaceTokenFormat) throws -> InterfaceToken {
        try atomically { reader in
            let policy = try reader.readInt32()
            let workSource = format.hasWorkSource ? try reader.readInt32() : nil
            let header = format.hasHeader ? try reader.readInt32() : nil
            return InterfaceToken(
                strictModePolicy: policy, workSourceUid: workSource, header: header,
                descriptor: try reader.readString16())
        }
    }

    /// Whether the token names `expected` (and, for Android 11+, carries the
    /// system header). As in Android, a wrong header answers false without
    /// reading the descriptor; only malformed data throws.
    public mutating func readInterfaceToken(expected: String, format: InterfaceTokenFormat = .android9) throws -> Bool {
        try atomically { reader in
            _ = try reader.readInt32()
            if format.hasWorkSource { _ = try reader.readInt32() }
            if format.hasHeader, try reader.readInt32() != InterfaceTokenFormat.systemHeader { return false }
            return try reader.readString16() == expected
        }
    }
}
