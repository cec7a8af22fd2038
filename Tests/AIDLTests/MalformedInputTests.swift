// Generated services read data from other processes: garbage must be
// refused with an error, never trap or hang.

import AIDLTestService
import BinderKit
import SeededRandom
import XCTest

final class MalformedInputTests: XCTestCase {
    func testRandomArgumentsAfterAValidTokenAreRefusedNotTrapped() {
        let service = ITestServiceService(TestService())
        var random = SplitMix64(state: 13)    // deterministic: a failure replays
        var refused = 0
        for round in 0..<20000 {
            var data = ParcelWriter()
            data.writeAIDLInterfaceToken(ITestServiceAIDL.descriptor, .current)
            // Small words (lengths, tags, markers) are the interesting ones.
            for _ in 0..<Int(random.next() % 12) {
                let word = random.next()
                data.writeInt32(word % 3 == 0 ? Int32(truncatingIfNeeded: word >> 8) : Int32(word % 7) - 2)
            }
            let code = UInt32(1 + round % 46)
            do {
                _ = try service.binder.transact(code: code, data: data)
            } catch {
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 5000, "most random argument lists are malformed and refused")
    }

    func testTruncatedParcelablesAndUnionsThrow() {
        var shape = Shape()
        shape.tags = ["a", "b"]
        shape.value = .numbers([1, 2, 3])
        var writer = ParcelWriter()
        shape.writeAIDL(to: &writer, .current)
        let full = writer.bytes
        for cut in stride(from: 4, to: full.count, by: 4) {
            var truncated = ParcelWriter()
            var reader = ParcelReader(bytes: Array(full.prefix(cut)))
            while reader.remaining >= 4 { truncated.writeInt32(try! reader.readInt32()) }
            var parcel = incoming(truncated)
            XCTAssertThrowsError(try parcel.read(Shape.self, .current), "cut at \(cut) of \(full.count)")
            XCTAssertEqual(parcel.reader.position, 0, "a failed read leaves the position")
        }
    }
}
