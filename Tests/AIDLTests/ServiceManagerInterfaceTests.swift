// BinderKit's IServiceManager, compiled from android/os/*.aidl: Android 16's
// transaction codes (the method order) and the layout of its replies.

import BinderKit
import XCTest

final class ServiceManagerInterfaceTests: XCTestCase {
    func testCodesAreAndroid16s() {
        let codes: [UInt32] = [
            IServiceManagerAIDL.TRANSACTION_getService, IServiceManagerAIDL.TRANSACTION_getService2,
            IServiceManagerAIDL.TRANSACTION_checkService, IServiceManagerAIDL.TRANSACTION_checkService2,
            IServiceManagerAIDL.TRANSACTION_addService, IServiceManagerAIDL.TRANSACTION_listServices,
            IServiceManagerAIDL.TRANSACTION_registerForNotifications,
            IServiceManagerAIDL.TRANSACTION_unregisterForNotifications,
            IServiceManagerAIDL.TRANSACTION_isDeclared, IServiceManagerAIDL.TRANSACTION_getDeclaredInstances,
            IServiceManagerAIDL.TRANSACTION_updatableViaApex, IServiceManagerAIDL.TRANSACTION_getUpdatableNames,
            IServiceManagerAIDL.TRANSACTION_getConnectionInfo, IServiceManagerAIDL.TRANSACTION_registerClientCallback,
            IServiceManagerAIDL.TRANSACTION_tryUnregisterService, IServiceManagerAIDL.TRANSACTION_getServiceDebugInfo,
        ]
        XCTAssertEqual(codes, Array(1...16))
        XCTAssertEqual(IServiceManagerAIDL.descriptor, "android.os.IServiceManager")
        XCTAssertEqual(IServiceCallbackAIDL.TRANSACTION_onRegistration, 1)
        XCTAssertEqual(IClientCallbackAIDL.TRANSACTION_onClients, 1)
        XCTAssertEqual(IServiceManagerAIDL.DUMP_FLAG_PRIORITY_ALL, 15)
        XCTAssertEqual(IServiceManagerAIDL.FLAG_IS_LAZY_SERVICE, 1 << 30)
        XCTAssertEqual(IServiceManagerAIDL.DUMP_FLAG_PROTO, 16)
    }

    /// The Service union getService2 answers: its presence marker, tag 0
    /// (serviceWithMetadata), the parcelable's presence marker and size, then
    /// the binder (a null one is a flat object too) with its stability word
    /// and the bool, as libbinder writes them.
    func testMissingServiceMetadataLayout() throws {
        var parcel = ParcelWriter()
        Service.serviceWithMetadata(ServiceWithMetadata(service: nil, isLazyService: true)).writeAIDL(to: &parcel, .android14)
        var reader = incoming(parcel)
        XCTAssertEqual(try reader.reader.readInt32(), 1, "union present")
        XCTAssertEqual(try reader.reader.readInt32(), 0, "tag: serviceWithMetadata")
        XCTAssertEqual(try reader.reader.readInt32(), 1, "parcelable present")
        let size = try reader.reader.readInt32()
        XCTAssertEqual(Int(size), 4 + ParcelObject.size + 4 + 4, "size, null binder object, its stability word, the bool")
        var again = incoming(parcel)
        guard case let .serviceWithMetadata(read) = try Service.readAIDL(from: &again, .android14) else { return XCTFail() }
        XCTAssertNil(read.service)
        XCTAssertTrue(read.isLazyService)
    }
}
