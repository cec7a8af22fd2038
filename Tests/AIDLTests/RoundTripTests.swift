// In-process round trips: a generated proxy writes the call's parcel, the
// generated service reads it and calls TestService, writes the reply parcel,
// and the proxy reads it back. The same bytes a driver would carry (binders
// resolve in-process through the LocalBinder, as in Android's BBinder).

import AIDLGreeter
import AIDLTestService
import BinderKit
import Glibc
import Synchronization
import XCTest

final class RoundTripTests: XCTestCase {
    private var service: ITestServiceService!
    private var proxy: ITestServiceProxy!

    override func setUp() {
        service = ITestServiceService(TestService())
        proxy = ITestServiceProxy(binder: service.binder)
    }

    func testPrimitivesRepeat() throws {
        XCTAssertEqual(try proxy.repeatBoolean(token: true), true)
        XCTAssertEqual(try proxy.repeatByte(token: -128), -128)
        XCTAssertEqual(try proxy.repeatChar(token: 0x263A), 0x263A)
        XCTAssertEqual(try proxy.repeatInt(token: Int32.min), Int32.min)
        XCTAssertEqual(try proxy.repeatLong(token: Int64.max), Int64.max)
        XCTAssertEqual(try proxy.repeatFloat(token: 1.25), 1.25)
        XCTAssertEqual(try proxy.repeatDouble(token: -0.5e300), -0.5e300)
        XCTAssertEqual(try proxy.repeatString(token: "héllo ☃ 𝄞"), "héllo ☃ 𝄞")
        XCTAssertEqual(try proxy.repeatUtf8CppString(token: "utf8 ✓"), "utf8 ✓")
    }

    func testEnumsRepeatIncludingUnnamedValues() throws {
        XCTAssertEqual(try proxy.repeatByteEnum(token: .BAZ), .BAZ)
        XCTAssertEqual(ByteEnum.BAZ.rawValue, 3, "an enumerator without a value follows the previous one")
        XCTAssertEqual(try proxy.repeatIntEnum(token: .QUX), .QUX)
        XCTAssertEqual(IntEnum.QUX.rawValue, 1000 | 0x10)
        XCTAssertEqual(try proxy.repeatIntEnum(token: IntEnum(rawValue: 77)).rawValue, 77, "AIDL enums are open")
        XCTAssertEqual(try proxy.repeatLongEnum(token: .BAR), .BAR)
        XCTAssertEqual(LongEnum.BAR.rawValue, 200_000_000_000)
    }

    func testArraysReverseAndFillOutArrays() throws {
        var bools = [false]
        XCTAssertEqual(try proxy.reverseBoolean(input: [true, false, false], repeated: &bools), [false, false, true])
        XCTAssertEqual(bools, [true, false, false])
        var bytes: [Int8] = []
        XCTAssertEqual(try proxy.reverseByte(input: [1, -2, 3], repeated: &bytes), [3, -2, 1])
        XCTAssertEqual(bytes, [1, -2, 3])
        var chars: [UInt16] = []
        XCTAssertEqual(try proxy.reverseChar(input: [65, 66], repeated: &chars), [66, 65])
        var ints: [Int32] = []
        XCTAssertEqual(try proxy.reverseInt(input: [1, 2, 3], repeated: &ints), [3, 2, 1])
        var longs: [Int64] = []
        XCTAssertEqual(try proxy.reverseLong(input: [Int64.min, 0], repeated: &longs), [0, Int64.min])
        var strings: [String] = []
        XCTAssertEqual(try proxy.reverseString(input: ["a", "", "c"], repeated: &strings), ["c", "", "a"])
        XCTAssertEqual(strings, ["a", "", "c"])
        var enums: [ByteEnum] = []
        XCTAssertEqual(try proxy.reverseByteEnum(input: [.FOO, .BAR], repeated: &enums), [.BAR, .FOO])
        var list: [String] = []
        XCTAssertEqual(try proxy.reverseStringList(input: ["x", "y"], repeated: &list), ["y", "x"])
        XCTAssertEqual(list, ["x", "y"])
    }

