// Generic parcelables (swiftbinder/handwritten/Pair.aidl, Entry.aidl): a
// Swift generic struct. Each use is laid out as a structured parcelable
// whose fields have the type arguments' types, as AOSP's C++ backend
// instantiates a generic parcelable's template: writeParcelable's marker,
// the int32 size counting itself, then each field as its type is written.

import AIDLTestService
import BinderKit
import XCTest

final class GenericParcelableTests: XCTestCase {
    private func bytes<T: AIDLValue>(_ value: T) -> [UInt8] {
        var writer = ParcelWriter()
        value.writeAIDL(to: &writer, .current)
        return writer.bytes
    }

    private func decoded<T: AIDLValue>(_: T.Type, _ raw: [UInt8]) throws -> T {
        var writer = ParcelWriter()
        var reader = ParcelReader(bytes: raw)
        while reader.remaining >= 4 { writer.writeInt32(try reader.readInt32()) }
        var parcel = incoming(writer)
        return try parcel.read(T.self, .current)
    }

    func testFieldsAreLaidOutAsTheirTypeArguments() throws {
        // Pair<int, String>: 1, size 20 (itself, the int32, the 12-byte String16), 7, "hi".
        let pair = Pair<Int32, String>(first: 7, second: "hi")
        XCTAssertEqual(bytes(pair), words(1, 20, 7) + string16("hi"))
        // Pair<String, int>: the same fields the other way round.
        XCTAssertEqual(bytes(Pair<String, Int32>(first: "hi", second: 7)), words(1, 20) + string16("hi") + words(7))
        XCTAssertEqual(try decoded(Pair<Int32, String>.self, words(1, 20, 7) + string16("hi")), pair)
        XCTAssertEqual(Pair<Int32, String>(), Pair(first: 0, second: ""), "each field starts as its type's default")
    }

    func testNestedAndArrayArgumentsKeepTheirOwnLayout() throws {
        // Entry { Pair<String, Pair<int, long>> nested; Pair<ByteEnum, byte[]>[] list; }
        let entry = Entry(nested: Pair(first: "a", second: Pair(first: 1, second: 2)),
                          list: [Pair(first: .FOO, second: [1, 2, 3])])
        let nested = words(1, 32) + string16("a") + words(1, 16, 1, 2, 0) // 2 as int64
        let list = words(1) + words(1, 16, 1) + words(3) + [1, 2, 3, 0] // byte-backed enum in an int32; byte[] packed
        XCTAssertEqual(bytes(entry), words(1, 64) + nested + list)
        XCTAssertEqual(try decoded(Entry.self, words(1, 64) + nested + list), entry)
    }

    func testATypeParameterCanBeAnotherGenericsArgument() throws {
        // Tagged<long> { String tag; long value; Pair<long, int>[] history; }: size 44
        // (itself, the 8-byte String16, the int64, the 24-byte array); the array's one
        // Pair<long, int> is its marker, size 16 (itself, the int64, the int32), 6, 7.
        let tagged = Tagged<Int64>(tag: "t", value: 5, history: [Pair(first: 6, second: 7)])
        XCTAssertEqual(bytes(tagged), words(1, 44) + string16("t") + words(5, 0) + words(1) + words(1, 16, 6, 0, 7))
        XCTAssertEqual(try decoded(Tagged<Int64>.self, bytes(tagged)), tagged)
    }

    func testAnOlderSendersMissingFieldKeepsItsDefault() throws {
        // A size of 8 holds only first: second keeps its default.
        XCTAssertEqual(try decoded(Pair<Int32, String>.self, words(1, 8, 7)), Pair(first: 7, second: ""))
    }

    func testMethodsTakeAndReturnGenericParcelables() throws {
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(IHandwrittenAIDL.descriptor, .current)
        Pair<String, Int32>(first: "hi", second: 7).writeAIDL(to: &data, .current)
        XCTAssertEqual(data.bytes, interfaceToken("swiftbinder.handwritten.IHandwritten") + words(1, 20) + string16("hi") + words(7))
        let reply = try IHandwrittenService(HandwrittenService()).binder.transact(code: IHandwrittenAIDL.TRANSACTION_swap, data: data)
        XCTAssertEqual(reply.reader.bytes, words(0) + words(1, 20, 7) + string16("hi"))
    }

    func testRoundTripThroughTheService() throws {
        let proxy = IHandwrittenProxy(binder: IHandwrittenService(HandwrittenService()).binder)
        XCTAssertEqual(try proxy.swap(pair: Pair(first: "x", second: 3)), Pair(first: 3, second: "x"))
        let zipped = try proxy.zip(cookies: [Cookie(id: 1, label: "a"), Cookie(id: 2, label: "b")],
                                   tokens: [HandwrittenToken(value: 10), HandwrittenToken(value: 20)])
        XCTAssertEqual(zipped, [Pair(first: Cookie(id: 1, label: "a"), second: HandwrittenToken(value: 10)),
                                Pair(first: Cookie(id: 2, label: "b"), second: HandwrittenToken(value: 20))])
        let entry = Entry(nested: Pair(first: "n", second: Pair(first: -1, second: .max)), list: [])
        var grown = entry
        grown.list = [Pair(first: .BAZ, second: [0])]
        XCTAssertEqual(try proxy.grow(entry: entry), grown)
    }
}
