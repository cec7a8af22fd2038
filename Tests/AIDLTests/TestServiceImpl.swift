// An ITestService that answers each method the way AOSP's aidl integration
// tests expect: repeat the input, reverse arrays, throw on request.

import BinderKit
import Glibc
import Synchronization

final class NamedCallback: INamedCallback {
    let name: String
    init(_ name: String) { self.name = name }
    func getName() throws -> String { name }
}

final class TestService: ITestService {
    private let pings = Mutex<Int32>(0)
    private let callbacks = Mutex<[String: NamedCallback]>([:])

    func repeatBoolean(token: Bool) throws -> Bool { token }
    func repeatByte(token: Int8) throws -> Int8 { token }
    func repeatChar(token: UInt16) throws -> UInt16 { token }
    func repeatInt(token: Int32) throws -> Int32 { token }
    func repeatLong(token: Int64) throws -> Int64 { token }
    func repeatFloat(token: Float) throws -> Float { token }
    func repeatDouble(token: Double) throws -> Double { token }
    func repeatString(token: String) throws -> String { token }
    func repeatUtf8CppString(token: String) throws -> String { token }
    func repeatByteEnum(token: ByteEnum) throws -> ByteEnum { token }
    func repeatIntEnum(token: IntEnum) throws -> IntEnum { token }
    func repeatLongEnum(token: LongEnum) throws -> LongEnum { token }

    private func reverse<T>(_ input: [T], _ repeated: inout [T]) -> [T] {
        repeated = input
        return input.reversed()
    }

    func reverseBoolean(input: [Bool], repeated: inout [Bool]) throws -> [Bool] { reverse(input, &repeated) }
    func reverseByte(input: [Int8], repeated: inout [Int8]) throws -> [Int8] { reverse(input, &repeated) }
    func reverseChar(input: [UInt16], repeated: inout [UInt16]) throws -> [UInt16] { reverse(input, &repeated) }
    func reverseInt(input: [Int32], repeated: inout [Int32]) throws -> [Int32] { reverse(input, &repeated) }
    func reverseLong(input: [Int64], repeated: inout [Int64]) throws -> [Int64] { reverse(input, &repeated) }
    func reverseString(input: [String], repeated: inout [String]) throws -> [String] { reverse(input, &repeated) }
    func reverseByteEnum(input: [ByteEnum], repeated: inout [ByteEnum]) throws -> [ByteEnum] { reverse(input, &repeated) }
    func reverseStringList(input: [String], repeated: inout [String]) throws -> [String] { reverse(input, &repeated) }

    func repeatNullableIntArray(input: [Int32]?) throws -> [Int32]? { input }
    func repeatNullableString(input: String?) throws -> String? { input }
    func repeatNullablePoint(input: Point?) throws -> Point? { input }
    func repeatNullableStringList(input: [String?]?) throws -> [String?]? { input }
    func repeatNullableStrings(input: [String?]?) throws -> [String?]? { input }

    func repeatShape(input: Shape) throws -> Shape { input }
    func scalePoint(point: inout Point, factor: Int32) throws {
        point.x *= factor
        point.y *= factor
    }
    func fillPoint(point: inout Point) throws { point = Point(x: 7, y: 8) }
    func repeatValue(input: Value) throws -> Value { input }
    func repeatValues(input: [Value]) throws -> [Value] { input }

    func getCallback(name: String) throws -> any INamedCallback {
        callbacks.withLock { table in
            if let existing = table[name] { return existing }
            let callback = NamedCallback(name)
            table[name] = callback
            return callback
        }
    }
    func getNullableCallback(name: String?) throws -> (any INamedCallback)? {
        try name.map { try getCallback(name: $0) }
    }
    func callbackName(callback: any INamedCallback) throws -> String { try callback.getName() }
    func callbackNames(callbacks: [any INamedCallback]) throws -> [String] { try callbacks.map { try $0.getName() } }
    func makeCallbacks(names: [String]) throws -> [any INamedCallback] { try names.map { try getCallback(name: $0) } }
    func repeatBinder(binder: any Binder) throws -> any Binder { binder }
    func repeatNullableBinder(binder: (any Binder)?) throws -> (any Binder)? { binder }
    func repeatBinderList(binders: [any Binder]) throws -> [any Binder] { binders }

    func repeatFileDescriptor(fd: UniqueFileDescriptor) throws -> UniqueFileDescriptor { fd }
    func repeatParcelFileDescriptor(fd: ParcelFileDescriptor) throws -> ParcelFileDescriptor { fd }
    func repeatNullableParcelFileDescriptor(fd: ParcelFileDescriptor?) throws -> ParcelFileDescriptor? { fd }
    func repeatFileDescriptors(fds: [UniqueFileDescriptor]) throws -> [UniqueFileDescriptor] { fds }

    func throwServiceException(code: Int32) throws {
        throw AIDLStatus.serviceSpecific(code, "service-specific \(code)")
    }
    func throwException(exceptionCode: Int32, message: String) throws {
        throw AIDLStatus(AIDLExceptionCode(rawValue: exceptionCode), message: message)
    }

    func ping(token: Int32) throws { pings.withLock { $0 = token } }
    func lastPing() throws -> Int32 { pings.withLock { $0 } }
}
