// Round trips: whatever the writer writes, the reader gives back, and ends
// exactly at the end of the data.

import BinderABI
@testable import BinderKit
import XCTest

/// A parcel using every kind of value, and the reads that consume it; the
/// malformed-input tests cut and corrupt it.
enum ParcelSample {
    static var writer: ParcelWriter {
        var writer = ParcelWriter()
        writer.writeInterfaceToken("android.os.IDemo", format: .android11Plus)
        writer.writeInt32(-7)
        writer.writeUInt32(0xfeed_f00d)
        writer.writeInt64(.min)
        writer.writeUInt64(.max)
        writer.writeBool(true)
        writer.writeFloat(-1.5)
        writer.writeDouble(.pi)
        writer.writeString16("héllo 👋🏽")
        writer.writeString16(nil)
        writer.writeString8("utf-8 ✓")
        writer.writeByteArray([1, 2, 3])
        writer.writeNullable(Int64(42)) { $0.writeInt64($1) }
        writer.writeStrongBinder(ptr: 0xdead_0000, cookie: 0xbeef_0000)
        writer.writeNullBinder()
        writer.writeStrongHandle(9)
        writer.writeFileDescriptor(4, takeOwnership: true)
        writer.writeString16("end")
        return writer
    }

    /// Reads everything `writer` wrote and describes each value. The reads sit
    /// outside any XCTAssert, because an assertion would swallow their errors,
    /// and the truncation tests need those errors to propagate.
    static func readAll(_ reader: inout ParcelReader) throws -> [String] {
        var values: [String] = []
        func note(_ value: Any?) { values.append(describe(value)) }
        note(try reader.readInterfaceToken(expected: "android.os.IDemo", format: .android11Plus))
        note(try reader.readInt32())
        note(try reader.readUInt32())
        note(try reader.readInt64())
        note(try reader.readUInt64())
        note(try reader.readBool())
        note(try reader.readFloat())
        note(try reader.readDouble())
        note(try reader.readString16())
        note(try reader.readString16())
        note(try reader.readString8())
        note(try reader.readByteArray())
        note(try reader.readNullable { try $0.readInt64() })
        note(try reader.readStrongBinder())
        note(try reader.readStrongBinder())
        note(try reader.readObject())
        note(try reader.readObject())
        note(try reader.readString16())
        return values
    }

    /// What `readAll` returns for the intact sample.
    static var expectedValues: [String] {
        let values: [Any?] = [
            true, Int32(-7), UInt32(0xfeed_f00d), Int64.min, UInt64.max, true, Float(-1.5), Double.pi,
            "héllo 👋🏽", String?.none, "utf-8 ✓", [UInt8]([1, 2, 3]), Int64(42),
            ParcelObject.binder(ptr: 0xdead_0000, cookie: 0xbeef_0000, flags: ParcelObject.defaultFlags),
            ParcelObject?.none,
            ParcelObject.handle(9, flags: ParcelObject.defaultFlags),
            ParcelObject.fileDescriptor(4, cookie: 1),
            "end",
        ]
        return values.map(describe)
    }

    static func describe(_ value: Any?) -> String {
        value.map { "\(type(of: $0)) \($0)" } ?? "nil"
    }
}

final class ParcelTests: XCTestCase {
    func testSampleParcelRoundTripsToTheLastByte() throws {
        var reader = ParcelReader(ParcelSample.writer)
        XCTAssertEqual(try ParcelSample.readAll(&reader), ParcelSample.expectedValues)
        XCTAssertEqual(reader.remaining, 0)
    }

    func testIntegerExtremes() throws {
        var writer = ParcelWriter()
        let int32s: [Int32] = [0, 1, -1, .min, .max]
        let int64s: [Int64] = [0, 1, -1, .min, .max]
        let uint32s: [UInt32] = [0, 1, .max]
        let uint64s: [UInt64] = [0, 1, .max]
        int32s.forEach { writer.writeInt32($0) }
        int64s.forEach { writer.writeInt64($0) }
        uint32s.forEach { writer.writeUInt32($0) }
        uint64s.forEach { writer.writeUInt64($0) }
        var reader = ParcelReader(writer)
        XCTAssertEqual(try int32s.map { _ in try reader.readInt32() }, int32s)
        XCTAssertEqual(try int64s.map { _ in try reader.readInt64() }, int64s)
        XCTAssertEqual(try uint32s.map { _ in try reader.readUInt32() }, uint32s)
        XCTAssertEqual(try uint64s.map { _ in try reader.readUInt64() }, uint64s)
        XCTAssertEqual(reader.remaining, 0)
    }

