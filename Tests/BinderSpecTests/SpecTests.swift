// The spec describes the whole 7.3 uapi (include/uapi/linux/android/) and its
// validator catches each kind of inconsistency, naming the item.

@testable import BinderSpec
import XCTest

final class SpecTests: XCTestCase {
    let spec = ProtocolSpec.binder

    func testTheSpecIsConsistent() {
        XCTAssertEqual(spec.validate(), [])
    }

    func testTheSpecIsComplete() {
        XCTAssertEqual(spec.ioctls.filter { $0.header == .binder }.count, 14)
        XCTAssertEqual(spec.ioctls.filter { $0.header == .binderfs }.map(\.name), ["BINDER_CTL_ADD"])
        XCTAssertEqual(spec.commands.map(\.code.nr), Array(0...21))
        XCTAssertEqual(Set(spec.returns.map(\.code.nr)), Set(0...22))
        XCTAssertEqual(spec.returns.count, 24, "BR_TRANSACTION and BR_TRANSACTION_SEC_CTX share nr 2")
        XCTAssertEqual(spec.objectTypes.count, 7)
        XCTAssertEqual(spec.structs.count, 21)
        XCTAssertEqual(spec.protocolVersion, 8)
        // 7.3's binderfs features/ directory, every file.
        XCTAssertEqual(Set(spec.features.map(\.name)),
                       ["extended_error", "freeze_notification", "oneway_spam_detection", "transaction_report"])
        XCTAssertEqual(spec.constantGroups.compactMap(\.tag), ["flat_binder_object_flags", "transaction_flags"])
    }

    func testPackedAndUnionLayoutsAreComputed() throws {
        let handleCookie = try XCTUnwrap(spec.structNamed("binder_handle_cookie"))
        XCTAssertEqual(spec.computedOffsets(of: handleCookie.body, packed: true), [0, 4])
        XCTAssertEqual(spec.layout(of: .structRef("binder_handle_cookie")), Layout(size: 12, alignment: 1))
        XCTAssertEqual(spec.layout(of: .structRef("binder_transaction_data"))?.size, 64)
        XCTAssertEqual(spec.layout(of: .structRef("binderfs_device"))?.size, 264)
    }

    func testIoctlEncodingIsRecomputed() {
        XCTAssertEqual(spec.encode(IocCode(.readWrite, "b", 1, .structRef("binder_write_read"))), 0xc030_6201)
        XCTAssertEqual(spec.encode(IocCode(.none, "c", 12, nil)), 0x630c)
    }

    func testAWrongValueIsNamed() {
        var broken = spec
        let c = broken.commands[3]
        broken.commands[3] = ProtocolCode(c.name, c.code, value: c.value + 1, since: c.since, doc: c.doc)
        XCTAssertTrue(problems(broken).contains { $0.item == "BC_FREE_BUFFER" && $0.message.contains("pinned value") })
    }

    func testADuplicateCommandNumberIsNamed() {
        var broken = spec
        let c = broken.commands[21]
        broken.commands[21] = ProtocolCode(
            c.name, IocCode(c.code.direction, "c", 20, c.code.payload), value: 0x400c_6314, since: c.since, doc: c.doc)
        let found = problems(broken)
        XCTAssertTrue(found.contains { $0.item == "BC_FREEZE_NOTIFICATION_DONE" && $0.message.contains("nr 20 already used") }, "\(found)")
        XCTAssertTrue(found.contains { $0.item == "BC_FREEZE_NOTIFICATION_DONE" && $0.message.contains("already used by BC_CLEAR_FREEZE_NOTIFICATION") })
    }

    func testAWrongOffsetIsNamed() {
        var broken = spec
        let index = broken.structs.firstIndex { $0.name == "binder_write_read" }!
        let s = broken.structs[index]
        var fields = s.body.fields
        fields[5] = Field("read_buffer", .scalar(.uintptrT), at: 44)
        broken.structs[index] = StructSpec(s.name, size: s.size, since: s.since, doc: s.doc, fields: fields)
        XCTAssertEqual(problems(broken), [SpecProblem(item: "binder_write_read.read_buffer", message: "pinned offset 44 but layout gives 40")])
    }

    func testAWrongSizeIsNamed() {
        var broken = spec
        let index = broken.structs.firstIndex { $0.name == "binder_version" }!
        let s = broken.structs[index]
        broken.structs[index] = StructSpec(s.name, size: 8, since: s.since, doc: s.doc, fields: s.body.fields)
        XCTAssertTrue(problems(broken).contains { $0.item == "binder_version" && $0.message == "pinned size 8 but fields give 4" })
    }

    func testObjectTypeCharsMustPackToTheValue() {
        var broken = spec
        let o = broken.objectTypes[0]
        broken.objectTypes[0] = ObjectTypeSpec(o.name, chars: ("s", "b", "+"), value: o.value, object: o.objectStruct, since: o.since, doc: o.doc)
        XCTAssertTrue(problems(broken).contains { $0.item == "BINDER_TYPE_BINDER" })
    }

    func testItemsNewerThanTheTargetAreRefused() {
        var broken = spec
        broken.features.append(FeatureSpec("future_feature", since: KernelVersion(7, 4), doc: "not yet"))
        XCTAssertTrue(problems(broken).contains { $0.item == "future_feature" && $0.message.contains("after the spec's target 7.3") })
    }

    func testATagSinceNeedsANamedEnum() {
        var broken = spec
        let index = broken.constantGroups.firstIndex { $0.swiftName == "BinderfsLimits" }!
        let g = broken.constantGroups[index]
        broken.constantGroups[index] = ConstantGroup(
            swiftName: g.swiftName, prefix: g.prefix, in: g.header, style: g.style, isFlags: g.isFlags,
            tagSince: KernelVersion(6, 18), doc: g.doc, g.constants)
        XCTAssertEqual(problems(broken), [SpecProblem(item: "BinderfsLimits", message: "tagSince given but the group is not a named enum")])
    }

    func testAStructUsedBeforeItsDeclarationIsNamed() {
        var broken = spec
        let header = broken.structs.removeFirst()
        broken.structs.append(header)
        XCTAssertTrue(problems(broken).contains { $0.item == "flat_binder_object" && $0.message.contains("before it is declared") })
    }

    func testDuplicateNamesAreNamed() {
        var broken = spec
        broken.features.append(FeatureSpec("extended_error", since: KernelVersion(5, 19), doc: "again"))
        XCTAssertTrue(problems(broken).contains { $0.item == "extended_error" && $0.message == "declared more than once" })
    }

    private func problems(_ spec: ProtocolSpec) -> [SpecProblem] {
        spec.validate()
    }
}
