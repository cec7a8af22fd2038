// A small deterministic fuzz: random and mutated parcels fed through random
// read sequences. A trap would kill the test process, so merely finishing is
// the main assertion; on top, every error must be a ParcelError and the
// position must stay inside the data.

@testable import BinderKit
import BinderABI
import SeededRandom
import XCTest

final class ParcelFuzzTests: XCTestCase {
    /// Every public read, each wrapped to discard its value.
    private static let reads: [@Sendable (inout ParcelReader, inout SplitMix64) throws -> Void] = [
        { reader, _ in _ = try reader.readInt32() },
        { reader, _ in _ = try reader.readUInt32() },
        { reader, _ in _ = try reader.readInt64() },
        { reader, _ in _ = try reader.readUInt64() },
        { reader, _ in _ = try reader.readBool() },
        { reader, _ in _ = try reader.readFloat() },
        { reader, _ in _ = try reader.readDouble() },
        { reader, _ in _ = try reader.readString16() },
        { reader, _ in _ = try reader.readString16Units() },
        { reader, _ in _ = try reader.readString8() },
        { reader, _ in _ = try reader.readByteArray() },
        { reader, _ in _ = try reader.readNullable { try $0.readString16() } },
        { reader, _ in _ = try reader.readObject() },
        { reader, _ in _ = try reader.readStrongBinder() },
        { reader, _ in _ = try reader.readFileDescriptor() },
        { reader, random in
            let format = InterfaceTokenFormat.allCases[Int.random(in: 0..<3, using: &random)]
            _ = try reader.readInterfaceToken(format: format)
        },
        { reader, _ in _ = try reader.readInterfaceToken(expected: "android.os.IDemo", format: .android11Plus) },
        { reader, random in try reader.seek(to: Int.random(in: -4...reader.bytes.count + 4, using: &random)) },
        // Jumping to listed objects reaches the object paths far more often than chance.
        { reader, random in
            if let offset = reader.objectOffsets.randomElement(using: &random) { try reader.seek(to: offset) }
        },
    ]

    /// Words that steer the reader into its interesting branches more often
    /// than uniform random bytes would.
    private static let interestingWords: [UInt32] = [
        0, 1, 2, 3, 4, 5, 8, 0xffff_ffff, 0xffff_fffe, 0x7fff_ffff, 0x8000_0000, 0x5359_5354, 0xd83d, 0xde00_d83d,
    ] + BinderObjectType.allCases.map(\.rawValue)

    /// Counts contract breaches across iterations, so one assertion reports them.
    private struct Fuzzer {
        var failures = 0

        /// Runs a budget of random reads, failed or not, over one parcel.
        mutating func exercise(_ bytes: [UInt8], offsets: [UInt64], random: inout SplitMix64) {
            var reader = ParcelReader(bytes: bytes, objectOffsets: offsets)
            for _ in 0..<24 {
                let read = ParcelFuzzTests.reads[Int.random(in: 0..<ParcelFuzzTests.reads.count, using: &random)]
                let before = reader.position
                do {
                    try read(&reader, &random)
                } catch is ParcelError {
                    if reader.position != before { failures += 1 }
                } catch {
                    failures += 1
                }
                if !(0...bytes.count).contains(reader.position) { failures += 1 }
            }
        }
    }

    private static func randomParcel(_ random: inout SplitMix64) -> (bytes: [UInt8], offsets: [UInt64]) {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let word = Bool.random(using: &random)
                ? interestingWords[Int.random(in: 0..<interestingWords.count, using: &random)]
                : UInt32.random(in: .min ... .max, using: &random)
            bytes.appendParcelInteger(word)
        }
        // An unaligned tail, sometimes.
        bytes += (0..<Int.random(in: 0...3, using: &random)).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        let offsets = (0..<Int.random(in: 0...3, using: &random)).map { _ -> UInt64 in
            Bool.random(using: &random)
                ? UInt64(4 * Int.random(in: 0...max(0, bytes.count / 4), using: &random))
                : UInt64.random(in: .min ... .max, using: &random)
        }
        return (bytes, offsets)
    }

    func testRandomParcelsNeverTrap() {
        var random = SplitMix64(state: 0x5EED_0001)
        var fuzz = Fuzzer()
        for _ in 0..<3000 {
            let parcel = Self.randomParcel(&random)
            fuzz.exercise(parcel.bytes, offsets: parcel.offsets, random: &random)
        }
        XCTAssertEqual(fuzz.failures, 0)
    }

    func testMutatedSampleParcelsNeverTrap() {
        var random = SplitMix64(state: 0x5EED_0002)
        let sample = ParcelSample.writer
        var fuzz = Fuzzer()
        for _ in 0..<2000 {
            var bytes = sample.bytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = UInt8.random(in: .min ... .max, using: &random)
            }
            if Bool.random(using: &random) {
                bytes.removeLast(Int.random(in: 0...bytes.count, using: &random))
            }
            var offsets = sample.objectOffsets
            if Int.random(in: 0..<4, using: &random) == 0, !offsets.isEmpty {
                offsets[Int.random(in: 0..<offsets.count, using: &random)] &+= UInt64.random(in: 1...8, using: &random)
            }
            fuzz.exercise(bytes, offsets: offsets, random: &random)
            // The intended read order too, which gets deeper into mutated data.
            var reader = ParcelReader(bytes: bytes, objectOffsets: offsets)
            do { _ = try ParcelSample.readAll(&reader) } catch is ParcelError {} catch { fuzz.failures += 1 }
        }
        XCTAssertEqual(fuzz.failures, 0)
    }
}
