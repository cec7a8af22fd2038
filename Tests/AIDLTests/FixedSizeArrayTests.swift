// Fixed-size arrays (swiftbinder/fixed/IFixedArrays.aidl). On the wire a
// T[N] is what a T[] of N elements is (Java's Parcel.writeFixedArray hands a
// one-dimensional array to writeIntArray, writeByteArray, writeTypedArray...),
// and T[N][M] is the count N, then N such arrays each with its own count M.
// Readers refuse any other count (readFixedArray: BAD_VALUE) and a -1 unless
// the array is @nullable. An `out T[N]` sends nothing: the size is known.

import AIDLTestService
import BinderKit
import XCTest

final class FixedSizeArrayTests: XCTestCase {
    private typealias Fixed = IFixedArraysAIDL.Fixed

    private func bytes<T: AIDLValue>(_ value: T) -> [UInt8] {
        var writer = ParcelWriter()
        value.writeAIDL(to: &writer, .current)
        return writer.bytes
    }

    private func call(_ code: UInt32, _ arguments: [UInt8]) throws -> [UInt8] {
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(IFixedArraysAIDL.descriptor, .current)
        var reader = ParcelReader(bytes: arguments)
        while reader.remaining >= 4 { data.writeInt32(try reader.readInt32()) }
        return try IFixedArraysService(FixedArraysService()).binder.transact(code: code, data: data).reader.bytes
    }

    func testDefaultsHoldNElements() {
        let value = Fixed()
        XCTAssertEqual(value.ints, [0, 0, 0], "int[SIZE], SIZE = 3")
        XCTAssertEqual(value.grid, [[0, 0, 0], [0, 0, 0]])
        XCTAssertEqual(value.preset, [1, 2, 3])
        XCTAssertNil(value.maybe)
    }

    func testParcelableFieldsAreLaidOutAsArraysWithTheirCounts() {
        let zeroLongs = words(0, 0, 0, 0, 0, 0) // three int64 zeros
        let body = words(3, 0, 0, 0) // int[3]
            + words(2) + [0, 0, 0, 0] // byte[2]: packed, padded to 4
            + words(2, 0, 0) // boolean[2]: an int32 each
            + words(2) + string16("") + string16("") // String[2]
            + words(2) + words(3) + zeroLongs + words(3) + zeroLongs // long[2][3]: each row counted
            + words(-1) // @nullable int[2], null
            + words(2, 1, 8, 0, 1, 8, 0) // Pair[2]: each a parcelable with its marker and size
            + words(3, 1, 2, 3) // int[3] = {1, 2, 3}
        XCTAssertEqual(body.count, 164)
        XCTAssertEqual(bytes(Fixed()), words(1, 168) + body)
    }

    func testMultiDimensionalCallBothWays() throws {
        // transpose(in int[3][2]): 3 rows of 2; the result int[2][3]: 2 rows of 3.
        let reply = try call(IFixedArraysAIDL.TRANSACTION_transpose, words(3, 2, 1, 2, 2, 3, 4, 2, 5, 6))
        XCTAssertEqual(reply, words(0) + words(2, 3, 1, 3, 5, 3, 2, 4, 6))
        let proxy = IFixedArraysProxy(binder: IFixedArraysService(FixedArraysService()).binder)
        XCTAssertEqual(try proxy.transpose(matrix: [[1, 2], [3, 4], [5, 6]]), [[1, 3, 5], [2, 4, 6]])
    }

    func testOutFixedArraySendsNothingAndComesBackWithN() throws {
        XCTAssertEqual(try call(IFixedArraysAIDL.TRANSACTION_fill, []), words(0) + words(3, 7, 8, 9))
        var values: [Int32] = []
        try IFixedArraysProxy(binder: IFixedArraysService(FixedArraysService()).binder).fill(values: &values)
        XCTAssertEqual(values, [7, 8, 9])
    }

    func testWrongCountsAndNullsAreRefused() throws {
        let start = interfaceToken(IFixedArraysAIDL.descriptor).count
        // An outer count of 2 where int[3][2] needs 3; an inner count of 3 where rows hold 2.
        XCTAssertThrowsError(try call(IFixedArraysAIDL.TRANSACTION_transpose, words(2, 2, 1, 2, 2, 3, 4))) {
            XCTAssertEqual($0 as? ParcelError, .invalidValue("a fixed-size array of 3 sent with 2 elements", offset: start))
        }
        XCTAssertThrowsError(try call(IFixedArraysAIDL.TRANSACTION_transpose, words(3, 3, 1, 2, 3, 2, 3, 4, 2, 5, 6))) {
            XCTAssertEqual($0 as? ParcelError, .invalidValue("a fixed-size array of 2 sent with 3 elements", offset: start + 4))
        }
        XCTAssertThrowsError(try call(IFixedArraysAIDL.TRANSACTION_transpose, words(-1))) {
            XCTAssertEqual($0 as? ParcelError, .unexpectedNull(offset: start))
        }
    }

    func testRoundTripKeepsEveryField() throws {
        var value = Fixed()
        value.ints = [1, -2, 3]
        value.bytes = [-1, 127]
        value.flags = [true, false]
        value.names = ["a", "ß"]
        value.grid = [[1, 2, 3], [4, 5, 1 << 40]]
        value.maybe = [9, 10]
        value.pairs = [Fixed.Pair(a: 5), Fixed.Pair(a: 6)]
        let proxy = IFixedArraysProxy(binder: IFixedArraysService(FixedArraysService()).binder)
        XCTAssertEqual(try proxy.repeat(value: value), value)
    }
}
