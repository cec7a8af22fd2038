// Exact bytes the writer produces, checked against layouts worked out by hand
// from the Android wire format (not against our own reader).

import BinderABI
@testable import BinderKit
import XCTest

/// Bytes from a hex string such as "02 00 00 00 68 00"; spaces are ignored.
func parcelHex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    precondition(digits.count % 2 == 0, "odd hex digit count")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(digits[index...index + 1]), radix: 16) else {
            preconditionFailure("bad hex \(digits[index...index + 1])")
        }
        return byte
    }
}

/// A writer after one mutation, for one-line layout checks.
func parcelBytes(_ write: (inout ParcelWriter) -> Void) -> [UInt8] {
    var writer = ParcelWriter()
    write(&writer)
    return writer.bytes
}

final class ParcelLayoutTests: XCTestCase {
    func testObjectStructsAreTwentyFourBytes() {
        XCTAssertEqual(ParcelObject.size, 24)
        XCTAssertEqual(ParcelObject.fdObjectSize, ParcelObject.size)
    }

    func testScalarsAreLittleEndianInFourByteSlots() {
        XCTAssertEqual(parcelBytes { $0.writeInt32(-2) }, parcelHex("fe ff ff ff"))
        XCTAssertEqual(parcelBytes { $0.writeUInt32(0x0102_0304) }, parcelHex("04 03 02 01"))
        XCTAssertEqual(parcelBytes { $0.writeInt64(0x0102_0304_0506_0708) }, parcelHex("08 07 06 05 04 03 02 01"))
        XCTAssertEqual(parcelBytes { $0.writeUInt64(.max) }, parcelHex("ff ff ff ff ff ff ff ff"))
        XCTAssertEqual(parcelBytes { $0.writeBool(true) }, parcelHex("01 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeBool(false) }, parcelHex("00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeFloat(1.0) }, parcelHex("00 00 80 3f"))
        XCTAssertEqual(parcelBytes { $0.writeDouble(1.0) }, parcelHex("00 00 00 00 00 00 f0 3f"))
    }

    func testInt64FollowsAnInt32WithoutRealignment() {
        let bytes = parcelBytes {
            $0.writeInt32(1)
            $0.writeInt64(2)
        }
        XCTAssertEqual(bytes, parcelHex("01 00 00 00  02 00 00 00 00 00 00 00"))
    }

