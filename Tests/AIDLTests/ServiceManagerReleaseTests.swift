// ServiceManagerRelease: each Android release's IServiceManager numbering.
// The expected orders are rebuilt here the way the releases changed the
// .aidl file (11's methods, then each release's insertions), independently
// of the table they check; 16's must be the compiled interface's codes.

import BinderKit
import XCTest

final class ServiceManagerReleaseTests: XCTestCase {
    /// Android 11's methods, in order.
    static let android11 = [
        "getService", "checkService", "addService", "listServices", "registerForNotifications",
        "unregisterForNotifications", "isDeclared", "registerClientCallback", "tryUnregisterService",
    ]

    /// `methods` with `added` inserted after `anchor` (at the end if nil).
    static func inserting(_ added: [String], after anchor: String?, into methods: [String]) -> [String] {
        var result = methods
        let index = anchor.flatMap { result.firstIndex(of: $0).map { $0 + 1 } } ?? result.endIndex
        result.insert(contentsOf: added, at: index)
        return result
    }

    /// Each release's order as the release notes describe the change.
    static let expected: [Int: [String]] = {
        let v12 = inserting(["getServiceDebugInfo"], after: nil,
                            into: inserting(["getDeclaredInstances", "updatableViaApex"], after: "isDeclared", into: android11))
        let v13 = inserting(["getConnectionInfo"], after: "updatableViaApex", into: v12)
        let v14 = inserting(["getUpdatableNames"], after: "updatableViaApex", into: v13)
        let v16 = inserting(["checkService2"], after: "checkService",
                            into: inserting(["getService2"], after: "getService", into: v14))
        return [11: android11, 12: v12, 13: v13, 14: v14, 15: v14, 16: v16]
    }()

    func testEachReleasesCodesMatchItsMethodOrder() throws {
        XCTAssertEqual(ServiceManagerRelease.all.map(\.number), Array(11...16))
        for release in ServiceManagerRelease.all {
            let methods = try XCTUnwrap(Self.expected[release.number])
            XCTAssertEqual(release.methods, methods, "\(release)")
            for (index, method) in methods.enumerated() {
                XCTAssertEqual(release.code(of: method), UInt32(1 + index), "\(release) \(method)")
                XCTAssertEqual(release.method(for: UInt32(1 + index)), method, "\(release) \(method)")
            }
            XCTAssertNil(release.method(for: 0))
            XCTAssertNil(release.method(for: UInt32(methods.count + 1)))
        }
        XCTAssertEqual(Self.expected.mapValues(\.count), [11: 9, 12: 12, 13: 13, 14: 14, 15: 14, 16: 16])
    }

    /// Spot checks straight from the release notes' counts and shifts.
    func testCodesThatMovedBetweenReleases() {
        XCTAssertEqual(ServiceManagerRelease.android11.code(of: "registerClientCallback"), 8)
        XCTAssertEqual(ServiceManagerRelease.android13.code(of: "getConnectionInfo"), 10)
        XCTAssertEqual(ServiceManagerRelease.android14.code(of: "getConnectionInfo"), 11)
        XCTAssertEqual(ServiceManagerRelease.android15.code(of: "getServiceDebugInfo"), 14)
        XCTAssertEqual(ServiceManagerRelease.android16.code(of: "addService"), 5)
        XCTAssertNil(ServiceManagerRelease.android13.code(of: "getUpdatableNames"))
        XCTAssertNil(ServiceManagerRelease.android11.code(of: "getServiceDebugInfo"))
    }

    /// The newest release's table is the compiled .aidl's numbering.
    func testNewestIsTheCompiledInterface() {
        let compiled: [String: UInt32] = [
            "getService": IServiceManagerAIDL.TRANSACTION_getService,
            "getService2": IServiceManagerAIDL.TRANSACTION_getService2,
            "checkService": IServiceManagerAIDL.TRANSACTION_checkService,
            "checkService2": IServiceManagerAIDL.TRANSACTION_checkService2,
            "addService": IServiceManagerAIDL.TRANSACTION_addService,
            "listServices": IServiceManagerAIDL.TRANSACTION_listServices,
            "registerForNotifications": IServiceManagerAIDL.TRANSACTION_registerForNotifications,
            "unregisterForNotifications": IServiceManagerAIDL.TRANSACTION_unregisterForNotifications,
            "isDeclared": IServiceManagerAIDL.TRANSACTION_isDeclared,
            "getDeclaredInstances": IServiceManagerAIDL.TRANSACTION_getDeclaredInstances,
            "updatableViaApex": IServiceManagerAIDL.TRANSACTION_updatableViaApex,
            "getUpdatableNames": IServiceManagerAIDL.TRANSACTION_getUpdatableNames,
            "getConnectionInfo": IServiceManagerAIDL.TRANSACTION_getConnectionInfo,
            "registerClientCallback": IServiceManagerAIDL.TRANSACTION_registerClientCallback,
            "tryUnregisterService": IServiceManagerAIDL.TRANSACTION_tryUnregisterService,
            "getServiceDebugInfo": IServiceManagerAIDL.TRANSACTION_getServiceDebugInfo,
        ]
        XCTAssertEqual(ServiceManagerRelease.newest, .android16)
        XCTAssertEqual(ServiceManagerRelease.newest.methods.count, compiled.count)
        for (method, code) in compiled {
            XCTAssertEqual(ServiceManagerRelease.newest.code(of: method), code, method)
        }
    }

    /// Translating to and from the compiled numbering keeps the method.
    func testTranslationBothWays() {
        for release in ServiceManagerRelease.all {
            for method in release.methods {
                let code = release.code(of: method)!
                let newest = ServiceManagerRelease.newest.code(of: method)!
                XCTAssertEqual(release.newestCode(for: code), newest, "\(release) \(method)")
                XCTAssertEqual(release.code(forNewest: newest), code, "\(release) \(method)")
            }
        }
        XCTAssertNil(ServiceManagerRelease.android11.code(forNewest: IServiceManagerAIDL.TRANSACTION_getServiceDebugInfo))
        XCTAssertNil(ServiceManagerRelease.android12.newestCode(for: 13))
    }

    func testReleasesByNumberAndTheirWireFormats() {
        XCTAssertNil(ServiceManagerRelease(number: 10))
        XCTAssertNil(ServiceManagerRelease(number: 17))
        XCTAssertEqual(ServiceManagerRelease(number: 13), .android13)
        XCTAssertEqual(ServiceManagerRelease.all.map(\.wire),
                       [.android11, .android12, .android13, .android14, .android14, .android14])
    }
}
