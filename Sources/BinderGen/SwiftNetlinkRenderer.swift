// The Swift bindings of the netlink family (part of
// Sources/BinderABI/BinderProtocol.generated.swift) and their agreement test
// against binder_netlink.h as clang imports it. Raw values have the width of
// the wire field: attribute types are nlattr.nla_type (u16), commands
// genlmsghdr.cmd (u8).

import BinderSpec

struct SwiftNetlinkRenderer {
    let spec: ProtocolSpec

    var family: NetlinkFamilySpec { spec.netlink }

    var commandType: String { family.swiftName + "Command" }
    var groupType: String { family.swiftName + "Group" }

    /// Set `report` of BinderNetlink -> `BinderNetlinkReportAttribute`.
    func attributeType(_ set: NetlinkAttributeSet) -> String {
        let words = set.name.split(whereSeparator: { $0 == "-" || $0 == "_" })
        return family.swiftName + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Attribute"
    }

    func renderBindings(_ w: inout CodeWriter) {
        w.line("/// How a netlink attribute's payload is encoded (YNL's `type:`).")
        w.block("public enum NetlinkAttributeType: String, CaseIterable, Sendable {") { w in
            for type in NetlinkAttributeType.allCases {
                w.line("case \(type.rawValue)")
            }
        }
        w.line()
        w.line("/// The generic netlink family \"\(family.name)\" of <\(Header.binderNetlink.rawValue)>.")
        w.line("/// \(family.doc)")
        w.block("public enum \(family.swiftName) {") { w in
            w.line("/// \(family.nameMacro): the name to resolve with CTRL_CMD_GETFAMILY.")
            w.line("public static let familyName = \"\(family.name)\"")
            w.line()
            w.line("/// \(family.versionMacro): genlmsghdr.version.")
            w.line("public static let version: UInt8 = \(family.version)")
            w.line()
            w.line("/// The upstream release the family appeared in.")
            w.line("public static let since = KernelRelease(\(family.since.major), \(family.since.minor))")
        }
        w.line()
        for set in family.attributeSets {
            renderAttributeSet(set, &w)
        }
        renderCommands(&w)
        renderGroups(&w)
    }

    private func renderAttributeSet(_ set: NetlinkAttributeSet, _ w: inout CodeWriter) {
        let cases = set.attributes.map { Naming.swiftCase($0.name, prefix: set.prefix) }
        w.line("/// Attribute set \"\(set.name)\" of the netlink family \"\(family.name)\". \(set.doc)")
        w.block("public enum \(attributeType(set)): UInt16, CaseIterable, Sendable {") { w in
            for (a, name) in zip(set.attributes, cases) {
                w.line("/// \(a.doc) (\(a.type.rawValue); Linux \(a.since))")
                w.line("case \(name) = \(a.value)")
            }
            w.line()
            w.line("/// \(set.maxName): the highest attribute.")
            w.line("public static let max: UInt16 = \(set.max)")
            w.line()
            w.line("/// The C name, as in the uapi header.")
            renderSwitch("public var name: String", zip(cases, set.attributes.map { "\"\($0.name)\"" }), &w)
            w.line()
            w.line("/// The upstream release the attribute first appeared in.")
            renderSwitch("public var since: KernelRelease", zip(cases, set.attributes.map { release($0.since) }), &w)
            w.line()
            w.line("/// How its payload is encoded.")
            renderSwitch("public var type: NetlinkAttributeType", zip(cases, set.attributes.map { ".\($0.type.rawValue)" }), &w)
        }
        w.line()
    }

