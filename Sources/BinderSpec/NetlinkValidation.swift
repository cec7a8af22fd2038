// Checks of the netlink family: names follow YNL's rules (so our header
// spells what the kernel's spells), values run the way the header numbers
// them, and every reference between rows resolves.

/// GENL_NAMSIZ: family and group names, NUL included, fit in 16 bytes.
let genlNameSize = 16

extension ProtocolSpec {
    func checkNetlink() -> [SpecProblem] {
        let family = netlink
        var problems: [SpecProblem] = []
        problems += checkSince(family.name, family.since).map { [$0] } ?? []
        problems += checkWireName(family.name, item: family.nameMacro)
        if family.prefix != NetlinkFamilySpec.cUpper(family.name) + "_" {
            problems.append(SpecProblem(
                item: family.nameMacro,
                message: "prefix \(family.prefix) but YNL names family \(family.name)'s items \(NetlinkFamilySpec.cUpper(family.name))_"))
        }
        if family.version == 0 {
            problems.append(SpecProblem(item: family.versionMacro, message: "version 0: genetlink families start at 1"))
        }
        for set in family.attributeSets {
            problems += checkAttributeSet(set, of: family)
        }
        problems += checkEnumeration(
            family.commands.map { ($0.name, $0.value) }, max: family.commandMax, maxName: family.commandMaxName,
            prefix: family.commandPrefix, limit: 0xff)
        for command in family.commands {
            problems += checkCommand(command, of: family)
        }
        var groupNames: [String: String] = [:]
        for group in family.multicastGroups {
            problems += checkItemSince(group.name, group.since, family: family)
            problems += checkWireName(group.groupName, item: group.name)
            if group.name != family.groupPrefix + NetlinkFamilySpec.cUpper(group.groupName) {
                problems.append(SpecProblem(
                    item: group.name,
                    message: "YNL names group \"\(group.groupName)\" \(family.groupPrefix + NetlinkFamilySpec.cUpper(group.groupName))"))
            }
            if let other = groupNames[group.groupName] {
                problems.append(SpecProblem(item: group.name, message: "group name \"\(group.groupName)\" already used by \(other)"))
            }
            groupNames[group.groupName] = group.name
        }
        return problems
    }

    private func checkAttributeSet(_ set: NetlinkAttributeSet, of family: NetlinkFamilySpec) -> [SpecProblem] {
        var problems: [SpecProblem] = []
        let expected = family.prefix + "A_" + NetlinkFamilySpec.cUpper(set.name) + "_"
        if set.prefix != expected {
            problems.append(SpecProblem(item: set.maxName, message: "prefix \(set.prefix) but YNL names set \(set.name)'s attributes \(expected)"))
        }
        if set.attributes.isEmpty {
            problems.append(SpecProblem(item: set.maxName, message: "set \(set.name) has no attributes"))
        }
        for attribute in set.attributes {
            problems += checkItemSince(attribute.name, attribute.since, family: family)
        }
        problems += checkEnumeration(
            set.attributes.map { ($0.name, $0.value) }, max: set.max, maxName: set.maxName,
            prefix: set.prefix, limit: 0x3fff)
        return problems
    }

    private func checkCommand(_ command: NetlinkCommand, of family: NetlinkFamilySpec) -> [SpecProblem] {
        var problems = checkItemSince(command.name, command.since, family: family)
        if let set = family.attributeSet(named: command.attributeSet) {
            var seen = Set<String>()
            for name in command.attributes {
                if !set.attributes.contains(where: { $0.name == name }) {
                    problems.append(SpecProblem(item: command.name, message: "carries \(name), which set \(set.name) does not have"))
                }
                if !seen.insert(name).inserted {
                    problems.append(SpecProblem(item: command.name, message: "carries \(name) twice"))
                }
            }
        } else {
            problems.append(SpecProblem(item: command.name, message: "attribute set \(command.attributeSet) is not declared"))
        }
        if family.multicastGroup(named: command.multicastGroup) == nil {
            problems.append(SpecProblem(item: command.name, message: "multicast group \(command.multicastGroup) is not declared"))
        }
        return problems
    }

    /// The header writes these enums as YNL does: the first value given,
    /// every next one implied, so the pinned values must run 1, 2, 3, ...
    /// in table order, and MAX must be the last of them.
    private func checkEnumeration(
        _ rows: [(name: String, value: UInt32)], max: UInt32, maxName: String, prefix: String, limit: UInt32
    ) -> [SpecProblem] {
        var problems: [SpecProblem] = []
        for (index, row) in rows.enumerated() {
            let suffix = row.name.dropFirst(prefix.count)
            if !row.name.hasPrefix(prefix) || suffix.isEmpty || !suffix.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) {
                problems.append(SpecProblem(item: row.name, message: "not a name of the form \(prefix)NAME"))
            }
            let implied = UInt32(index + 1)
            if row.value != implied {
                problems.append(SpecProblem(item: row.name, message: "pinned value \(row.value) but the header numbers it \(implied) (values run 1, 2, ... in table order)"))
            }
            if row.value > limit {
                problems.append(SpecProblem(item: row.name, message: "value \(row.value) does not fit netlink's \(hex(limit))"))
            }
        }
        let last = rows.last?.value ?? 0
        if max != last {
            problems.append(SpecProblem(item: maxName, message: "pinned \(max) but the last value is \(last)"))
        }
        return problems
    }

    private func checkItemSince(_ name: String, _ since: KernelVersion, family: NetlinkFamilySpec) -> [SpecProblem] {
        var problems = checkSince(name, since).map { [$0] } ?? []
        if since < family.since {
            problems.append(SpecProblem(item: name, message: "appeared in \(since), before its family (\(family.since))"))
        }
        return problems
    }

    /// Family and group names: short lower-case words, as genetlink stores them.
    private func checkWireName(_ name: String, item: String) -> [SpecProblem] {
        let allowed = name.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" || $0 == "_" }
        if name.isEmpty || name.utf8.count >= genlNameSize || !allowed {
            return [SpecProblem(item: item, message: "\"\(name)\" is not a netlink name (1-\(genlNameSize - 1) lower-case letters, digits, - or _)")]
        }
        return []
    }
}
