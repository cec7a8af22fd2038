// AIDL behaviour across processes, in the style of AOSP's aidl integration
// tests (system/tools/aidl/tests, ITestService): this process holds a
// generated ITestServiceProxy, aidl-test-peer serves the generated
// ITestServiceService; every call crosses the driver under test.

import AIDLTestService
import BinderKit
import Foundation
import Glibc
import Synchronization
import XCTest

final class AIDLBehaviourTests: KitTestCase {
    private var peers: [KitChild] = []

    override func tearDown() {
        peers.forEach { $0.kill() }
        peers = []
        super.tearDown()
    }

    /// Starts aidl-test-peer and returns it with a proxy for its service.
    private func startService(_ name: String = "aidl.test") throws -> (KitChild, ITestServiceProxy) {
        let child = try KitChild("aidl-test-peer", [devicePath, name])
        peers.append(child)
        let binder = try XCTUnwrap(try manager.getService(name), "\(name) is registered")
        XCTAssertTrue(binder is RemoteBinder, "the service lives in another process")
        return (child, ITestServiceProxy(binder: binder))
    }

    func testVersionedInterfaceAnswersItsVersionAndHash() throws {
        let (_, service) = try startService()
        let binder = try XCTUnwrap(try manager.getService("aidl.test.versioned"), "the peer registers it beside aidl.test")
        let versioned = IVersionedProxy(binder: binder)
        XCTAssertEqual(try versioned.interfaceVersion(), IVersionedAIDL.VERSION)
        XCTAssertEqual(try versioned.interfaceHash(), IVersionedAIDL.HASH)
        XCTAssertEqual(try versioned.repeatInt(value: -9), -9)
        // An unversioned interface does not know the meta-transactions.
        XCTAssertThrowsError(try IVersionedProxy(binder: service.binder).interfaceVersion()) {
            XCTAssertEqual($0 as? BinderCallError, .status(BinderStatus.unknownTransaction.code))
        }
    }

    func testNestedTypesAndACallbackWithANestedDescriptorCrossBothWays() throws {
        _ = try startService()
        let nested = INestedProxy(binder: try XCTUnwrap(try manager.getService("aidl.test.nested")))
        final class Callback: INestedAIDL.ICallback, @unchecked Sendable {
            let received = Mutex<[INestedAIDL.Request]>([])
            func done(request: INestedAIDL.Request) throws { received.withLock { $0.append(request) } }
        }
        let request = INestedAIDL.Request(id: 4, status: .OK, detail: .text("über"))
        XCTAssertEqual(try nested.echo(request: request), request)
        XCTAssertEqual(try nested.flip(status: .BAD), .OK)
        // The peer calls back into this process before its reply: the callback has run by now.
        let callback = Callback()
        try nested.callBack(callback: callback, request: request)
        XCTAssertEqual(callback.received.withLock { $0 }, [request])
    }

    func testFixedSizeArraysCrossBothWays() throws {
        _ = try startService()
        let fixed = IFixedArraysProxy(binder: try XCTUnwrap(try manager.getService("aidl.test.fixed")))
        XCTAssertEqual(try fixed.transpose(matrix: [[1, 2], [3, 4], [5, 6]]), [[1, 3, 5], [2, 4, 6]])
        var values: [Int32] = []
        try fixed.fill(values: &values)
        XCTAssertEqual(values, [7, 8, 9])
        var value = IFixedArraysAIDL.Fixed()
        value.names = ["x", "y"]
        value.grid = [[1, 2, 3], [4, 5, 6]]
        value.maybe = [1, 2]
        XCTAssertEqual(try fixed.repeat(value: value), value)
        // A wrong count is refused by the peer's reader (BAD_VALUE, as readFixedArray
        // answers), not truncated or padded.
        XCTAssertThrowsError(try fixed.transpose(matrix: [[1, 2]])) {
            XCTAssertEqual($0 as? BinderCallError, .status(BinderStatus.badValue.code))
        }
    }