    func testString16LayoutHasLengthUnitsTerminatorAndPadding() {
        XCTAssertEqual(parcelBytes { $0.writeString16("hi") }, parcelHex("02 00 00 00  68 00 69 00  00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeString16("abc") }, parcelHex("03 00 00 00  61 00 62 00 63 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeString16("") }, parcelHex("00 00 00 00  00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeString16(nil) }, parcelHex("ff ff ff ff"))
        // U+1F600 is the surrogate pair D83D DE00: a length of 2 units.
        XCTAssertEqual(parcelBytes { $0.writeString16("😀") }, parcelHex("02 00 00 00  3d d8 00 de  00 00 00 00"))
    }

    func testString8LayoutHasLengthBytesNulAndPadding() {
        XCTAssertEqual(parcelBytes { $0.writeString8("abc") }, parcelHex("03 00 00 00  61 62 63 00"))
        XCTAssertEqual(parcelBytes { $0.writeString8("abcd") }, parcelHex("04 00 00 00  61 62 63 64  00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeString8("") }, parcelHex("00 00 00 00  00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeString8(nil) }, parcelHex("ff ff ff ff"))
        XCTAssertEqual(parcelBytes { $0.writeString8("é") }, parcelHex("02 00 00 00  c3 a9 00 00"))
    }

    func testByteArrayLayoutIsPaddedWithoutTerminator() {
        XCTAssertEqual(parcelBytes { $0.writeByteArray([1, 2, 3, 4, 5]) }, parcelHex("05 00 00 00  01 02 03 04  05 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeByteArray([1, 2, 3, 4]) }, parcelHex("04 00 00 00  01 02 03 04"))
        XCTAssertEqual(parcelBytes { $0.writeByteArray([]) }, parcelHex("00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeByteArray(nil) }, parcelHex("ff ff ff ff"))
    }

    func testNullableUsesAPresenceMarker() {
        XCTAssertEqual(parcelBytes { $0.writeNullable(Int32?.none) { $0.writeInt32($1) } }, parcelHex("00 00 00 00"))
        XCTAssertEqual(parcelBytes { $0.writeNullable(Int32(9)) { $0.writeInt32($1) } }, parcelHex("01 00 00 00  09 00 00 00"))
    }

    func testStrongBinderLayout() {
        let bytes = parcelBytes { $0.writeStrongBinder(ptr: 0x1122_3344_5566_7788, cookie: 0x99) }
        XCTAssertEqual(bytes, parcelHex("""
            85 2a 62 73  7f 01 00 00
            88 77 66 55 44 33 22 11
            99 00 00 00 00 00 00 00
            """))
    }

    func testWeakBinderAndHandleLayouts() {
        XCTAssertEqual(parcelBytes { $0.writeWeakBinder(ptr: 1, cookie: 2, flags: 0) }, parcelHex("""
            85 2a 62 77  00 00 00 00  01 00 00 00 00 00 00 00  02 00 00 00 00 00 00 00
            """))
        XCTAssertEqual(parcelBytes { $0.writeStrongHandle(5) }, parcelHex("""
            85 2a 68 73  7f 01 00 00  05 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
            """))
        XCTAssertEqual(parcelBytes { $0.writeWeakHandle(0xdead_beef, flags: 0x100) }, parcelHex("""
            85 2a 68 77  00 01 00 00  ef be ad de 00 00 00 00  00 00 00 00 00 00 00 00
            """))
    }

    func testNullBinderIsABinderObjectWithZeroPointerAndCookie() {
        XCTAssertEqual(parcelBytes { $0.writeNullBinder() }, parcelHex("""
            85 2a 62 73  7f 01 00 00  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
            """))
    }

    func testFileDescriptorLayoutCarriesOwnershipInTheCookie() {
        XCTAssertEqual(parcelBytes { $0.writeFileDescriptor(7, takeOwnership: true) }, parcelHex("""
            85 2a 64 66  7f 01 00 00  07 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00
            """))
        XCTAssertEqual(parcelBytes { $0.writeFileDescriptor(7, takeOwnership: false) }, parcelHex("""
            85 2a 64 66  7f 01 00 00  07 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
            """))
    }

    func testDefaultFlagsArePriorityMaskAndAcceptsFds() {
        XCTAssertEqual(ParcelObject.defaultFlags, 0x17f)
        XCTAssertEqual(ParcelObject.defaultFlags, 0x7f | FlatBinderFlags.acceptsFds.rawValue)
    }

    func testObjectOffsetsListEveryObjectButNullBindersAndHandleZero() {
        var writer = ParcelWriter()
        writer.writeInt32(1)                                  // 0..<4
        writer.writeStrongBinder(ptr: 0x1000, cookie: 0x2000) // 4
        writer.writeNullBinder()                              // 28, not listed
        writer.writeString16("x")                             // 52..<60
        writer.writeStrongHandle(3)                           // 60
        writer.writeStrongHandle(0)                           // 84, not listed
        writer.writeFileDescriptor(0, takeOwnership: false)   // 108, listed though all zero
        writer.writeWeakBinder(ptr: 0x1000, cookie: 0x2000)   // 132
        XCTAssertEqual(writer.objectOffsets, [4, 60, 108, 132])
        XCTAssertEqual(writer.dataSize, 156)
        XCTAssertEqual(writer.bytes.count, writer.dataSize)
    }

    func testInterfaceTokenAndroid9() {
        XCTAssertEqual(parcelBytes { $0.writeInterfaceToken("a") }, parcelHex("00 00 00 80  01 00 00 00  61 00 00 00"))
    }

    func testInterfaceTokenAndroid10AddsWorkSource() {
        let bytes = parcelBytes { $0.writeInterfaceToken("a", format: .android10, strictModePolicy: 0x10, workSourceUid: 1000) }
        XCTAssertEqual(bytes, parcelHex("10 00 00 80  e8 03 00 00  01 00 00 00  61 00 00 00"))
    }

    func testInterfaceTokenAndroid11AddsSystHeader() {
        let bytes = parcelBytes { $0.writeInterfaceToken("a", format: .android11Plus) }
        XCTAssertEqual(bytes, parcelHex("00 00 00 80  ff ff ff ff  54 53 59 53  01 00 00 00  61 00 00 00"))
    }

    func testServiceManagerTokenHasTheShapeSeenOnDevices() {
        // 26 UTF-16 units plus the terminator are 54 bytes, padded to 56.
        let bytes = parcelBytes { $0.writeInterfaceToken("android.os.IServiceManager", format: .android11Plus) }
        XCTAssertEqual(bytes.count, 12 + 4 + 56)
        XCTAssertEqual(Array(bytes[0..<16]), parcelHex("00 00 00 80  ff ff ff ff  54 53 59 53  1a 00 00 00"))
        XCTAssertEqual(Array(bytes[16..<20]), parcelHex("61 00 6e 00"))
        XCTAssertEqual(Array(bytes[68..<72]), [0, 0, 0, 0])
    }
}
