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

    // The release history below follows libbinder's Parcel.cpp
    // (writeInterfaceToken, finishFlattenBinder) and agrees with libgbinder's
    // protocol variants aidl2 (10), aidl3 (11) and aidl4 (12).

    /// Android 10: strict mode and work source in the token; bare binder objects.
    public static let android10 = AIDLWireFormat(token: .android10, stability: .none)
    /// Android 11: the token gains the partition header; each binder object is
    /// followed by its stability level.
    public static let android11 = AIDLWireFormat(token: .android11Plus, stability: .level)
    /// Android 12: the word after a binder becomes Stability::Category::repr(),
    /// a wire-format version byte (1) below the level byte.
    public static let android12 = AIDLWireFormat(token: .android11Plus, stability: .category)
    /// Android 13: as 12 (libgbinder's users report the category word on API 31 to 33;
    /// its source comment places the revert at 33 instead: pass `.android14` if a peer disagrees).
    public static let android13 = AIDLWireFormat(token: .android11Plus, stability: .category)
    /// Android 14 to 16: the word after a binder is the level again (an int16 widened).
    public static let android14 = AIDLWireFormat(token: .android11Plus, stability: .level)
    /// What generated code speaks unless told otherwise: the newest release.
    public static let current = android14

    /// The 'VNDR' header vendor-partition binaries put in their tokens.
    public static let vendorHeader = Int32(bitPattern: 0x564E_4452)
}

/// The int32 libbinder appends to each flat binder object (finishFlattenBinder).
public enum BinderStabilityWord: Equatable, Sendable {
    /// No word: Android 10 and earlier write bare objects.
    case none
    /// The stability level alone; system binaries write SYSTEM (0b001100).
    case level
    /// Android 12's Category: version 1 in the low byte, the level in the high one.
    case category

    /// libbinder's Stability::Level::SYSTEM, what system binaries mark their binders with.
    public static let systemLevel: Int32 = 0b001100
    /// Stability::Level::UNDECLARED, written for a null binder.
    public static let undeclaredLevel: Int32 = 0

    /// The word written after a binder of stability `level`, or nil for `.none`.
    public func word(level: Int32) -> Int32? {
        switch self {
        case .none: return nil
        case .level: return level
        case .category: return 1 | (level << 24)
        }
    }
}