    func testHandwrittenAndGenericParcelablesCrossBothWays() throws {
        _ = try startService()
        let peer = IHandwrittenProxy(binder: try XCTUnwrap(try manager.getService("aidl.test.handwritten")))
        // Unstructured: the hand-written Cookie and Token bodies, null and not, in, out and inout.
        XCTAssertEqual(try peer.echo(cookie: Cookie(id: .min, label: "ünï")), Cookie(id: .min, label: "ünï"))
        XCTAssertEqual(try peer.maybe(cookie: Cookie(id: 1, label: "m")), Cookie(id: 2, label: "m"))
        XCTAssertNil(try peer.maybe(cookie: nil))
        var cookie = Cookie()
        var token = HandwrittenToken(value: 9)
        try peer.mint(id: 77, cookie: &cookie, token: &token)
        XCTAssertEqual(cookie, Cookie(id: 77, label: "minted"))
        XCTAssertEqual(token, HandwrittenToken(value: 10))
        // Generic: instantiations with primitives, strings, hand-written types, nested and in arrays.
        XCTAssertEqual(try peer.swap(pair: Pair(first: "s", second: -3)), Pair(first: -3, second: "s"))
        XCTAssertEqual(try peer.zip(cookies: [Cookie(id: 5, label: "c")], tokens: [HandwrittenToken(value: 6)]),
                       [Pair(first: Cookie(id: 5, label: "c"), second: HandwrittenToken(value: 6))])
        let entry = Entry(nested: Pair(first: "e", second: Pair(first: 1, second: 2)), list: [Pair(first: .BAR, second: [9])])
        XCTAssertEqual(try peer.grow(entry: entry).list, entry.list + [Pair(first: .BAZ, second: [1])])
    }

    func testPrimitivesStringsAndEnums() throws {
        let (_, service) = try startService()
        XCTAssertEqual(try service.asBinder.interfaceDescriptor(), "swiftbinder.test.ITestService")
        XCTAssertEqual(try service.repeatBoolean(token: true), true)
        XCTAssertEqual(try service.repeatByte(token: -1), -1)
        XCTAssertEqual(try service.repeatChar(token: 0xD7FF), 0xD7FF)
        XCTAssertEqual(try service.repeatInt(token: ITestServiceAIDL.NEGATIVE), -42)
        XCTAssertEqual(try service.repeatLong(token: ITestServiceAIDL.LONG_CONSTANT), 1 << 33)
        XCTAssertEqual(try service.repeatFloat(token: -0.0), -0.0)
        XCTAssertEqual(try service.repeatDouble(token: .pi), .pi)
        XCTAssertEqual(try service.repeatString(token: "Grüße ☃ 𝄞"), "Grüße ☃ 𝄞")
        XCTAssertEqual(try service.repeatUtf8CppString(token: "utf8"), "utf8")
        XCTAssertEqual(try service.repeatByteEnum(token: .BAZ), .BAZ)
        XCTAssertEqual(try service.repeatIntEnum(token: .MINUS), .MINUS)
        XCTAssertEqual(try service.repeatLongEnum(token: .FOO), .FOO)
    }

    func testArraysAndOutParameters() throws {
        let (_, service) = try startService()
        var bytes: [Int8] = []
        XCTAssertEqual(try service.reverseByte(input: [1, 2, 3, 4, 5], repeated: &bytes), [5, 4, 3, 2, 1])
        XCTAssertEqual(bytes, [1, 2, 3, 4, 5])
        var longs: [Int64] = []
        XCTAssertEqual(try service.reverseLong(input: [1, Int64.max], repeated: &longs), [Int64.max, 1])
        var strings: [String] = []
        XCTAssertEqual(try service.reverseString(input: ["a", "bb"], repeated: &strings), ["bb", "a"])
        XCTAssertEqual(strings, ["a", "bb"])
        var list: [String] = []
        XCTAssertEqual(try service.reverseStringList(input: ["x"], repeated: &list), ["x"])
        XCTAssertEqual(list, ["x"])
    }

    func testNullables() throws {
        let (_, service) = try startService()
        XCTAssertNil(try service.repeatNullableString(input: nil))
        XCTAssertNil(try service.repeatNullableIntArray(input: nil))
        XCTAssertEqual(try service.repeatNullableIntArray(input: []), [])
        XCTAssertNil(try service.repeatNullablePoint(input: nil))
        XCTAssertEqual(try service.repeatNullableStrings(input: [nil, "b"]), [nil, "b"])
    }

    func testParcelablesAndUnions() throws {
        let (_, service) = try startService()
        var shape = Shape()
        shape.center = Point(x: 1, y: 2)
        shape.corners = [Point(x: 3, y: 4)]
        shape.value = .text("union")
        let back = try service.repeatShape(input: shape)
        XCTAssertEqual(back.center, Point(x: 1, y: 2))
        XCTAssertEqual(back.corners, [Point(x: 3, y: 4)])
        XCTAssertEqual(back.name, Shape.NAME_PREFIX + "square")
        guard case .text("union") = back.value else { return XCTFail("union came back as \(back.value)") }
        var point = Point(x: 1, y: 1)
        try service.scalePoint(point: &point, factor: 3)
        XCTAssertEqual(point, Point(x: 3, y: 3))
        guard case .choice(.QUX) = try service.repeatValue(input: .choice(.QUX)) else { return XCTFail() }
    }