    func testNullables() throws {
        XCTAssertNil(try proxy.repeatNullableIntArray(input: nil))
        XCTAssertEqual(try proxy.repeatNullableIntArray(input: [5]), [5])
        XCTAssertNil(try proxy.repeatNullableString(input: nil))
        XCTAssertEqual(try proxy.repeatNullableString(input: ""), "")
        XCTAssertNil(try proxy.repeatNullablePoint(input: nil))
        XCTAssertEqual(try proxy.repeatNullablePoint(input: Point(x: 1, y: 2)), Point(x: 1, y: 2))
        XCTAssertNil(try proxy.repeatNullableStringList(input: nil))
        XCTAssertEqual(try proxy.repeatNullableStrings(input: ["a", nil, "b"]), ["a", nil, "b"])
    }

    func testParcelablesUnionsAndInoutOut() throws {
        var shape = Shape()
        shape.note = "n"
        shape.blob = [1, 2, 3, 4, 5]
        shape.tags = ["t"]
        shape.center = Point(x: 9, y: 9)
        shape.corners = [Point(), Point(x: 1, y: 1)]
        shape.kinds = [.BAZ]
        shape.value = .numbers([1, 2])
        let back = try proxy.repeatShape(input: shape)
        XCTAssertEqual(back.name, "shape:\tsquare")
        XCTAssertEqual(back.sides, 15)
        XCTAssertEqual(back.area, 1 << 40)
        XCTAssertEqual(back.lengths, [1, 2, 3])
        XCTAssertEqual(back.note, "n")
        XCTAssertEqual(back.blob, [1, 2, 3, 4, 5])
        XCTAssertEqual(back.center, Point(x: 9, y: 9))
        XCTAssertEqual(back.corners, [Point(x: 0, y: -3), Point(x: 1, y: 1)])
        XCTAssertEqual(back.kind, .BAR)
        XCTAssertEqual(back.kinds, [.BAZ])
        guard case .numbers([1, 2]) = back.value else { return XCTFail("union came back as \(back.value)") }

        var point = Point(x: 2, y: 3)
        try proxy.scalePoint(point: &point, factor: 10)
        XCTAssertEqual(point, Point(x: 20, y: 30))
        var filled = Point()
        try proxy.fillPoint(point: &filled)
        XCTAssertEqual(filled, Point(x: 7, y: 8))

        guard case .text("t") = try proxy.repeatValue(input: .text("t")) else { return XCTFail() }
        guard case .choice(.MINUS) = try proxy.repeatValue(input: .choice(.MINUS)) else { return XCTFail() }
        let values = try proxy.repeatValues(input: [.number(1), .text("x")])
        XCTAssertEqual(values.count, 2)
    }

    func testBindersAndInterfaces() throws {
        let callback = try proxy.getCallback(name: "cb")
        XCTAssertEqual(try callback.getName(), "cb")
        XCTAssertEqual(try proxy.callbackName(callback: NamedCallback("local")), "local")
        XCTAssertNil(try proxy.getNullableCallback(name: nil))
        XCTAssertEqual(try proxy.getNullableCallback(name: "n")?.getName(), "n")
        XCTAssertEqual(try proxy.callbackNames(callbacks: [NamedCallback("a"), callback]), ["a", "cb"])
        XCTAssertEqual(try proxy.makeCallbacks(names: ["p", "q"]).map { try $0.getName() }, ["p", "q"])

        let binder = LocalBinder(descriptor: "x.IThing") { _, _ in }
        XCTAssertTrue(try proxy.repeatBinder(binder: binder) === binder)
        XCTAssertNil(try proxy.repeatNullableBinder(binder: nil))
        XCTAssertTrue(try proxy.repeatBinderList(binders: [binder, binder]).allSatisfy { $0 === binder })
    }

    func testTheSameImplementationIsTheSameBinder() throws {
        let callback = NamedCallback("same")
        XCTAssertTrue(callback.asBinder === callback.asBinder)
        XCTAssertTrue(INamedCallbackService.binder(for: callback) === callback.asBinder)
        XCTAssertEqual(try callback.asBinder.interfaceDescriptor(), "swiftbinder.test.INamedCallback")
    }