    private func renderCommands(_ w: inout CodeWriter) {
        let cases = family.commands.map { Naming.swiftCase($0.name, prefix: family.commandPrefix) }
        w.line("/// A command of the netlink family \"\(family.name)\" (genlmsghdr.cmd).")
        w.block("public enum \(commandType): UInt8, CaseIterable, Sendable {") { w in
            for (c, name) in zip(family.commands, cases) {
                w.line("/// \(c.doc) (Linux \(c.since))")
                w.line("case \(name) = \(c.value)")
            }
            w.line()
            w.line("/// \(family.commandMaxName): the highest command.")
            w.line("public static let max: UInt8 = \(family.commandMax)")
            w.line()
            w.line("/// The C name, as in the uapi header.")
            renderSwitch("public var name: String", zip(cases, family.commands.map { "\"\($0.name)\"" }), &w)
            w.line()
            w.line("/// The upstream release the command first appeared in.")
            renderSwitch("public var since: KernelRelease", zip(cases, family.commands.map { release($0.since) }), &w)
            w.line()
            w.line("/// The multicast group the kernel sends the event to.")
            renderSwitch("public var multicastGroup: \(groupType)", zip(cases, family.commands.map {
                ".\(Naming.swiftCase($0.multicastGroup, prefix: family.groupPrefix))"
            }), &w)
            for (c, name) in zip(family.commands, cases) {
                guard let set = family.attributeSet(named: c.attributeSet) else { continue }
                let members = c.attributes.map { ".\(Naming.swiftCase($0, prefix: set.prefix))" }
                w.line()
                w.line("/// The attributes \(c.name) carries, in the order the kernel adds them.")
                w.line("public static let \(name)Attributes: [\(attributeType(set))] = [\(members.joined(separator: ", "))]")
            }
        }
        w.line()
    }

    private func renderGroups(_ w: inout CodeWriter) {
        let cases = family.multicastGroups.map { Naming.swiftCase($0.name, prefix: family.groupPrefix) }
        w.line("/// A multicast group of the netlink family \"\(family.name)\", by its name.")
        w.block("public enum \(groupType): String, CaseIterable, Sendable {") { w in
            for (g, name) in zip(family.multicastGroups, cases) {
                w.line("/// \(g.doc) (Linux \(g.since))")
                w.line("case \(name) = \"\(g.groupName)\"")
            }
            w.line()
            w.line("/// The C name of the macro, as in the uapi header.")
            renderSwitch("public var name: String", zip(cases, family.multicastGroups.map { "\"\($0.name)\"" }), &w)
            w.line()
            w.line("/// The upstream release the group first appeared in.")
            renderSwitch("public var since: KernelRelease", zip(cases, family.multicastGroups.map { release($0.since) }), &w)
        }
        w.line()
    }

    private func renderSwitch<S: Sequence>(_ declaration: String, _ rows: S, _ w: inout CodeWriter)
    where S.Element == (String, String) {
        w.block("\(declaration) {") { w in
            w.block("switch self {") { w in
                for (name, value) in rows {
                    w.line("case .\(name): return \(value)")
                }
            }
        }
    }

    private func release(_ v: KernelVersion) -> String { "KernelRelease(\(v.major), \(v.minor))" }

    /// The body of HeaderAgreementTests.testNetlinkValues().
    func renderAgreementTest(_ w: inout CodeWriter) {
        w.block("func testNetlinkValues() {") { w in
            w.line("XCTAssertEqual(\(family.swiftName).familyName, \(family.nameMacro))")
            w.line("XCTAssertEqual(value(\(family.swiftName).version), value(\(family.versionMacro)), \"\(family.versionMacro)\")")
            for set in family.attributeSets {
                let type = attributeType(set)
                for a in set.attributes {
                    let member = "\(type).\(Naming.swiftCase(a.name, prefix: set.prefix))"
                    w.line("XCTAssertEqual(value(\(member).rawValue), value(\(a.name)), \"\(a.name)\")")
                }
                w.line("XCTAssertEqual(value(\(type).max), value(\(set.maxName)), \"\(set.maxName)\")")
                w.line("XCTAssertEqual(value(\(type).max) + 1, value(\(set.countName)), \"\(set.countName)\")")
            }
            for c in family.commands {
                let member = "\(commandType).\(Naming.swiftCase(c.name, prefix: family.commandPrefix))"
                w.line("XCTAssertEqual(value(\(member).rawValue), value(\(c.name)), \"\(c.name)\")")
            }
            w.line("XCTAssertEqual(value(\(commandType).max), value(\(family.commandMaxName)), \"\(family.commandMaxName)\")")
            w.line("XCTAssertEqual(value(\(commandType).max) + 1, value(\(family.commandCountName)), \"\(family.commandCountName)\")")
            for g in family.multicastGroups {
                let member = "\(groupType).\(Naming.swiftCase(g.name, prefix: family.groupPrefix))"
                w.line("XCTAssertEqual(\(member).rawValue, \(g.name), \"\(g.name)\")")
            }
        }
    }
}