    func testBoolReadsAnyNonZeroAsTrue() throws {
        var writer = ParcelWriter()
        writer.writeBool(false)
        writer.writeBool(true)
        writer.writeInt32(-5)
        var reader = ParcelReader(writer)
        XCTAssertEqual(try reader.readBool(), false)
        XCTAssertEqual(try reader.readBool(), true)
        XCTAssertEqual(try reader.readBool(), true)
    }

    func testFloatingPointKeepsBitPatterns() throws {
        let floats: [Float] = [0, -0.0, 1, -1.5, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let doubles: [Double] = [0, -0.0, .pi, .infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var writer = ParcelWriter()
        floats.forEach { writer.writeFloat($0) }
        doubles.forEach { writer.writeDouble($0) }
        var reader = ParcelReader(writer)
        XCTAssertEqual(try floats.map { _ in try reader.readFloat().bitPattern }, floats.map(\.bitPattern))
        XCTAssertEqual(try doubles.map { _ in try reader.readDouble().bitPattern }, doubles.map(\.bitPattern))
    }

    /// Strings of every padding residue, non-ASCII, surrogate pairs and embedded NULs.
    static let strings: [String?] = [
        nil, "", "a", "ab", "abc", "abcd", "abcde", "héllo", "日本語テキスト", "😀", "👋🏽 family: 👨‍👩‍👧", "a\u{0}b", "\u{FFFF}\u{10FFFF}",
    ]

    func testString16RoundTrips() throws {
        var writer = ParcelWriter()
        Self.strings.forEach { writer.writeString16($0) }
        var reader = ParcelReader(writer)
        for string in Self.strings {
            XCTAssertEqual(try reader.readString16(), string)
        }
        XCTAssertEqual(reader.remaining, 0)
    }

    func testString8RoundTrips() throws {
        var writer = ParcelWriter()
        Self.strings.forEach { writer.writeString8($0) }
        var reader = ParcelReader(writer)
        for string in Self.strings {
            XCTAssertEqual(try reader.readString8(), string)
        }
        XCTAssertEqual(reader.remaining, 0)
    }

    func testString16UnitsRoundTripEvenUnpairedSurrogates() throws {
        let units: [UInt16] = [0x61, 0xD800, 0x62]
        var writer = ParcelWriter()
        writer.writeString16(units: units)
        writer.writeString16(nil)
        var reader = ParcelReader(writer)
        XCTAssertEqual(try reader.readString16Units(), units)
        XCTAssertNil(try reader.readString16Units())
    }

    func testByteArraysOfEveryPaddingResidue() throws {
        let arrays: [[UInt8]?] = [nil, []] + (1...9).map { Array(UInt8(1)...UInt8($0)) } + [Array(repeating: 0xff, count: 1000)]
        var writer = ParcelWriter()
        arrays.forEach { writer.writeByteArray($0) }
        XCTAssertEqual(writer.dataSize % 4, 0)
        var reader = ParcelReader(writer)
        for array in arrays {
            XCTAssertEqual(try reader.readByteArray(), array)
        }
        XCTAssertEqual(reader.remaining, 0)
    }

    func testNullableValuesRoundTrip() throws {
        struct Point: Equatable { var x: Int32, y: Int32 }
        let points: [Point?] = [nil, Point(x: 1, y: -2), nil]
        var writer = ParcelWriter()
        for point in points {
            writer.writeNullable(point) { writer, point in
                writer.writeInt32(point.x)
                writer.writeInt32(point.y)
            }
        }
        var reader = ParcelReader(writer)
        for point in points {
            let read = try reader.readNullable { reader in Point(x: try reader.readInt32(), y: try reader.readInt32()) }
            XCTAssertEqual(read, point)
        }
        XCTAssertEqual(reader.remaining, 0)
    }

    func testEveryObjectKindRoundTrips() throws {
        let objects: [ParcelObject] = [
            .binder(ptr: 0x7f00_0000_1000, cookie: 0x7f00_0000_2000, flags: ParcelObject.defaultFlags),
            .weakBinder(ptr: 1, cookie: 2, flags: 0x1000),
            .handle(1, flags: 0),
            .weakHandle(.max, flags: ParcelObject.defaultFlags),
            .fileDescriptor(3, cookie: 0),
            .fileDescriptor(.max, cookie: 1),
            ParcelObject.null,
            .handle(0, flags: ParcelObject.defaultFlags),
        ]
        var writer = ParcelWriter()
        objects.forEach { writer.writeObject($0) }
        XCTAssertEqual(writer.objectOffsets, [0, 24, 48, 72, 96, 120])
        var reader = ParcelReader(writer)
        for object in objects {
            XCTAssertEqual(try reader.readObject(), object)
        }
        XCTAssertEqual(reader.remaining, 0)
    }

    func testTypedObjectReads() throws {
        var writer = ParcelWriter()
        writer.writeStrongHandle(4)
        writer.writeNullBinder()
        writer.writeFileDescriptor(12, takeOwnership: false)
        var reader = ParcelReader(writer)
        XCTAssertEqual(try reader.readStrongBinder(), .handle(4, flags: ParcelObject.defaultFlags))
        XCTAssertNil(try reader.readStrongBinder())
        XCTAssertEqual(try reader.readFileDescriptor(), 12)
        XCTAssertTrue(ParcelObject.null.isNull)
        XCTAssertFalse(ParcelObject.handle(0, flags: 0).isNull)
    }

    func testInterfaceTokensRoundTripInEveryFormat() throws {
        for format in InterfaceTokenFormat.allCases {
            var writer = ParcelWriter()
            writer.writeInterfaceToken("android.os.IDemo", format: format, strictModePolicy: 0x4, workSourceUid: 10_001)
            writer.writeInt32(77)

            var matching = ParcelReader(writer)
            XCTAssertTrue(try matching.readInterfaceToken(expected: "android.os.IDemo", format: format), "\(format)")
            XCTAssertEqual(try matching.readInt32(), 77)

            var other = ParcelReader(writer)
            XCTAssertFalse(try other.readInterfaceToken(expected: "android.os.IOther", format: format), "\(format)")

            var fields = ParcelReader(writer)
            let token = try fields.readInterfaceToken(format: format)
            XCTAssertEqual(token.strictModePolicy, Int32(bitPattern: 0x8000_0004))
            XCTAssertEqual(token.workSourceUid, format == .android9 ? nil : 10_001)
            XCTAssertEqual(token.header, format == .android11Plus ? InterfaceTokenFormat.systemHeader : nil)
            XCTAssertEqual(token.descriptor, "android.os.IDemo")
        }
    }

    func testWrongPartitionHeaderDoesNotMatch() throws {
        var writer = ParcelWriter()
        writer.writeInt32(InterfaceTokenFormat.penaltyGather)
        writer.writeInt32(-1)
        writer.writeInt32(Int32(bitPattern: 0x564E_4452))  // 'VNDR'
        writer.writeString16("android.os.IDemo")
        var reader = ParcelReader(writer)
        XCTAssertFalse(try reader.readInterfaceToken(expected: "android.os.IDemo", format: .android11Plus))
    }

    func testNullDescriptorDoesNotMatch() throws {
        var writer = ParcelWriter()
        writer.writeInt32(InterfaceTokenFormat.penaltyGather)
        writer.writeString16(nil)
        var reader = ParcelReader(writer)
        XCTAssertFalse(try reader.readInterfaceToken(expected: "", format: .android9))
    }

    func testSeekAllowsRereading() throws {
        var writer = ParcelWriter()
        writer.writeInt32(5)
        writer.writeString16("again")
        var reader = ParcelReader(writer)
        XCTAssertEqual(try reader.readInt32(), 5)
        let mark = reader.position
        XCTAssertEqual(try reader.readString16(), "again")
        try reader.seek(to: mark)
        XCTAssertEqual(try reader.readString16Units(), Array("again".utf16))
        try reader.seek(to: reader.bytes.count)
        XCTAssertEqual(reader.remaining, 0)
    }
}
