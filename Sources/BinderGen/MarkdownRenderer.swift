// Renders docs/protocol.md: the protocol reference, straight from the tables.

import BinderSpec

struct MarkdownRenderer {
    let spec: ProtocolSpec

    func render() -> String {
        var w = CodeWriter(indent: "")
        w.lines(Banner.lines(.markdown, kind: "protocol-doc", spdx: nil))
        w.line("# The Binder protocol (as of Linux \(KernelVersion.specTarget))")
        w.line()
        w.line("Generated from `Sources/BinderSpec`. Values are for x86_64 (LP64); `since` is the")
        w.line("upstream release an item first appeared in (3.19 = the base protocol, in uapi since")
        w.line("the driver left staging). `BINDER_CURRENT_PROTOCOL_VERSION` = \(spec.protocolVersion).")
        w.line()
        w.line("## ioctls")
        w.line()
        table(&w, ["ioctl", "value", "payload", "since", "meaning"], spec.ioctls.map {
            [code($0.name), code(hex($0.value)), payload($0.code.payload), "\($0.since)", $0.doc]
        })
        w.line("## BC_ commands (userspace -> driver)")
        w.line()
        table(&w, ["nr", "command", "value", "payload", "since", "meaning"], spec.commands.map {
            ["\($0.code.nr)", code($0.name), code(hex($0.value)), payload($0.code.payload), "\($0.since)", $0.doc]
        })
        w.line("## BR_ returns (driver -> userspace)")
        w.line()
        table(&w, ["nr", "return", "value", "payload", "since", "meaning"], spec.returns.map {
            ["\($0.code.nr)", code($0.name), code(hex($0.value)), payload($0.code.payload), "\($0.since)", $0.doc]
        })
        w.line("## Object types")
        w.line()
        table(&w, ["type", "value", "object", "since", "meaning"], spec.objectTypes.map {
            [code($0.name), code(hex($0.value)), code("struct \($0.objectStruct)"), "\($0.since)", $0.doc]
        })
        w.line("## Flags and constants")
        w.line()
        for g in spec.constantGroups {
            w.line("### \(g.swiftName)")
            w.line()
            w.line(g.doc + " In C: " + cSpelling(g) + ".")
            w.line()
            table(&w, ["name", "value", "since", "meaning"], g.constants.map {
                [code($0.name), code(hex($0.value)), "\($0.since)", $0.doc]
            })
        }
        w.line("## Structs")
        w.line()
        for s in spec.structs {
            w.line("### struct \(s.name) (\(s.size) bytes\(s.packed ? ", packed" : ""), since \(s.since))")
            w.line()
            w.line(s.doc)
            w.line()
            table(&w, ["offset", "field", "type"], rows(s.body.fields, base: 0, path: ""))
        }
        w.line("## binderfs features")
        w.line()
        table(&w, ["feature", "since", "meaning"], spec.features.map { [code($0.name), "\($0.since)", $0.doc] })
        renderNetlink(&w)
        return w.text
    }

    private func renderNetlink(_ w: inout CodeWriter) {
        let family = spec.netlink
        w.line("## Generic netlink family `\(family.name)` (since \(family.since))")
        w.line()
        w.line("\(family.doc) Declared in `<\(Header.binderNetlink.rawValue)>`: `\(family.nameMacro)` = "
            + "`\"\(family.name)\"`, `\(family.versionMacro)` = \(family.version). YNL names are those of the "
            + "kernel's netlink spec (`Documentation/netlink/specs/\(family.name).yaml`).")
        w.line()
        for set in family.attributeSets {
            w.line("### Attribute set `\(set.name)`")
            w.line()
            w.line("\(set.doc) `\(set.maxName)` = \(set.max).")
            w.line()
            table(&w, ["attribute", "value", "YNL name", "type", "since", "meaning"], set.attributes.map {
                [code($0.name), "\($0.value)", code(NetlinkFamilySpec.ynlName($0.name, prefix: set.prefix)),
                 code($0.type.rawValue), "\($0.since)", $0.doc]
            })
        }
        w.line("### Commands")
        w.line()
        w.line("`\(family.commandMaxName)` = \(family.commandMax).")
        w.line()
        table(&w, ["command", "value", "attributes", "sent to", "since", "meaning"], family.commands.map { c in
            let prefix = family.attributeSet(named: c.attributeSet)?.prefix ?? ""
            let attributes = c.attributes.map { code(NetlinkFamilySpec.ynlName($0, prefix: prefix)) }
            return [code(c.name), "\(c.value)", "`\(c.attributeSet)`: " + attributes.joined(separator: ", "),
                    code(c.multicastGroup), "\(c.since)", c.doc]
        })
        w.line("### Multicast groups")
        w.line()
        table(&w, ["group", "name", "since", "meaning"], family.multicastGroups.map {
            [code($0.name), code("\"\($0.groupName)\""), "\($0.since)", $0.doc]
        })
    }

    private func rows(_ fields: [Field], base: Int, path: String) -> [[String]] {
        fields.flatMap { f -> [[String]] in
            let name = path + (f.name ?? "(anonymous)")
            if case .record(let inner) = f.type {
                return [["\(base + f.offset)", code(name), inner.kind.rawValue]]
                    + rows(inner.fields, base: base + f.offset, path: f.name.map { path + $0 + "." } ?? path)
            }
            return [["\(base + f.offset)", code(name), code(typeName(f.type))]]
        }
    }

    private func typeName(_ t: CType) -> String {
        switch t {
        case .scalar(let s): return s.cName
        case .structRef(let s): return "struct \(s)"
        case .array(let e, let n, _): return "\(typeName(e))[\(n)]"
        case .record(let r): return r.kind.rawValue
        }
    }

    /// How the group is declared in its header.
    private func cSpelling(_ g: ConstantGroup) -> String {
        switch g.style {
        case .defines: return "`#define`s in `<\(g.header.rawValue)>`"
        case .enumeration(nil): return "an anonymous enum in `<\(g.header.rawValue)>`"
        case .enumeration(let tag?):
            let since = g.tagSince.map { " (the tag since \($0))" } ?? ""
            return "`enum \(tag)`\(since) in `<\(g.header.rawValue)>`"
        }
    }

    private func payload(_ t: CType?) -> String { t.map { code(typeName($0)) } ?? "none" }

    private func code(_ s: String) -> String { "`\(s)`" }

    private func table(_ w: inout CodeWriter, _ header: [String], _ rows: [[String]]) {
        w.line("| " + header.joined(separator: " | ") + " |")
        w.line("|" + String(repeating: " --- |", count: header.count))
        for r in rows { w.line("| " + r.joined(separator: " | ") + " |") }
        w.line()
    }
}
