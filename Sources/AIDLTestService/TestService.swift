// AIDLTestService: the interfaces of swiftbinder/test/*.aidl (compiled by the
// AIDL plugin) and an ITestService that answers each method the way AOSP's
// aidl integration tests expect: repeat the input, reverse arrays, throw on
// request. Used by the host tests (in-process), and by aidl-test-peer and the
// AIDL DriverTests (two processes over a binder device).

import BinderKit
import Glibc
import Synchronization

public final class NamedCallback: INamedCallback {
    public let name: String
    public init(_ name: String) { self.name = name }
    public func getName() throws -> String { name }
}

public final class TestService: ITestService {
    public init() {}
    private let pings = Mutex<Int32>(0)
    private let callbacks = Mutex<[String: NamedCallback]>([:])

    public func repeatBoolean(token: Bool) throws -> Bool { token }
    public func repeatByte(token: Int8) throws -> Int8 { token }
    public func repeatChar(token: UInt16) throws -> UInt16 { token }
    public func repeatInt(token: Int32) throws -> Int32 { token }
    public func repeatLong(token: Int64) throws -> Int64 { token }
    public func repeatFloat(token: Float) throws -> Float { token }
    public func repeatDouble(token: Double) throws -> Double { token }
    public func repeatString(token: String) throws -> String { token }
    public func repeatUtf8CppString(token: String) throws -> String { token }
    public func repeatByteEnum(token: ByteEnum) throws -> ByteEnum { token }
    public func repeatIntEnum(token: IntEnum) throws -> IntEnum { token }
    public func repeatLongEnum(token: LongEnum) throws -> LongEnum { token }

    private func reverse<T>(_ input: [T], _ repeated: inout [T]) -> [T] {
        repeated = input
        return input.reversed()
    }

    public func reverseBoolean(input: [Bool], repeated: inout [Bool]) throws -> [Bool] { reverse(input, &repeated) }
    public func reverseByte(input: [Int8], repeated: inout [Int8]) throws -> [Int8] { reverse(input, &repeated) }
    public func reverseChar(input: [UInt16], repeated: inout [UInt16]) throws -> [UInt16] { reverse(input, &repeated) }
    public func reverseInt(input: [Int32], repeated: inout [Int32]) throws -> [Int32] { reverse(input, &repeated) }
    public func reverseLong(input: [Int64], repeated: inout [Int64]) throws -> [Int64] { reverse(input, &repeated) }
    public func reverseString(input: [String], repeated: inout [String]) throws -> [String] { reverse(input, &repeated) }
    public func reverseByteEnum(input: [ByteEnum], repeated: inout [ByteEnum]) throws -> [ByteEnum] { reverse(input, &repeated) }
    public func reverseStringList(input: [String], repeated: inout [String]) throws -> [String] { reverse(input, &repeated) }

    public func repeatNullableIntArray(input: [Int32]?) throws -> [Int32]? { input }
    public func repeatNullableString(input: String?) throws -> String? { input }
    public func repeatNullablePoint(input: Point?) throws -> Point? { input }
    public func repeatNullableStringList(input: [String?]?) throws -> [String?]? { input }
    public func repeatNullableStrings(input: [String?]?) throws -> [String?]? { input }

    public func repeatShape(input: Shape) throws -> Shape { input }
    public func scalePoint(point: inout Point, factor: Int32) throws {
        point.x &*= factor // Java int arithmetic: wraps
        point.y &*= factor
    }
    public func fillPoint(point: inout Point) throws { point = Point(x: 7, y: 8) }
    public func repeatValue(input: Value) throws -> Value { input }
    public func repeatValues(input: [Value]) throws -> [Value] { input }

    public func getCallback(name: String) throws -> any INamedCallback {
        callbacks.withLock { table in
            if let existing = table[name] { return existing }
            let callback = NamedCallback(name)
            table[name] = callback
            return callback
        }
    }
    public func getNullableCallback(name: String?) throws -> (any INamedCallback)? {
        try name.map { try getCallback(name: $0) }
    }
    public func callbackName(callback: any INamedCallback) throws -> String { try callback.getName() }
    public func callbackNames(callbacks: [any INamedCallback]) throws -> [String] { try callbacks.map { try $0.getName() } }
    public func makeCallbacks(names: [String]) throws -> [any INamedCallback] { try names.map { try getCallback(name: $0) } }
    public func repeatBinder(binder: any Binder) throws -> any Binder { binder }
    public func repeatNullableBinder(binder: (any Binder)?) throws -> (any Binder)? { binder }
    public func repeatBinderList(binders: [any Binder]) throws -> [any Binder] { binders }

    public func repeatFileDescriptor(fd: UniqueFileDescriptor) throws -> UniqueFileDescriptor { fd }
    public func repeatParcelFileDescriptor(fd: ParcelFileDescriptor) throws -> ParcelFileDescriptor { fd }
    public func repeatNullableParcelFileDescriptor(fd: ParcelFileDescriptor?) throws -> ParcelFileDescriptor? { fd }
    public func repeatFileDescriptors(fds: [UniqueFileDescriptor]) throws -> [UniqueFileDescriptor] { fds }

    public func throwServiceException(code: Int32) throws {
        throw AIDLStatus.serviceSpecific(code, "service-specific \(code)")
    }
    public func throwException(exceptionCode: Int32, message: String) throws {
        throw AIDLStatus(AIDLExceptionCode(rawValue: exceptionCode), message: message)
    }

    public func ping(token: Int32) throws { pings.withLock { $0 = token } }
    public func lastPing() throws -> Int32 { pings.withLock { $0 } }
}

/// IVersioned as generated for version 3: the meta-methods answer with the
/// generated VERSION and HASH.
public final class VersionedService: IVersioned {
    public init() {}
    public func repeatInt(value: Int32) throws -> Int32 { value }
}

/// INested: echoes requests, flips statuses, calls callbacks back; its
/// types are INestedAIDL.Status, INestedAIDL.Request(.Detail), INestedAIDL.ICallback.
public final class NestedService: INested {
    public init() {}
    public func echo(request: INestedAIDL.Request) throws -> INestedAIDL.Request { request }
    public func flip(status: INestedAIDL.Status) throws -> INestedAIDL.Status { status == .OK ? .BAD : .OK }
    public func callBack(callback: any INestedAIDL.ICallback, request: INestedAIDL.Request) throws {
        try callback.done(request: request)
    }
}

/// IFixedArrays: repeats, transposes and fills fixed-size arrays.
public final class FixedArraysService: IFixedArrays {
    public init() {}
    public func `repeat`(value: IFixedArraysAIDL.Fixed) throws -> IFixedArraysAIDL.Fixed { value }
    public func transpose(matrix: [[Int32]]) throws -> [[Int32]] {
        (0..<2).map { column in matrix.map { $0[column] } }
    }
    public func fill(values: inout [Int32]) throws { values = [7, 8, 9] }
}
