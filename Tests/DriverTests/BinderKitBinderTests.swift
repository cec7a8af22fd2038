// Local and remote binders across real processes: calls, oneway order,
// callbacks, errors, and reference counts returning to zero.

import BinderKit
import XCTest

final class BinderKitBinderTests: KitTestCase {
    func testSyncCallPingAndDescriptor() throws {
        let (_, peer) = try startPeer()
        var data = ParcelWriter()
        data.writeString16("héllo, wörld")
        var reply = try peer.transact(code: KitPeerCode.echo, data: data)
        XCTAssertEqual(try reply.readString16(), "héllo, wörld")
        try peer.ping()
        XCTAssertEqual(try peer.interfaceDescriptor(), "kit.ITestPeer")
    }

    func testOnewayCallsArriveInOrder() throws {
        let (_, peer) = try startPeer()
        for value in Int32(1)...20 {
            var data = ParcelWriter()
            data.writeInt32(value)
            try peer.transactOneway(code: KitPeerCode.note, data: data)
        }
        var notes: [Int32] = []
        XCTAssertTrue(try eventually {
            var reply = try peer.transact(code: KitPeerCode.notes)
            notes = try (0..<reply.readInt32()).map { _ in try reply.readInt32() }
            return notes.count == 20
        })
        XCTAssertEqual(notes, Array(1...20), "oneway calls to one binder are delivered in order")
    }

    func testUnknownCodeAnswersUnknownTransaction() throws {
        let (_, peer) = try startPeer()
        XCTAssertThrowsError(try peer.transact(code: 777)) {
            XCTAssertEqual($0 as? BinderCallError, .status(BinderStatus.unknownTransaction.code))
        }
    }

    func testPeerCallsOurBinderBackDuringTheCall() throws {
        let (_, peer) = try startPeer()
        let callback = LocalBinder { call, reply in
            reply.writeInt32(try call.data.readInt32() * 3)
        }
        var data = ParcelWriter()
        data.writeBinder(callback)
        data.writeInt32(14)
        var reply = try peer.transact(code: KitPeerCode.callBack, data: data)
        XCTAssertEqual(try reply.readInt32(), 42)
    }

    func testLocalBinderLivesWhileThePeerHoldsIt() throws {
        let (_, peer) = try startPeer()
        weak var watched: LocalBinder?
        try {
            let object = LocalBinder { _, _ in }
            watched = object
            var data = ParcelWriter()
            data.writeBinder(object)
            _ = try peer.transact(code: KitPeerCode.hold, data: data)
        }()
        XCTAssertNotNil(watched, "the kernel's reference keeps the object alive without ours")
        XCTAssertEqual(process.liveLocalBinderCount, 1)
        _ = try peer.transact(code: KitPeerCode.drop)
        XCTAssertTrue(eventually { watched == nil }, "BR_RELEASE and BR_DECREFS let it go")
        XCTAssertEqual(process.liveLocalBinderCount, 0)
    }

    func testDroppingTheLastProxyReleasesTheRemoteObject() throws {
        let (_, peer) = try startPeer()
        func liveObjects() throws -> Int32 {
            var reply = try peer.transact(code: KitPeerCode.liveObjects)
            return try reply.readInt32()
        }
        let before = try liveObjects()
        var object: RemoteBinder? = try {
            var reply = try peer.transact(code: KitPeerCode.makeObject)
            return try reply.readBinder() as? RemoteBinder
        }()
        XCTAssertNotNil(object)
        try object?.ping()
        XCTAssertEqual(try liveObjects(), before + 1, "our proxy's reference keeps the peer's object")
        // A second proxy lookup for the same handle shares the reference.
        XCTAssertTrue(process.proxy(forHandle: object!.handle) === object)
        object = nil
        XCTAssertTrue(try eventually { try liveObjects() == before }, "BC_RELEASE reached the peer")
    }

    func testCallToAKilledPeerFailsWithDeadObject() throws {
        let (child, peer) = try startPeer()
        child.kill()
        XCTAssertThrowsError(try peer.transact(code: KitPeerCode.echo)) {
            XCTAssertEqual($0 as? BinderCallError, .deadObject)
        }
    }
}
