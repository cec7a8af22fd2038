// Exact bytes of Android's AIDL wire format. Each expectation is written
// from how AOSP lays the value out, named in the comment beside it:
//   Parcel.cpp   frameworks/native/libs/binder/Parcel.cpp (writeInt32, writeString16,
//                writeByteVector, writeInterfaceToken, flattenBinder/finishFlattenBinder,
//                writeParcelFileDescriptor, writeParcelable/writeNullableParcelable)
//   Status.cpp   frameworks/native/libs/binder/Status.cpp (writeToParcel, readFromParcel)
//   aidl C++/NDK backends: system/tools/aidl generate_cpp.cpp / generate_ndk.cpp
//                (parcelable size prefix, union tag, transaction numbering)
// All integers little-endian, every value padded to 4 bytes (Parcel.cpp pad_size).

import AIDLTestService
import BinderKit
import Glibc
import XCTest

private func written(_ wire: AIDLWireFormat = .current, _ body: (inout ParcelWriter) -> Void) -> ParcelWriter {
    var writer = ParcelWriter()
    body(&writer)
    return writer
}

private func bytes<T: AIDLValue>(_ value: T, _ wire: AIDLWireFormat = .current) -> [UInt8] {
    written { value.writeAIDL(to: &$0, wire) }.bytes
}

private func decoded<T: AIDLValue>(_ type: T.Type, _ raw: [UInt8], _ wire: AIDLWireFormat = .current) throws -> T {
    var parcel = incoming(written { _ in }.appending(raw))
    return try parcel.read(T.self, wire)
}

private extension ParcelWriter {
    func appending(_ raw: [UInt8]) -> ParcelWriter {
        var copy = self
        var reader = ParcelReader(bytes: raw)
        while reader.remaining >= 4 { copy.writeInt32(try! reader.readInt32()) }
        return copy
    }
}

