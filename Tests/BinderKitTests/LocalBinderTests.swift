// Local binders called within the process (no driver needed), and how
// binders are written into parcels.

import BinderABI
@testable import BinderKit
import Foundation
import XCTest

final class LocalBinderTests: XCTestCase {
    func testClosureAnswersInProcessCalls() throws {
        let greeter = LocalBinder { call, reply in
            XCTAssertEqual(call.code, 7)
            reply.writeString16("Hello, \(try call.data.readString16() ?? "")!")
        }
        var data = ParcelWriter()
        data.writeString16("host")
        var reply = try greeter.transact(code: 7, data: data)
        XCTAssertEqual(try reply.readString16(), "Hello, host!")
    }

    func testServiceObjectAnswersAndThrowsStatus() throws {
        final class Doubler: BinderService {
            func onTransact(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
                guard call.code == 1 else { throw BinderStatus.unknownTransaction }
                reply.writeInt32(try call.data.readInt32() * 2)
            }
        }
        let binder = LocalBinder(descriptor: "test.IDoubler", service: Doubler())
        var data = ParcelWriter()
        data.writeInt32(21)
        var reply = try binder.transact(code: 1, data: data)
        XCTAssertEqual(try reply.readInt32(), 42)
        XCTAssertThrowsError(try binder.transact(code: 2)) { XCTAssertEqual($0 as? BinderStatus, .unknownTransaction) }
    }

    func testPingAndInterfaceNeverReachTheHandler() throws {
        let binder = LocalBinder(descriptor: "test.IQuiet") { _, _ in XCTFail("handler called") }
        try binder.ping()
        XCTAssertEqual(try binder.interfaceDescriptor(), "test.IQuiet")
    }

    func testOnewayInProcessCallReturnsAnEmptyReply() throws {
        let binder = LocalBinder { _, reply in reply.writeInt32(1) }
        let reply = try binder.transact(code: 1, data: ParcelWriter(), flags: .oneWay)
        XCTAssertEqual(reply.reader.bytes, [])
    }

    func testWrittenLocalBinderIsAListedBinderObjectAndRetained() throws {
        let binder = LocalBinder { _, _ in }
        var writer = ParcelWriter()
        writer.writeInt32(5)
        writer.writeBinder(binder)
        writer.writeBinder(nil)
        XCTAssertEqual(writer.objectOffsets, [4], "the null binder is not listed")
        XCTAssertEqual(writer.retained.count, 1)
        XCTAssertTrue(writer.retained.first === binder)
        var reader = ParcelReader(writer)
        _ = try reader.readInt32()
        XCTAssertEqual(try reader.readObject(), .binder(ptr: binder.id, cookie: binder.id, flags: ParcelObject.defaultFlags))
        XCTAssertNil(try reader.readStrongBinder())
    }

    func testBinderInAnInProcessCallArrivesAsItself() throws {
        let inner = LocalBinder { _, _ in }
        let outer = LocalBinder { call, reply in
            let received = try call.data.readBinder()
            reply.writeBool(received === inner)
        }
        var data = ParcelWriter()
        data.writeBinder(inner)
        var reply = try outer.transact(code: 1, data: data)
        XCTAssertTrue(try reply.readBool())
    }

    func testDistinctBindersHaveDistinctNonZeroIDs() {
        let ids = (0..<100).map { _ in LocalBinder { _, _ in }.id }
        XCTAssertEqual(Set(ids).count, 100)
        XCTAssertFalse(ids.contains(0), "cookie 0 means the context manager")
    }

    func testParcelEqualityIgnoresRetainedObjects() {
        var a = ParcelWriter(), b = ParcelWriter()
        a.writeBinder(LocalBinder { _, _ in })
        b.writeStrongBinder(ptr: (a.retained.first as! LocalBinder).id, cookie: (a.retained.first as! LocalBinder).id)
        XCTAssertEqual(a, b)
        XCTAssertEqual(b.retained.count, 0)
    }

    func testCallErrorsNameTheirCause() {
        XCTAssertTrue(BinderCallError.deadObject.description.contains("BR_DEAD_REPLY"))
        XCTAssertTrue(BinderCallError.failedTransaction.description.contains("BR_FAILED_REPLY"))
        XCTAssertTrue(BinderCallError.status(-74).description.contains("UNKNOWN_TRANSACTION"))
    }
}

/// The README's example is the compiled binder-hello program, word for word.
final class ReadmeExampleTests: XCTestCase {
    func testReadmeShowsTheCompiledExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent("Sources/binder-hello/main.swift"), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("```swift\n" + example + "```"), "README.md must quote Sources/binder-hello/main.swift exactly")
        XCTAssertLessThanOrEqual(example.split(separator: "\n").count, 12)
    }
}
