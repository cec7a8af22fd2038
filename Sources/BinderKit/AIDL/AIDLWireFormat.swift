// The parts of Android's AIDL wire format that changed between releases:
// the interface token's header words and the word written after every binder
// object. Everything else an AIDL call carries has kept its layout since
// Android 10, so one value of this type describes a peer's release.

/// How a peer of a given Android release lays out the release-dependent words.
public struct AIDLWireFormat: Equatable, Sendable {
    /// The interface token's header words (see `InterfaceTokenFormat`).
    public var token: InterfaceTokenFormat
    /// The partition header of Android 11+ tokens: 'SYST' for system binaries,
    /// 'VNDR' for vendor ones. Ignored by formats without the header.
    public var partitionHeader: Int32
    /// What follows each binder object written by libbinder's flattenBinder.
    public var stability: BinderStabilityWord

    public init(token: InterfaceTokenFormat, partitionHeader: Int32 = InterfaceTokenFormat.systemHeader,
                stability: BinderStabilityWord) {
        self.token = token
        self.partitionHeader = partitionHeader
        self.stability = stability
    }

    /// Android 10: strict mode and work source in the token; a stability
    /// level word after each binder (libbinder's Stability arrived in 10).
    public static let android10 = AIDLWireFormat(token: .android10, stability: .level)
    /// Android 11: the token gains the partition header.
    public static let android11 = AIDLWireFormat(token: .android11Plus, stability: .level)
    /// Android 12: the word after a binder is Stability::Category::repr(),
    /// a wire-format version byte (1) below the level byte.
    public static let android12 = AIDLWireFormat(token: .android11Plus, stability: .category)
    /// Android 13 to 16: the word after a binder is the level again.
    public static let android13 = AIDLWireFormat(token: .android11Plus, stability: .level)
    /// What generated code speaks unless told otherwise: the newest release.
    public static let current = android13

    /// The 'VNDR' header vendor-partition binaries put in their tokens.
    public static let vendorHeader = Int32(bitPattern: 0x564E_4452)
}

/// The int32 libbinder appends to each flat binder object (finishFlattenBinder).
public enum BinderStabilityWord: Equatable, Sendable {
    /// No word: not written by the releases this package speaks; kept for
    /// peers that write bare objects (Android 9 and earlier).
    case none
    /// The stability level alone; system binaries write SYSTEM (0b001100).
    case level
    /// Android 12's Category: version 1 in the low byte, the level in the high one.
    case category

    /// libbinder's Stability::Level::SYSTEM.
    public static let systemLevel: Int32 = 0b001100

    /// The word a system-partition binary writes, or nil for `.none`.
    public var systemWord: Int32? {
        switch self {
        case .none: return nil
        case .level: return Self.systemLevel
        case .category: return 1 | (Self.systemLevel << 24)
        }
    }
}
