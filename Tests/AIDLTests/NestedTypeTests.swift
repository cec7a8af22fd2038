// Types nested in an interface or a parcelable (swiftbinder/nested/INested.aidl):
// on the wire a nested type is laid out exactly as a top-level one; only its
// name changes, and with it a nested interface's descriptor, which is its
// canonical name `package.Outer.Inner` (AOSP's GetCanonicalName).

import AIDLTestService
import BinderKit
import XCTest

final class NestedTypeTests: XCTestCase {
    private typealias Request = INestedAIDL.Request

    private func bytes<T: AIDLValue>(_ value: T) -> [UInt8] {
        var writer = ParcelWriter()
        value.writeAIDL(to: &writer, .current)
        return writer.bytes
    }

    func testNestedParcelableUnionAndEnumKeepTheirWireFormat() throws {
        // writeParcelable: 1, the size counting itself (32), id, the int-backed
        // status, then the union field: 1, its tag (1: text), the String16.
        let request = Request(id: 5, status: .OK, detail: .text("hi"))
        XCTAssertEqual(bytes(request), words(1, 32, 5, 0, 1, 1) + string16("hi"))
        // Defaults as declared: status = Status.BAD (7), detail = its first field, 0.
        XCTAssertEqual(bytes(Request()), words(1, 24, 0, 7, 1, 0, 0))
        var parcel = incoming({ var writer = ParcelWriter(); request.writeAIDL(to: &writer, .current); return writer }())
        XCTAssertEqual(try parcel.read(Request.self, .current), request)
        XCTAssertEqual(INestedAIDL.LIMIT, 3)
    }

    func testNestedInterfaceTokenIsItsCanonicalName() throws {
        final class Recorder: @unchecked Sendable { var data: [UInt8] = [] }
        let recorder = Recorder()
        let fake = LocalBinder { call, reply in
            recorder.data = call.data.reader.bytes
            reply.writeAIDLNoException()
        }
        try INestedAIDL.ICallbackProxy(binder: fake).done(request: Request())
        XCTAssertEqual(INestedAIDL.ICallbackAIDL.descriptor, "swiftbinder.nested.INested.ICallback")
        XCTAssertEqual(recorder.data, interfaceToken("swiftbinder.nested.INested.ICallback") + words(1, 24, 0, 7, 1, 0, 0))
    }

    func testCallsWithNestedTypesRoundTrip() throws {
        final class Callback: INestedAIDL.ICallback, @unchecked Sendable {
            var received: [Request] = []
            func done(request: Request) throws { received.append(request) }
        }
        let proxy = INestedProxy(binder: INestedService(NestedService()).binder)
        let request = Request(id: -1, status: .BAD, detail: .code(9))
        XCTAssertEqual(try proxy.echo(request: request), request)
        XCTAssertEqual(try proxy.flip(status: .OK), .BAD)
        XCTAssertEqual(try proxy.flip(status: INestedAIDL.Status(rawValue: 42)), .OK, "an open enum keeps unnamed values")
        let callback = Callback()
        try proxy.callBack(callback: callback, request: request)
        XCTAssertEqual(callback.received, [request])
    }
}