    func testFileDescriptorsArriveAsDuplicates() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[1]) }
        let original = UniqueFileDescriptor(adopting: fds[0])
        let back = try proxy.repeatFileDescriptor(fd: original)
        XCTAssertNotEqual(back.fd, original.fd, "the receiver owns a copy")
        XCTAssertEqual(write(fds[1], "z", 1), 1)
        var byte: UInt8 = 0
        XCTAssertEqual(read(back.fd, &byte, 1), 1, "the copy reads the same pipe")
        XCTAssertEqual(byte, UInt8(ascii: "z"))

        let pfd = try proxy.repeatParcelFileDescriptor(fd: try ParcelFileDescriptor.duplicating(fds[1]))
        XCTAssertGreaterThanOrEqual(pfd.fd, 0)
        XCTAssertNil(try proxy.repeatNullableParcelFileDescriptor(fd: nil))
        XCTAssertEqual(try proxy.repeatFileDescriptors(fds: [original, original]).count, 2)
    }

    func testServiceSpecificAndOtherExceptionsReachTheCaller() {
        XCTAssertThrowsError(try proxy.throwServiceException(code: -7)) { error in
            XCTAssertEqual(error as? AIDLStatus, .serviceSpecific(-7, "service-specific -7"))
        }
        XCTAssertThrowsError(try proxy.throwException(exceptionCode: AIDLExceptionCode.illegalArgument.rawValue, message: "bad")) { error in
            XCTAssertEqual(error as? AIDLStatus, AIDLStatus(.illegalArgument, message: "bad"))
        }
    }

    func testOnewayCallRunsAndReturnsNothing() throws {
        try proxy.ping(token: 99)
        XCTAssertEqual(try proxy.lastPing(), 99)
    }

    func testOnewayInterfaceMethodsAreAllOneway() throws {
        final class Listener: IListener {
            let events = Mutex<[String]>([])
            func onEvent(id: Int32, what: String) throws { events.withLock { $0.append("\(id):\(what)") } }
            func onBinder(token: (any Binder)?) throws { events.withLock { $0.append(token == nil ? "nil" : "binder") } }
        }
        let listener = Listener()
        let proxy = IListenerProxy(binder: IListenerService(listener).binder)
        try proxy.onEvent(id: 1, what: "x")
        try proxy.onBinder(token: nil)
        XCTAssertEqual(listener.events.withLock { $0 }, ["1:x", "nil"])
        XCTAssertEqual(IListenerAIDL.TRANSACTION_onBinder, 2)
    }

    func testWrongInterfaceTokenIsRefusedBeforeTheMethodRuns() throws {
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken("swiftbinder.test.IOther", .current)
        data.writeInt32(1)
        XCTAssertThrowsError(try service.binder.transact(code: ITestServiceAIDL.TRANSACTION_repeatInt, data: data)) {
            XCTAssertEqual($0 as? BinderStatus, .badType)
        }
        var android10 = ParcelWriter()
        android10.writeAIDLInterfaceToken(ITestServiceAIDL.descriptor, .android10)
        android10.writeInt32(1)
        XCTAssertThrowsError(try service.binder.transact(code: ITestServiceAIDL.TRANSACTION_repeatInt, data: android10),
                             "an Android 10 token lacks the header word the service expects")
    }

    func testUnknownCodeIsUnknownTransaction() {
        XCTAssertThrowsError(try service.binder.transact(code: 9999, data: ParcelWriter())) {
            XCTAssertEqual($0 as? BinderStatus, .unknownTransaction)
        }
    }

    func testAnAndroid10ProxyTalksToAnAndroid10Service() throws {
        let old = ITestServiceService(TestService(), wire: .android10)
        let oldProxy = ITestServiceProxy(binder: old.binder, wire: .android10)
        XCTAssertEqual(try oldProxy.repeatString(token: "q"), "q")
        XCTAssertEqual(try oldProxy.getCallback(name: "c").getName(), "c")
    }

    func testDemoGreeterFromThePluginTarget() throws {
        final class Greeter: IGreeter {
            func greet(name: String) throws -> String { "Hello, \(name)!" }
            func note(text: String) throws {}
            func notes() throws -> Int32 { 0 }
            func callback(replier: any IReplier) throws -> String { try replier.answer(question: "How are you?") }
            func readFirstLine(file: ParcelFileDescriptor) throws -> String { "" }
        }
        final class Replier: IReplier {
            func answer(question: String) throws -> String { "Fine, thanks: \(question)" }
        }
        let greeter = IGreeterProxy(binder: IGreeterService(Greeter()).binder)
        XCTAssertEqual(try greeter.greet(name: "aidl"), "Hello, aidl!")
        XCTAssertEqual(try greeter.callback(replier: Replier()), "Fine, thanks: How are you?")
    }
}