    func testBindersAndInterfaceListsCrossBothWays() throws {
        let (_, service) = try startService()
        // An interface implemented there, called from here.
        let remote = try service.getCallback(name: "theirs")
        XCTAssertTrue(remote.asBinder is RemoteBinder)
        XCTAssertEqual(try remote.getName(), "theirs")
        // Implemented here, called from there (our thread pool answers).
        XCTAssertEqual(try service.callbackName(callback: NamedCallback("ours")), "ours")
        XCTAssertEqual(try service.callbackNames(callbacks: [NamedCallback("a"), remote, NamedCallback("b")]), ["a", "theirs", "b"])
        let made = try service.makeCallbacks(names: ["p", "q"])
        XCTAssertEqual(try made.map { try $0.getName() }, ["p", "q"])
        // Our own binder comes back as itself; theirs as the same handle.
        let local = LocalBinder(descriptor: "x.ILocal") { _, _ in }
        XCTAssertTrue(try service.repeatBinder(binder: local) === local)
        XCTAssertNil(try service.repeatNullableBinder(binder: nil))
        let list = try service.repeatBinderList(binders: [local, remote.asBinder])
        XCTAssertTrue(list[0] === local)
        XCTAssertEqual((list[1] as? RemoteBinder)?.handle, (remote.asBinder as? RemoteBinder)?.handle)
    }

    func testFileDescriptorsCrossAsCopies() throws {
        let (_, service) = try startService()
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let readEnd = UniqueFileDescriptor(adopting: fds[0])
        let writeEnd = UniqueFileDescriptor(adopting: fds[1])
        let back = try service.repeatFileDescriptor(fd: readEnd)
        XCTAssertNotEqual(back.fd, readEnd.fd)
        XCTAssertEqual(write(writeEnd.fd, "k", 1), 1)
        var byte: UInt8 = 0
        XCTAssertEqual(read(back.fd, &byte, 1), 1, "the fd that went there and back reads our pipe")
        XCTAssertEqual(byte, UInt8(ascii: "k"))
        let pfd = try service.repeatParcelFileDescriptor(fd: try ParcelFileDescriptor.duplicating(writeEnd.fd))
        XCTAssertEqual(write(pfd.fd, "m", 1), 1)
        XCTAssertEqual(read(readEnd.fd, &byte, 1), 1)
        XCTAssertEqual(byte, UInt8(ascii: "m"))
        XCTAssertEqual(try service.repeatFileDescriptors(fds: [readEnd, writeEnd]).count, 2)
    }

    func testExceptionsCrossTheProcessBoundary() throws {
        let (_, service) = try startService()
        XCTAssertThrowsError(try service.throwServiceException(code: 1234)) {
            XCTAssertEqual($0 as? AIDLStatus, .serviceSpecific(1234, "service-specific 1234"))
        }
        XCTAssertThrowsError(try service.throwException(exceptionCode: AIDLExceptionCode.unsupportedOperation.rawValue, message: "nope")) {
            XCTAssertEqual($0 as? AIDLStatus, AIDLStatus(.unsupportedOperation, message: "nope"))
        }
        XCTAssertEqual(try service.repeatInt(token: 5), 5, "the service still answers after exceptions")
    }

    func testOnewayCallsArriveInOrder() throws {
        let (_, service) = try startService()
        for token in 1...20 { try service.ping(token: Int32(token)) }
        // Oneway calls to one binder are delivered one after another, so the last one wins.
        XCTAssertTrue(try eventually { try service.lastPing() == 20 }, "the last oneway call was delivered")
    }

    func testDeathOfTheServiceReachesTheProxy() throws {
        let (child, service) = try startService()
        let remote = try XCTUnwrap(service.asBinder as? RemoteBinder)
        let died = DispatchSemaphore(value: 0)
        try remote.linkToDeath { _ in died.signal() }
        child.kill()
        XCTAssertEqual(died.wait(timeout: .now() + 30), .success, "the death notification arrived")
        XCTAssertThrowsError(try service.repeatInt(token: 1)) {
            XCTAssertEqual($0 as? BinderCallError, .deadObject)
        }
    }
}
