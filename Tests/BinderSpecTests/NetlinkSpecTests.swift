// The netlink family is 7.3's binder_netlink.h, row for row, and the
// validator names each way a family row can go wrong.

@testable import BinderSpec
import XCTest

final class NetlinkSpecTests: XCTestCase {
    let spec = ProtocolSpec.binder

    var family: NetlinkFamilySpec { spec.netlink }

    func testTheFamilyIsTheOneOf73() {
        XCTAssertEqual(family.name, "binder")
        XCTAssertEqual(family.version, 1)
        XCTAssertEqual(family.since, KernelVersion(6, 18))
        XCTAssertEqual(family.attributeSets.map(\.name), ["report"])
        XCTAssertEqual(family.commands.map(\.name), ["BINDER_CMD_REPORT"])
        XCTAssertEqual(family.multicastGroups.map(\.groupName), ["report"])
        // Every name binder_netlink.h declares, in its order.
        XCTAssertEqual(family.cNames, [
            "BINDER_FAMILY_NAME", "BINDER_FAMILY_VERSION",
            "BINDER_A_REPORT_ERROR", "BINDER_A_REPORT_CONTEXT", "BINDER_A_REPORT_FROM_PID",
            "BINDER_A_REPORT_FROM_TID", "BINDER_A_REPORT_TO_PID", "BINDER_A_REPORT_TO_TID",
            "BINDER_A_REPORT_IS_REPLY", "BINDER_A_REPORT_FLAGS", "BINDER_A_REPORT_CODE",
            "BINDER_A_REPORT_DATA_SIZE", "__BINDER_A_REPORT_MAX", "BINDER_A_REPORT_MAX",
            "BINDER_CMD_REPORT", "__BINDER_CMD_MAX", "BINDER_CMD_MAX",
            "BINDER_MCGRP_REPORT",
        ])
    }

    func testReportAttributesHaveTheYAMLsTypes() throws {
        let report = try XCTUnwrap(family.attributeSet(named: "report"))
        let types = report.attributes.map { (NetlinkFamilySpec.ynlName($0.name, prefix: report.prefix), $0.type) }
        XCTAssertEqual(types.map(\.0), ["error", "context", "from-pid", "from-tid", "to-pid", "to-tid",
                                        "is-reply", "flags", "code", "data-size"])
        XCTAssertEqual(types.map(\.1), [.u32, .string, .u32, .u32, .u32, .u32, .flag, .u32, .u32, .u32])
        XCTAssertEqual(report.attributes.map(\.value), Array(1...10))
        XCTAssertEqual(report.max, 10)
        XCTAssertEqual(family.commands[0].attributes, report.attributes.map(\.name), "a report carries every attribute")
        XCTAssertEqual(family.commands[0].multicastGroup, "BINDER_MCGRP_REPORT")
    }

    func testPolicyTypesAreYNLs() {
        XCTAssertEqual(NetlinkAttributeType.string.policyType, "NLA_NUL_STRING")
        XCTAssertEqual(NetlinkAttributeType.flag.policyType, "NLA_FLAG")
        XCTAssertEqual(NetlinkAttributeType.u32.policyType, "NLA_U32")
    }

    func testAGapInTheValuesIsNamed() {
        var broken = spec
        let a = broken.netlink.attributeSets[0].attributes[3]
        broken.netlink.attributeSets[0].attributes[3] = NetlinkAttribute(a.name, 5, a.type, since: a.since, doc: a.doc)
        XCTAssertTrue(problems(broken).contains {
            $0.item == "BINDER_A_REPORT_FROM_TID" && $0.message.contains("pinned value 5 but the header numbers it 4")
        }, "\(problems(broken))")
    }

    func testAWrongMaxIsNamed() {
        var broken = spec
        broken.netlink.attributeSets[0].max = 11
        broken.netlink.commandMax = 2
        XCTAssertEqual(problems(broken), [
            SpecProblem(item: "BINDER_A_REPORT_MAX", message: "pinned 11 but the last value is 10"),
            SpecProblem(item: "BINDER_CMD_MAX", message: "pinned 2 but the last value is 1"),
        ])
    }

    func testANameOutsideItsPrefixIsNamed() {
        var broken = spec
        let a = broken.netlink.attributeSets[0].attributes[0]
        broken.netlink.attributeSets[0].attributes[0] = NetlinkAttribute("BINDER_A_ERROR", a.value, a.type, since: a.since, doc: a.doc)
        let found = problems(broken)
        XCTAssertTrue(found.contains { $0.item == "BINDER_A_ERROR" && $0.message.contains("BINDER_A_REPORT_NAME") }, "\(found)")
        XCTAssertTrue(found.contains { $0.item == "BINDER_CMD_REPORT" && $0.message.contains("carries BINDER_A_REPORT_ERROR") })
    }

    func testCommandReferencesMustResolve() {
        var broken = spec
        let c = broken.netlink.commands[0]
        broken.netlink.commands[0] = NetlinkCommand(
            c.name, c.value, attributeSet: c.attributeSet, attributes: c.attributes + ["BINDER_A_REPORT_CODE"],
            multicastGroup: "BINDER_MCGRP_ERRORS", since: c.since, doc: c.doc)
        XCTAssertEqual(problems(broken), [
            SpecProblem(item: "BINDER_CMD_REPORT", message: "carries BINDER_A_REPORT_CODE twice"),
            SpecProblem(item: "BINDER_CMD_REPORT", message: "multicast group BINDER_MCGRP_ERRORS is not declared"),
        ])
    }

    func testAGroupMacroMustSpellItsName() {
        var broken = spec
        let g = broken.netlink.multicastGroups[0]
        broken.netlink.multicastGroups[0] = NetlinkMulticastGroup(g.name, groupName: "reports", since: g.since, doc: g.doc)
        XCTAssertEqual(problems(broken), [
            SpecProblem(item: "BINDER_MCGRP_REPORT", message: "YNL names group \"reports\" BINDER_MCGRP_REPORTS"),
        ])
    }

    func testAFamilyNameMustFitGenetlink() {
        var broken = spec
        let f = broken.netlink
        broken.netlink = NetlinkFamilySpec(
            name: "binder-transaction", version: f.version, prefix: "BINDER_TRANSACTION_", swiftName: f.swiftName,
            since: f.since, doc: f.doc, attributeSets: [], commandMax: 0, commands: [], multicastGroups: [])
        XCTAssertTrue(problems(broken).contains { $0.item == "BINDER_TRANSACTION_FAMILY_NAME" && $0.message.contains("not a netlink name") })
    }

    func testAnItemOlderThanItsFamilyIsNamed() {
        var broken = spec
        let a = broken.netlink.attributeSets[0].attributes[9]
        broken.netlink.attributeSets[0].attributes[9] = NetlinkAttribute(a.name, a.value, a.type, since: KernelVersion(6, 12), doc: a.doc)
        XCTAssertEqual(problems(broken), [
            SpecProblem(item: "BINDER_A_REPORT_DATA_SIZE", message: "appeared in 6.12, before its family (6.18)"),
        ])
    }

    func testNetlinkNamesShareTheSpecsNamespace() {
        var broken = spec
        broken.features.append(FeatureSpec("BINDER_CMD_MAX", since: KernelVersion(6, 18), doc: "clash"))
        XCTAssertEqual(problems(broken), [SpecProblem(item: "BINDER_CMD_MAX", message: "declared more than once")])
    }

    private func problems(_ spec: ProtocolSpec) -> [SpecProblem] {
        spec.validate()
    }
}
