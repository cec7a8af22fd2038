// Versioned interfaces (binder-aidl --version/--hash): the exact bytes of the
// two meta-transactions both ways, as AOSP's generated code exchanges them
// (system/tools/aidl generate_cpp.cpp / generate_ndk.cpp: the call is the
// interface token alone; the reply is EX_NONE, then writeInt32(VERSION) or
// the hash as a String16, writeUtf8AsUtf16). IVersioned is compiled by the
// plugin with swiftbinder/versioned/aidl-options: --version 3 --hash ....

import AIDLTestService
import BinderKit
import XCTest

final class VersionedInterfaceTests: XCTestCase {
    private let hash = "6e1e5a5c0bd8c2dbd5d0a8a4f51c8e6a1a3b9c47"

    private func call(_ code: UInt32, descriptor: String = IVersionedAIDL.descriptor) throws -> [UInt8] {
        let service = IVersionedService(VersionedService())
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(descriptor, .current)
        return try service.binder.transact(code: code, data: data).reader.bytes
    }

    func testMetaTransactionCodesAndConstants() throws {
        // IBinder::LAST_CALL_TRANSACTION (0x00ffffff) - 1 and - 2.
        XCTAssertEqual(IVersionedAIDL.TRANSACTION_getInterfaceVersion, 16_777_214)
        XCTAssertEqual(IVersionedAIDL.TRANSACTION_getInterfaceHash, 16_777_213)
        XCTAssertEqual(IVersionedAIDL.VERSION, 3)
        XCTAssertEqual(IVersionedAIDL.HASH, hash)
        // A local implementation answers with what it was generated for.
        XCTAssertEqual(try VersionedService().interfaceVersion(), 3)
        XCTAssertEqual(try VersionedService().interfaceHash(), hash)
    }

    func testServiceAnswersVersionAsStatusThenInt32() throws {
        XCTAssertEqual(try call(16_777_214), words(0, 3))
    }

    func testServiceAnswersHashAsStatusThenString16() throws {
        XCTAssertEqual(try call(16_777_213), words(0) + string16(hash))
    }

    func testWrongTokenIsRefusedBeforeAnswering() {
        XCTAssertThrowsError(try call(16_777_214, descriptor: "swiftbinder.versioned.IOther")) {
            XCTAssertEqual($0 as? BinderStatus, .badType)
        }
    }

    func testUnversionedServiceDoesNotKnowTheMetaTransactions() {
        let unversioned = ITestServiceService(TestService())
        for code in [AIDLTransaction.getInterfaceVersion, AIDLTransaction.getInterfaceHash] {
            var data = ParcelWriter()
            data.writeAIDLInterfaceToken(ITestServiceAIDL.descriptor, .current)
            XCTAssertThrowsError(try unversioned.binder.transact(code: code, data: data)) {
                XCTAssertEqual($0 as? BinderStatus, .unknownTransaction)
            }
        }
        // A versioned proxy over it fails the same way rather than inventing an answer.
        let proxy = IVersionedProxy(binder: unversioned.binder)
        XCTAssertThrowsError(try proxy.interfaceVersion()) { XCTAssertEqual($0 as? BinderStatus, .unknownTransaction) }
    }

    func testProxySendsTheTokenAloneAndAsksOnce() throws {
        final class Recorder: @unchecked Sendable { var calls: [(UInt32, [UInt8])] = [] }
        let recorder = Recorder()
        let fake = LocalBinder { call, reply in
            recorder.calls.append((call.code, call.data.reader.bytes))
            reply.writeAIDLNoException()
            if call.code == 16_777_214 { reply.writeInt32(7) } else { reply.writeString16("abc") }
        }
        let proxy = IVersionedProxy(binder: fake)
        XCTAssertEqual(try proxy.interfaceVersion(), 7)
        XCTAssertEqual(try proxy.interfaceVersion(), 7)
        XCTAssertEqual(try proxy.interfaceHash(), "abc")
        XCTAssertEqual(try proxy.interfaceHash(), "abc")
        XCTAssertEqual(recorder.calls.map(\.0), [16_777_214, 16_777_213])
        for (_, data) in recorder.calls { XCTAssertEqual(data, interfaceToken("swiftbinder.versioned.IVersioned")) }
    }

    func testProxyRoundTripThroughTheService() throws {
        let proxy = IVersionedProxy(binder: IVersionedService(VersionedService()).binder)
        XCTAssertEqual(try proxy.interfaceVersion(), 3)
        XCTAssertEqual(try proxy.interfaceHash(), hash)
        XCTAssertEqual(try proxy.repeatInt(value: 5), 5)
    }

    func testAnExceptionFromTheImplementationIsTheStatus() throws {
        final class Failing: IVersioned {
            func repeatInt(value: Int32) throws -> Int32 { value }
            func interfaceVersion() throws -> Int32 { throw AIDLStatus.serviceSpecific(5, "no") }
        }
        var data = ParcelWriter()
        data.writeAIDLInterfaceToken(IVersionedAIDL.descriptor, .current)
        let reply = try IVersionedService(Failing()).binder.transact(code: 16_777_214, data: data)
        XCTAssertEqual(reply.reader.bytes, words(-8) + string16("no") + words(0) + words(5))
    }
}