/// flat_binder_object (uapi binder.h): type, flags, the 64-bit binder/handle, the 64-bit cookie.
private func flatObject(type: UInt32, flags: UInt32, field: UInt64, cookie: UInt64) -> [UInt8] {
    var result: [UInt8] = []
    for (value, size) in [(UInt64(type), 4), (UInt64(flags), 4), (field, 8), (cookie, 8)] {
        result += (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
    return result
}

private let binderType: UInt32 = 0x7362_2A85 // B_PACK_CHARS('s', 'b', '*', 0x85)
private let fdType: UInt32 = 0x6664_2A85 // B_PACK_CHARS('f', 'd', '*', 0x85)

final class WireFormatGoldenTests: XCTestCase {
    // MARK: Status header (Status.cpp)

    func testNoExceptionIsOneZeroWord() {
        // writeToParcel: writeInt32(EX_NONE) and nothing more.
        XCTAssertEqual(written { $0.writeAIDLNoException() }.bytes, words(0))
        XCTAssertEqual(written { $0.writeAIDLStatus(AIDLStatus(.none)) }.bytes, words(0))
    }

    func testServiceSpecificException() {
        // EX_SERVICE_SPECIFIC (-8), String16 message, int32 0 (empty remote
        // stack trace header), int32 the service's error code.
        let status = AIDLStatus.serviceSpecific(42, "bad")
        XCTAssertEqual(written { $0.writeAIDLStatus(status) }.bytes, words(-8) + string16("bad") + words(0) + words(42))
    }

    func testOtherExceptionsHaveNoCodeWord() {
        // EX_SECURITY (-1): code, message, empty stack trace header; no trailing word.
        XCTAssertEqual(written { $0.writeAIDLStatus(AIDLStatus(.security, message: "no")) }.bytes,
                       words(-1) + string16("no") + words(0))
        // EX_PARCELABLE (-9): a trailing int32 0 (native peers send no parcelable body).
        XCTAssertEqual(written { $0.writeAIDLStatus(AIDLStatus(.parcelable)) }.bytes,
                       words(-9) + string16("") + words(0) + words(0))
        XCTAssertEqual(AIDLExceptionCode.illegalArgument.rawValue, -3)
        XCTAssertEqual(AIDLExceptionCode.nullPointer.rawValue, -4)
        XCTAssertEqual(AIDLExceptionCode.illegalState.rawValue, -5)
        XCTAssertEqual(AIDLExceptionCode.unsupportedOperation.rawValue, -7)
        XCTAssertEqual(AIDLExceptionCode.transactionFailed.rawValue, -129)
    }

    func testReadingSkipsTheStackTraceHeaderByItsSize() throws {
        // readFromParcel: after the message, int32 size then that many bytes to skip.
        var reader = ParcelReader(bytes: words(-8) + string16("m") + words(8, 0x0dea, 0x0bee) + words(3) + words(77))
        XCTAssertEqual(try reader.readAIDLStatus(), .serviceSpecific(3, "m"))
        XCTAssertEqual(try reader.readInt32(), 77)
    }

    func testReadingSkipsJavasFatReplyHeaderAsNoException() throws {
        // EX_HAS_REPLY_HEADER (-128): int32 size counting itself, skipped; then as EX_NONE.
        var reader = ParcelReader(bytes: words(-128, 12, 1, 2) + words(5))
        XCTAssertNil(try reader.readAIDLStatus())
        XCTAssertEqual(try reader.readInt32(), 5)
        // EX_HAS_NOTED_APPOPS_REPLY_HEADER (-127): skipped, then the real code follows.
        var appOps = ParcelReader(bytes: words(-127, 8, 9) + words(-3) + string16("x") + words(0))
        XCTAssertEqual(try appOps.readAIDLStatus(), AIDLStatus(.illegalArgument, message: "x"))
    }

    func testMalformedStatusHeadersThrow() {
        var negative = ParcelReader(bytes: words(-1) + string16("") + words(-4))
        XCTAssertThrowsError(try negative.readAIDLStatus())
        XCTAssertEqual(negative.position, 0, "a failed read leaves the position")
        var past = ParcelReader(bytes: words(-128, 400))
        XCTAssertThrowsError(try past.readAIDLStatus())
    }

    // MARK: Interface tokens (Parcel.cpp writeInterfaceToken)

    func testInterfaceTokenPerRelease() {
        // int32 strict-mode policy | STRICT_MODE_PENALTY_GATHER (1 << 31);
        // Android 10+: int32 work-source uid (kUnsetWorkSource = -1);
        // Android 11+: int32 kHeader, B_PACK_CHARS('S','Y','S','T') for system binaries;
        // then the String16 descriptor.
        let gather = Int32(bitPattern: 0x8000_0000)
        XCTAssertEqual(written { $0.writeAIDLInterfaceToken("a.IB", .android10) }.bytes,
                       words(gather, -1) + string16("a.IB"))
        XCTAssertEqual(written { $0.writeAIDLInterfaceToken("a.IB", .android11) }.bytes,
                       words(gather, -1, 0x5359_5354) + string16("a.IB"))
        XCTAssertEqual(Array(words(0x5359_5354)), ascii("TSYS"), "'SYST' packed big-end first reads TSYS in memory")
        for wire in [AIDLWireFormat.android12, .android13, .android14, .current] {
            XCTAssertEqual(written { $0.writeAIDLInterfaceToken("a.IB", wire) }.bytes,
                           words(gather, -1, 0x5359_5354) + string16("a.IB"))
        }
        // Vendor binaries (__ANDROID_VNDK__) write 'VNDR'.
        var vendor = AIDLWireFormat.current
        vendor.partitionHeader = AIDLWireFormat.vendorHeader
        XCTAssertEqual(written { $0.writeAIDLInterfaceToken("a.IB", vendor) }.bytes,
                       words(gather, -1, 0x564E_4452) + string16("a.IB"))
    }

    // MARK: Transaction codes (IBinder::FIRST_CALL_TRANSACTION + index)

    func testMethodsAreNumberedFromFirstCallInDeclarationOrder() {
        XCTAssertEqual(ITestServiceAIDL.TRANSACTION_repeatBoolean, 1)
        XCTAssertEqual(ITestServiceAIDL.TRANSACTION_repeatByte, 2)
        XCTAssertEqual(ITestServiceAIDL.TRANSACTION_repeatInt, 4)
        XCTAssertEqual(ITestServiceAIDL.TRANSACTION_lastPing, 46, "the 46th method of ITestService.aidl")
        // Explicit ids (`= N`) are offsets from FIRST_CALL_TRANSACTION too.
        XCTAssertEqual(IExplicitIdsAIDL.TRANSACTION_first, 11)
        XCTAssertEqual(IExplicitIdsAIDL.TRANSACTION_second, 4)
        // Meta-transactions of versioned interfaces: IBinder::LAST_CALL_TRANSACTION - 1 and - 2.
        XCTAssertEqual(AIDLTransaction.getInterfaceVersion, 0x00FF_FFFE)
        XCTAssertEqual(AIDLTransaction.getInterfaceHash, 0x00FF_FFFD)
    }

    // MARK: Primitives (Parcel.cpp: every scalar at least an int32 slot)

    func testScalars() {
        XCTAssertEqual(bytes(true), words(1)) // writeBool -> writeInt32
        XCTAssertEqual(bytes(false), words(0))
        XCTAssertEqual(bytes(Int8(-2)), words(-2)) // writeByte -> writeInt32(int32_t(val))
        XCTAssertEqual(bytes(UInt16(0x263A)), words(0x263A)) // writeChar -> writeInt32
        XCTAssertEqual(bytes(Int32(-5)), words(-5))
        XCTAssertEqual(bytes(Int64(0x0102_0304_0506_0708)), [8, 7, 6, 5, 4, 3, 2, 1]) // writeInt64, no extra alignment
        XCTAssertEqual(bytes(Float(1)), words(0x3F80_0000)) // writeFloat: IEEE-754 bits
        XCTAssertEqual(bytes(Double(1)), [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]) // writeDouble
    }

    func testPrimitiveArrays() {
        // writeByteVector: int32 count, the bytes packed, padding.
        XCTAssertEqual(bytes([Int8(1), 2, 3]), words(3) + [1, 2, 3, 0])
        XCTAssertEqual(bytes([Int8]()), words(0))
        // bool[], char[]: count, then each element as an int32 (writeBoolVector / writeCharVector).
        XCTAssertEqual(bytes([true, false]), words(2, 1, 0))
        XCTAssertEqual(bytes([UInt16(65), 66]), words(2, 65, 66))
        XCTAssertEqual(bytes([Int32(7), -1]), words(2, 7, -1))
        XCTAssertEqual(bytes([Int64(1)]), words(1) + [1, 0, 0, 0, 0, 0, 0, 0])
        // A null array: length -1 (writeByteVector(optional) / writeVectorSize).
        XCTAssertEqual(bytes([Int32]?.none), words(-1))
        XCTAssertEqual(bytes([Int8]?.none), words(-1))
    }

    // MARK: Strings (Parcel.cpp writeString16; @utf8InCpp: writeUtf8AsUtf16)

    func testString16() {
        XCTAssertEqual(bytes("Hi"), words(2) + [0x48, 0, 0x69, 0, 0, 0, 0, 0])
        XCTAssertEqual(bytes(""), words(0) + [0, 0, 0, 0])
        XCTAssertEqual(bytes("abc"), words(3) + [0x61, 0, 0x62, 0, 0x63, 0, 0, 0])
        // A character outside the BMP is two UTF-16 units.
        XCTAssertEqual(bytes("𝄞"), words(2) + [0x34, 0xD8, 0x1E, 0xDD, 0, 0, 0, 0])
        XCTAssertEqual(bytes(String?.none), words(-1))
        // @utf8InCpp changes only the C++ type: the wire is String16 either way.
        XCTAssertEqual(bytes("é"), words(1) + [0xE9, 0, 0, 0])
    }

    func testStringArraysWithNullElements() {
        // writeString16Vector: count, then each String16 (-1 for a null element).
        XCTAssertEqual(bytes(["a", nil] as [String?]), words(2) + string16("a") + words(-1))
    }

    // MARK: Parcelables (aidl: size prefix; Parcel.cpp writeParcelable: non-null marker)

    func testStructuredParcelableHasMarkerThenSizeCountingItself() {
        // writeParcelable: int32 1; writeToParcel: int32 size (from its own start), fields.
        XCTAssertEqual(bytes(Point(x: 1, y: 2)), words(1, 12, 1, 2))
        // writeNullableParcelable(nullopt): int32 0 and nothing else.
        XCTAssertEqual(bytes(Point?.none), words(0))
        XCTAssertEqual(bytes(Point?.some(Point())), words(1, 12, 0, -3))
        // Arrays of parcelables: count, then each with its own marker.
        XCTAssertEqual(bytes([Point(), Point(x: 5, y: 6)]), words(2, 1, 12, 0, -3, 1, 12, 5, 6))
    }

    func testOlderSenderFieldsKeepDefaultsAndNewerSenderExtrasAreSkipped() throws {
        // readFromParcel stops reading fields once the declared size is used up...
        XCTAssertEqual(try decoded(Point.self, words(1, 8, 4)), Point(x: 4, y: -3))
        // ...and moves to the declared end past fields it does not know.
        var parcel = incoming(written { $0.writeInt32(0) }.appending(words(1, 20, 4, 5, 99, 98) + words(123)))
        _ = try parcel.readInt32()
        XCTAssertEqual(try parcel.read(Point.self, .current), Point(x: 4, y: 5))
        XCTAssertEqual(try parcel.readInt32(), 123)
    }

    func testMalformedParcelablesThrow() {
        XCTAssertThrowsError(try decoded(Point.self, words(1, 3, 0, 0)), "a size below 4 cannot hold its own prefix")
        XCTAssertThrowsError(try decoded(Point.self, words(1, 400, 0, 0)), "a size past the data")
        XCTAssertThrowsError(try decoded(Point.self, words(0)), "null where the type is not @nullable") {
            XCTAssertEqual($0 as? ParcelError, .unexpectedNull(offset: 0))
        }
    }

    // MARK: Unions (aidl: int32 tag = field index, then the field; no size prefix)

    func testUnionIsTagThenValue() throws {
        XCTAssertEqual(bytes(Value.number(42)), words(1, 0, 42))
        XCTAssertEqual(bytes(Value.text("a")), words(1, 1) + string16("a"))
        XCTAssertEqual(bytes(Value.numbers([3])), words(1, 2, 1, 3))
        XCTAssertEqual(bytes(Value.choice(.BAR)), words(1, 3, 2000))
        guard case .text("a") = try decoded(Value.self, words(1, 1) + string16("a")) else { return XCTFail() }
        XCTAssertThrowsError(try decoded(Value.self, words(1, 5, 0)), "tag 5 names no field")
        XCTAssertThrowsError(try decoded(Value.self, words(1, -1, 0)))
    }

    // MARK: Enums (aidl: the backing type's own layout)

    func testEnumsUseTheirBackingType() {
        XCTAssertEqual(bytes(ByteEnum.BAR), words(2)) // byte: an int32 slot
        XCTAssertEqual(bytes([ByteEnum.FOO, .BAZ]), words(2) + [1, 3, 0, 0]) // byte enum array: packed like byte[]
        XCTAssertEqual(bytes(IntEnum.FOO), words(1000))
        XCTAssertEqual(bytes([IntEnum.FOO, .MINUS]), words(2, 1000, -1))
        XCTAssertEqual(bytes(LongEnum.FOO), [0x00, 0xE8, 0x76, 0x48, 0x17, 0, 0, 0]) // 100000000000
    }

    // MARK: Binders (Parcel.cpp flattenBinder + finishFlattenBinder)

    func testBinderObjectFollowedByItsStabilityWord() {
        let binder = LocalBinder { _, _ in }
        let flags = ParcelObject.defaultFlags
        let object = flatObject(type: binderType, flags: flags, field: binder.id, cookie: binder.id)
        // Android 11 and 14+: int32 Stability level after the object; SYSTEM = 0b001100.
        let current = written { $0.writeAIDLBinder(binder, .current) }
        XCTAssertEqual(current.bytes, object + words(12))
        XCTAssertEqual(current.objectOffsets, [0])
        XCTAssertEqual(written { $0.writeAIDLBinder(binder, .android11) }.bytes, object + words(12))
        // Android 12 and 13: Stability::Category::repr(): version 1 in the low byte, the level in the high byte.
        XCTAssertEqual(written { $0.writeAIDLBinder(binder, .android12) }.bytes, object + words(0x0C00_0001))
        XCTAssertEqual(written { $0.writeAIDLBinder(binder, .android13) }.bytes, object + words(0x0C00_0001))
        // Android 10: the bare object.
        XCTAssertEqual(written { $0.writeAIDLBinder(binder, .android10) }.bytes, object)
        // A null binder: a BINDER object with zero binder and cookie, unlisted, and level UNDECLARED (0).
        let null = written { $0.writeAIDLBinder(nil, .current) }
        let nullObject = flatObject(type: binderType, flags: flags, field: 0, cookie: 0)
        XCTAssertEqual(null.bytes, nullObject + words(0))
        XCTAssertEqual(null.objectOffsets, [])
        XCTAssertEqual(written { $0.writeAIDLBinder(nil, .android12) }.bytes, nullObject + words(1), "version 1, level UNDECLARED")
        // A list of binders: count, then object + stability word each.
        XCTAssertEqual(written { $0.writeAIDLBinderArray([binder, nil], .current) }.bytes,
                       words(2) + object + words(12) + flatObject(type: binderType, flags: flags, field: 0, cookie: 0) + words(0))
    }

    func testBinderReadsBackAndNullIsRefusedWhereNotNullable() throws {
        let binder = LocalBinder { _, _ in }
        var parcel = incoming(written { $0.writeAIDLBinder(binder, .current); $0.writeAIDLBinder(nil, .current) })
        XCTAssertTrue(try parcel.readAIDLBinder(.current) === binder)
        XCTAssertThrowsError(try parcel.readAIDLBinder(.current)) { XCTAssertEqual($0 as? ParcelError, .unexpectedNull(offset: 28)) }
        XCTAssertNil(try parcel.readAIDLNullableBinder(.current))
    }

    // MARK: File descriptors (Parcel.cpp writeDupFileDescriptor / writeParcelFileDescriptor)

    func testFileDescriptorIsABareFdObjectTheReceiverOwns() throws {
        let fd = try UniqueFileDescriptor.duplicating(0)
        let parcel = written { fd.writeAIDL(to: &$0, .current) }
        // writeFileDescriptor(fd, takeOwnership = true): BINDER_TYPE_FD, the fd, cookie 1.
        XCTAssertEqual(parcel.bytes, flatObject(type: fdType, flags: ParcelObject.defaultFlags, field: UInt64(fd.fd), cookie: 1))
        XCTAssertEqual(parcel.objectOffsets, [0])
    }

    func testParcelFileDescriptorIsAParcelableOfCommWordAndFd() throws {
        let pfd = try ParcelFileDescriptor.duplicating(0)
        let parcel = written { pfd.writeAIDL(to: &$0, .current) }
        // writeParcelable: int32 1; writeParcelFileDescriptor: int32 0 (no comm channel), then the fd object.
        XCTAssertEqual(parcel.bytes, words(1, 0) + flatObject(type: fdType, flags: ParcelObject.defaultFlags, field: UInt64(pfd.fd), cookie: 1))
        XCTAssertEqual(parcel.objectOffsets, [8])
        XCTAssertEqual(bytes(ParcelFileDescriptor?.none), words(0))
    }

    func testNullableFileDescriptorArrays() throws {
        // writeUniqueFileDescriptorVector(nullopt) / writeParcelableVector(nullopt): -1.
        XCTAssertEqual(bytes([UniqueFileDescriptor]?.none), words(-1))
        XCTAssertEqual(bytes([ParcelFileDescriptor?]?.none), words(-1))
        // A null element of ParcelFileDescriptor[]: its marker 0; a present one: 1, comm word 0, the fd.
        let pfd = try ParcelFileDescriptor.duplicating(0)
        let parcel = written { [nil, pfd].writeAIDL(to: &$0, .current) }
        XCTAssertEqual(parcel.bytes, words(2, 0, 1, 0) + flatObject(type: fdType, flags: ParcelObject.defaultFlags, field: UInt64(pfd.fd), cookie: 1))
        XCTAssertEqual(parcel.objectOffsets, [16])
        var incomingParcel = incoming(parcel)
        let read = try incomingParcel.read([ParcelFileDescriptor?]?.self, .current)
        XCTAssertEqual(read?.count, 2)
        XCTAssertNil(read?[0])
        XCTAssertNotNil(read?[1])
    }

    // MARK: Whole calls

    func testProxyWritesTokenThenArguments() throws {
        final class Recorder: @unchecked Sendable { var code: UInt32 = 0; var data: [UInt8] = [] }
        let recorder = Recorder()
        let fake = LocalBinder { call, reply in
            recorder.code = call.code
            recorder.data = call.data.reader.bytes
            reply.writeAIDLNoException()
            reply.writeInt32(7)
        }
        let proxy = ITestServiceProxy(binder: fake)
        XCTAssertEqual(try proxy.repeatInt(token: 7), 7)
        XCTAssertEqual(recorder.code, 4)
        let token = words(Int32(bitPattern: 0x8000_0000), -1, 0x5359_5354) + string16("swiftbinder.test.ITestService")
        XCTAssertEqual(recorder.data, token + words(7))
        // out T[]: only the array's size goes (writeVectorSize); out List<T>: nothing.
        var repeated: [Int32] = [0, 0]
        _ = try? proxy.reverseInt(input: [5], repeated: &repeated)
        XCTAssertEqual(recorder.data, token + words(1, 5) + words(2))
        var list: [String] = ["x"]
        _ = try? proxy.reverseStringList(input: [], repeated: &list)
        XCTAssertEqual(recorder.data, token + words(0))
    }

    func testServiceReplyIsStatusThenResultThenOutParameters() throws {
        let service = ITestServiceService(TestService())
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(ITestServiceAIDL.descriptor, .current)
        data.writeInt32(2) // in int[] input = {1, 2}
        data.writeInt32(1)
        data.writeInt32(2)
        data.writeInt32(2) // out int[] repeated: size 2
        let reply = try service.binder.transact(code: ITestServiceAIDL.TRANSACTION_reverseInt, data: data)
        XCTAssertEqual(reply.reader.bytes, words(0) + words(2, 2, 1) + words(2, 1, 2))

        var failing = ParcelWriter()
        failing.writeAIDLInterfaceToken(ITestServiceAIDL.descriptor, .current)
        failing.writeInt32(-3)
        let exception = try service.binder.transact(code: ITestServiceAIDL.TRANSACTION_throwServiceException, data: failing)
        XCTAssertEqual(exception.reader.bytes, words(-8) + string16("service-specific -3") + words(0) + words(-3))
    }
}
