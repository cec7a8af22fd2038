// Unstructured parcelables (swiftbinder/handwritten/Cookie.aidl, Token.aidl):
// a hand-written Swift type (AIDLTestService's Handwritten.swift) stands for
// each. Generated code frames it as AOSP's backends frame a hand-written
// parcelable: libbinder's writeParcelable / writeNullableParcelable (and
// Java's writeTypedObject) write the int32 presence marker, 1 or 0 for null,
// then the type's own writeToParcel, with no size prefix of AIDL's making.
// What the body holds is the hand-written type's business: Cookie writes an
// int64 and a String16, Token an int32.

import AIDLTestService
import BinderKit
import XCTest

final class UnstructuredParcelableTests: XCTestCase {
    private let descriptor = "swiftbinder.handwritten.IHandwritten"

    /// The data a proxy call sends, recorded by a fake binder that answers `reply`.
    private func sent(replying reply: [UInt8] = words(0), _ call: (IHandwrittenProxy) throws -> Void) throws -> [UInt8] {
        final class Recorder: @unchecked Sendable { var data: [UInt8] = [] }
        let recorder = Recorder()
        let fake = LocalBinder { call, writer in
            recorder.data = call.data.reader.bytes
            var reader = ParcelReader(bytes: reply)
            while reader.remaining >= 4 { writer.writeInt32(try reader.readInt32()) }
        }
        try call(IHandwrittenProxy(binder: fake))
        return recorder.data
    }

    /// The reply the service writes for `arguments` sent to method `code`.
    private func answered(_ code: UInt32, _ arguments: [UInt8]) throws -> [UInt8] {
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(descriptor, .current)
        var reader = ParcelReader(bytes: arguments)
        while reader.remaining >= 4 { data.writeInt32(try reader.readInt32()) }
        return try IHandwrittenService(HandwrittenService()).binder.transact(code: code, data: data).reader.bytes
    }

    /// Cookie(id, label) after its presence marker: int64 id, String16 label.
    private func cookie(_ id: Int32, _ label: String) -> [UInt8] { words(1, id, 0) + string16(label) }

    func testArgumentAndResultAreMarkerThenHandwrittenBody() throws {
        let data = try sent(replying: words(0) + cookie(5, "hi")) { proxy in
            XCTAssertEqual(try proxy.echo(cookie: Cookie(id: 5, label: "hi")), Cookie(id: 5, label: "hi"))
        }
        XCTAssertEqual(data, interfaceToken(descriptor) + cookie(5, "hi"))
        XCTAssertEqual(try answered(IHandwrittenAIDL.TRANSACTION_echo, cookie(5, "hi")), words(0) + cookie(5, "hi"))
    }

    func testNullableIsAZeroMarker() throws {
        // writeNullableParcelable: 0 alone for null.
        let data = try sent(replying: words(0, 0)) { proxy in XCTAssertNil(try proxy.maybe(cookie: nil)) }
        XCTAssertEqual(data, interfaceToken(descriptor) + words(0))
        XCTAssertEqual(try answered(IHandwrittenAIDL.TRANSACTION_maybe, words(0)), words(0, 0))
        XCTAssertEqual(try answered(IHandwrittenAIDL.TRANSACTION_maybe, cookie(1, "a")), words(0) + cookie(2, "a"))
    }

    func testOutIsSentAsNothingAndInoutBothWays() throws {
        // out Cookie: nothing in the data; inout Token: marker and body both ways.
        let reply = words(0) + cookie(9, "minted") + words(1, 4)
        let data = try sent(replying: reply) { proxy in
            var cookie = Cookie()
            var token = HandwrittenToken(value: 3)
            try proxy.mint(id: 9, cookie: &cookie, token: &token)
            XCTAssertEqual(cookie, Cookie(id: 9, label: "minted"))
            XCTAssertEqual(token, HandwrittenToken(value: 4))
        }
        XCTAssertEqual(data, interfaceToken(descriptor) + words(9, 0) + words(1, 3))
        XCTAssertEqual(try answered(IHandwrittenAIDL.TRANSACTION_mint, words(9, 0) + words(1, 3)), reply)
    }

    func testANullWhereNoneIsAllowedIsRefused() throws {
        // A non-null result sent as a 0 marker: the proxy refuses it.
        XCTAssertThrowsError(try sent(replying: words(0, 0)) { proxy in _ = try proxy.echo(cookie: Cookie()) }) { error in
            guard case ParcelError.unexpectedNull = error else { return XCTFail("\(error)") }
        }
    }

    func testRoundTripThroughTheService() throws {
        let proxy = IHandwrittenProxy(binder: IHandwrittenService(HandwrittenService()).binder)
        XCTAssertEqual(try proxy.echo(cookie: Cookie(id: -1, label: "é")), Cookie(id: -1, label: "é"))
        XCTAssertEqual(try proxy.maybe(cookie: Cookie(id: 1, label: "x")), Cookie(id: 2, label: "x"))
        XCTAssertNil(try proxy.maybe(cookie: nil))
        var cookie = Cookie()
        var token = HandwrittenToken(value: 41)
        try proxy.mint(id: 7, cookie: &cookie, token: &token)
        XCTAssertEqual(cookie, Cookie(id: 7, label: "minted"))
        XCTAssertEqual(token.value, 42)
    }
}
