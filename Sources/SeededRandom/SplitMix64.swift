// One seeded generator for everything that must replay a random run from
// its seed: binder-storm-peer's actions, the kill storm's choices and the
// host tests that feed random input to the parcel readers.

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator whose
/// sequence depends on the seed alone, the same on every platform and in
/// every process, so a run printed with its seed can be replayed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in 0..<n (n > 0). The modulo's bias is far too small to
    /// matter for picking actions.
    public mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }
}
