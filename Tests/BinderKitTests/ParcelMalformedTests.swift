// Malformed parcels: each must produce the specific ParcelError, leave the
// reader where it was, and never trap or allocate what a length claims.

import BinderABI
@testable import BinderKit
import XCTest

final class ParcelMalformedTests: XCTestCase {
    /// Asserts that `read` throws exactly `expected` and leaves the position unmoved.
    private func assertFails<T>(
        _ reader: inout ParcelReader, _ expected: ParcelError,
        file: StaticString = #filePath, line: UInt = #line,
        _ read: (inout ParcelReader) throws -> T
    ) {
        let before = reader.position
        do {
            let value = try read(&reader)
            XCTFail("read gave \(value), expected \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? ParcelError, expected, file: file, line: line)
        }
        XCTAssertEqual(reader.position, before, "position moved", file: file, line: line)
    }

    // MARK: Truncation

    func testEveryTruncationOfTheSampleThrows() {
        let writer = ParcelSample.writer
        for cut in 0..<writer.dataSize {
            var reader = ParcelReader(bytes: Array(writer.bytes[..<cut]), objectOffsets: writer.objectOffsets)
            XCTAssertThrowsError(try ParcelSample.readAll(&reader), "cut at \(cut)") { error in
                XCTAssertTrue(error is ParcelError, "cut at \(cut): \(error)")
            }
            XCTAssertLessThanOrEqual(reader.position, cut)
        }
    }

    func testEmptyDataFailsEveryRead() {
        var reader = ParcelReader(bytes: [])
        assertFails(&reader, .outOfBounds(offset: 0, needed: 4, available: 0)) { try $0.readInt32() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 8, available: 0)) { try $0.readInt64() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 8, available: 0)) { try $0.readDouble() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 4, available: 0)) { try $0.readString16() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 4, available: 0)) { try $0.readString8() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 4, available: 0)) { try $0.readByteArray() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 24, available: 0)) { try $0.readObject() }
        assertFails(&reader, .outOfBounds(offset: 0, needed: 4, available: 0)) { try $0.readInterfaceToken(format: .android10) }
    }

    func testMissingPaddingIsTruncation() {
        var string = ParcelReader(bytes: parcelHex("02 00 00 00  68 00 69 00  00 00"))
        assertFails(&string, .outOfBounds(offset: 4, needed: 8, available: 6)) { try $0.readString16() }
        var bytes = ParcelReader(bytes: parcelHex("03 00 00 00  01 02 03"))
        assertFails(&bytes, .outOfBounds(offset: 4, needed: 4, available: 3)) { try $0.readByteArray() }
        var int = ParcelReader(bytes: [1, 2, 3])
        assertFails(&int, .outOfBounds(offset: 0, needed: 4, available: 3)) { try $0.readInt32() }
    }

    func testFailedCompositeReadsRewind() {
        var token = ParcelReader(bytes: parcelHex("00 00 00 80  ff ff ff ff"))
        assertFails(&token, .outOfBounds(offset: 8, needed: 4, available: 0)) {
            try $0.readInterfaceToken(expected: "x", format: .android11Plus)
        }
        var nullable = ParcelReader(bytes: parcelHex("01 00 00 00"))
        assertFails(&nullable, .outOfBounds(offset: 4, needed: 4, available: 0)) { try $0.readNullable { try $0.readInt32() } }
    }

    // MARK: Lengths

    func testHugeLengthsAreOutOfBoundsNotAllocations() {
        let maxLength = parcelHex("ff ff ff 7f")
        var reader = ParcelReader(bytes: maxLength)
        assertFails(&reader, .outOfBounds(offset: 4, needed: 0x8000_0000, available: 0)) { try $0.readByteArray() }
        assertFails(&reader, .outOfBounds(offset: 4, needed: 0x8000_0000, available: 0)) { try $0.readString8() }
        assertFails(&reader, .outOfBounds(offset: 4, needed: 0x1_0000_0000, available: 0)) { try $0.readString16() }
        assertFails(&reader, .outOfBounds(offset: 4, needed: 0x1_0000_0000, available: 0)) { try $0.readString16Units() }

        var short = ParcelReader(bytes: parcelHex("64 00 00 00") + Array(repeating: 0, count: 8))
        assertFails(&short, .outOfBounds(offset: 4, needed: 100, available: 8)) { try $0.readByteArray() }
        assertFails(&short, .outOfBounds(offset: 4, needed: 204, available: 8)) { try $0.readString16() }
    }

    func testNegativeLengthsOtherThanNullAreInvalid() {
        for length: Int32 in [-2, -100, .min] {
            var writer = ParcelWriter()
            writer.writeInt32(length)
            writer.writeInt64(0)
            var reader = ParcelReader(writer)
            assertFails(&reader, .invalidLength(length, offset: 0)) { try $0.readByteArray() }
            assertFails(&reader, .invalidLength(length, offset: 0)) { try $0.readString8() }
            assertFails(&reader, .invalidLength(length, offset: 0)) { try $0.readString16() }
            assertFails(&reader, .invalidLength(length, offset: 0)) { try $0.readString16Units() }
        }
    }

    // MARK: String contents

    func testUnpairedSurrogatesAreInvalidUTF16() throws {
        let cases: [(units: [UInt16], badUnit: Int)] = [
            ([0x61, 0xD83D], 1),          // high surrogate at the end
            ([0xDE00, 0x61], 0),          // low surrogate alone
            ([0xD83D, 0x41], 0),          // high surrogate before a non-surrogate
            ([0xDE00, 0xD83D], 0),        // pair in the wrong order
            ([0x3D8, 0xD83D, 0xD83D, 0xDE00], 1),  // two highs in a row
        ]
        for (units, badUnit) in cases {
            var writer = ParcelWriter()
            writer.writeString16(units: units)
            var reader = ParcelReader(writer)
            assertFails(&reader, .invalidUTF16(offset: 4 + 2 * badUnit)) { try $0.readString16() }
            XCTAssertEqual(try reader.readString16Units(), units)
        }
    }

    func testWrongTerminatorsAreRejected() {
        var string16 = parcelHex("02 00 00 00  68 00 69 00  00 00 00 00")
        string16[9] = 0x41
        var reader16 = ParcelReader(bytes: string16)
        assertFails(&reader16, .missingTerminator(offset: 8)) { try $0.readString16() }
        assertFails(&reader16, .missingTerminator(offset: 8)) { try $0.readString16Units() }

        var reader8 = ParcelReader(bytes: parcelHex("03 00 00 00  61 62 63 21"))
        assertFails(&reader8, .missingTerminator(offset: 7)) { try $0.readString8() }
    }

    func testInvalidUTF8IsRejected() {
        for body in ["02 00 00 00  ff fe 00 00", "02 00 00 00  c0 af 00 00", "03 00 00 00  ed a0 80 00"] {
            var reader = ParcelReader(bytes: parcelHex(body))
            assertFails(&reader, .invalidUTF8(offset: 4)) { try $0.readString8() }
        }
    }

    // MARK: Objects

    func testObjectAtAnUnlistedOffsetIsNotAnObject() {
        var writer = ParcelWriter()
        writer.writeInt32(1)
        writer.writeStrongBinder(ptr: 0x1000, cookie: 0x2000)
        writer.writeInt32(2)
        for offsets: [UInt64] in [[], [8], [0, 8]] {
            var reader = ParcelReader(bytes: writer.bytes, objectOffsets: offsets)
            XCTAssertNoThrow(try reader.seek(to: 4))
            assertFails(&reader, .notAnObject(offset: 4)) { try $0.readObject() }
            assertFails(&reader, .notAnObject(offset: 4)) { try $0.readStrongBinder() }
        }
    }

    func testUnlistedFileDescriptorIsRejectedEvenWhenAllZero() {
        var writer = ParcelWriter()
        writer.writeFileDescriptor(0, takeOwnership: false)
        var reader = ParcelReader(bytes: writer.bytes, objectOffsets: [])
        assertFails(&reader, .notAnObject(offset: 0)) { try $0.readObject() }
        assertFails(&reader, .notAnObject(offset: 0)) { try $0.readFileDescriptor() }
    }

    func testUnknownObjectTypesAreRejected() {
        let fda = BinderObjectType.fda.rawValue
        var listed = ParcelReader(bytes: Array(repeating: 0, count: 24), objectOffsets: [0])
        assertFails(&listed, .unexpectedObjectType(0, offset: 0)) { try $0.readObject() }

        var fdaBytes: [UInt8] = []
        fdaBytes.appendParcelInteger(fda)
        fdaBytes += Array(repeating: 1, count: 20)
        var fdaReader = ParcelReader(bytes: fdaBytes, objectOffsets: [0])
        assertFails(&fdaReader, .unexpectedObjectType(fda, offset: 0)) { try $0.readObject() }

        // Zero fields but a garbage type: passes the null exemption, fails decoding.
        var garbage = parcelHex("ef be ad de")
        garbage += Array(repeating: 0, count: 20)
        var garbageReader = ParcelReader(bytes: garbage)
        assertFails(&garbageReader, .unexpectedObjectType(0xdead_beef, offset: 0)) { try $0.readObject() }
    }

    func testTypedObjectReadsRejectOtherKinds() {
        var writer = ParcelWriter()
        writer.writeFileDescriptor(3, takeOwnership: true)
        writer.writeWeakBinder(ptr: 1, cookie: 1)
        writer.writeStrongHandle(2)
        var reader = ParcelReader(writer)
        assertFails(&reader, .unexpectedObjectType(BinderObjectType.fd.rawValue, offset: 0)) { try $0.readStrongBinder() }
        XCTAssertNoThrow(try reader.seek(to: 24))
        assertFails(&reader, .unexpectedObjectType(BinderObjectType.weakBinder.rawValue, offset: 24)) { try $0.readStrongBinder() }
        assertFails(&reader, .unexpectedObjectType(BinderObjectType.weakBinder.rawValue, offset: 24)) { try $0.readFileDescriptor() }
        XCTAssertNoThrow(try reader.seek(to: 48))
        assertFails(&reader, .unexpectedObjectType(BinderObjectType.handle.rawValue, offset: 48)) { try $0.readFileDescriptor() }
    }

    func testPlainReadsMayNotOverlapListedObjects() {
        var writer = ParcelWriter()
        writer.writeStrongBinder(ptr: 0x1000, cookie: 0x2000)
        writer.writeInt32(5)
        var reader = ParcelReader(writer)
        assertFails(&reader, .readIntoObject(offset: 0, objectOffset: 0)) { try $0.readInt32() }
        assertFails(&reader, .readIntoObject(offset: 0, objectOffset: 0)) { try $0.readByteArray() }
        XCTAssertNoThrow(try reader.seek(to: 20))
        assertFails(&reader, .readIntoObject(offset: 20, objectOffset: 0)) { try $0.readInt64() }
        XCTAssertNoThrow(try reader.seek(to: 24))
        XCTAssertEqual(try reader.readInt32(), 5)
    }

    func testUnlistedNullShapeMayNotOverlapAListedObject() {
        var reader = ParcelReader(bytes: Array(repeating: 0, count: 32), objectOffsets: [8])
        assertFails(&reader, .readIntoObject(offset: 0, objectOffset: 8)) { try $0.readObject() }
    }

    func testOffsetsOutsideTheDataAreDropped() {
        let reader = ParcelReader(bytes: Array(repeating: 0, count: 32), objectOffsets: [8, 0, 9, 100, .max])
        XCTAssertEqual(reader.objectOffsets, [0, 8])
        XCTAssertEqual(ParcelReader(bytes: Array(repeating: 0, count: 10), objectOffsets: [0]).objectOffsets, [])
    }

    func testSeekOutsideTheDataIsAnError() {
        var reader = ParcelReader(bytes: [0, 0, 0, 0])
        XCTAssertThrowsError(try reader.seek(to: -1)) { XCTAssertEqual($0 as? ParcelError, .invalidPosition(-1)) }
        XCTAssertThrowsError(try reader.seek(to: 5)) { XCTAssertEqual($0 as? ParcelError, .invalidPosition(5)) }
        XCTAssertEqual(reader.position, 0)
    }

    func testErrorsDescribeThemselves() {
        let error = ParcelError.outOfBounds(offset: 4, needed: 8, available: 2)
        XCTAssertEqual(error.description, "parcel read at 4 needs 8 bytes, 2 remain")
        XCTAssertEqual(ParcelError.unexpectedObjectType(0x66646185, offset: 0).description,
                       "parcel object at 0 has unexpected type 0x66646185")
    }
}
