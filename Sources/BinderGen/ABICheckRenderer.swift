// Renders compile-time proofs that a binder header matches the spec:
//  - kmod/generated/abi_check_ours.c checks our generated headers;
//  - kmod/generated/abi_check_upstream.c checks the kernel's own
//    <linux/android/binder.h>, skipping items newer than that kernel, and
//    <linux/android/binder_netlink.h> where the kernel has it.
// Both are built into the module, so every build against a kernel proves
// "ours == upstream" for that kernel; a difference names the item.

import BinderSpec

struct ABICheckRenderer {
    let spec: ProtocolSpec

    enum Target {
        case ours, upstream

        var kind: String { self == .ours ? "abi-check-ours" : "abi-check-upstream" }
    }

    func render(_ target: Target) -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: target.kind, spdx: "GPL-2.0-only"))
        w.line("#include <linux/build_bug.h>")
        w.line("#include <linux/stddef.h>")
        switch target {
        case .ours:
            w.line("#include \"../include/uapi/linux/android/binder.h\"")
            w.line("#include \"../include/uapi/linux/android/binderfs.h\"")
            w.line("#include \"../include/uapi/linux/android/binder_netlink.h\"")
            w.line()
            w.line("#define SWB_ABI(cond, item) static_assert(cond, \"generated header differs from the spec: \" item)")
        case .upstream:
            w.line("#include <linux/version.h>")
            w.line("#include <linux/android/binder.h>")
            w.line("#include <linux/android/binderfs.h>")
            w.line()
            w.line("#define SWB_ABI(cond, item) static_assert(cond, \"this kernel's binder uapi differs from swbinder's: \" item)")
        }
        w.line("/* A string macro equals a literal: same size, same bytes (both known at compile time). */")
        w.line("#define SWB_ABI_STR(macro, str) \\")
        w.line("\tSWB_ABI(sizeof(macro) == sizeof(str) && \\")
        w.line("\t\t__builtin_memcmp(macro, str, sizeof(str)) == 0, #macro)")
        for group in itemsBySince() {
            let guarded = target == .upstream && group.since > KernelVersion(6, 1)
            w.line()
            if guarded {
                w.line("#if LINUX_VERSION_CODE >= KERNEL_VERSION(\(group.since.major), \(group.since.minor), 0)")
            } else {
                w.line("/* Items of Linux \(group.since) and older */")
            }
            w.lines(group.assertions)
            if guarded {
                w.line("#endif")
            }
        }
        renderNetlink(target, &w)
        return w.text
    }

    /// The netlink family's header appeared whole in one release: the kernel
    /// has it or not, which __has_include asks directly. Items added to the
    /// family later are guarded by version inside.
    private func renderNetlink(_ target: Target, _ w: inout CodeWriter) {
        let family = spec.netlink
        let header = Header.binderNetlink.rawValue
        w.line()
        w.line("/* The generic netlink family \"\(family.name)\" (<\(header)>, since \(family.since)) */")
        if target == .upstream {
            w.line("#if __has_include(<\(header)>)")
            w.line("#include <\(header)>")
        }
        var bySince: [KernelVersion: [String]] = [:]
        func add(_ since: KernelVersion, _ line: String) {
            bySince[max(since, family.since), default: []].append(line)
        }
        add(family.since, "SWB_ABI_STR(\(family.nameMacro), \"\(family.name)\");")
        add(family.since, valueCheck(family.versionMacro, family.version))
        for set in family.attributeSets {
            for a in set.attributes { add(a.since, valueCheck(a.name, a.value)) }
            // The sentinels move when a release adds attributes: assert them with the newest.
            let newest = set.attributes.map(\.since).max() ?? family.since
            add(newest, valueCheck(set.countName, set.max + 1))
            add(newest, valueCheck(set.maxName, set.max))
        }
        for c in family.commands { add(c.since, valueCheck(c.name, c.value)) }
        let newestCommand = family.commands.map(\.since).max() ?? family.since
        add(newestCommand, valueCheck(family.commandCountName, family.commandMax + 1))
        add(newestCommand, valueCheck(family.commandMaxName, family.commandMax))
        for g in family.multicastGroups { add(g.since, "SWB_ABI_STR(\(g.name), \"\(g.groupName)\");") }
        for since in bySince.keys.sorted() {
            let guarded = target == .upstream && since > family.since
            if guarded {
                w.line("#if LINUX_VERSION_CODE >= KERNEL_VERSION(\(since.major), \(since.minor), 0)")
            }
            w.lines(bySince[since] ?? [])
            if guarded {
                w.line("#endif")
            }
        }
        if target == .upstream {
            w.line("#elif LINUX_VERSION_CODE >= KERNEL_VERSION(\(family.since.major), \(family.since.minor), 0)")
            w.line("#error \"no <\(header)> in a kernel of \(family.since) or newer, where the spec says it appeared\"")
            w.line("#endif")
        }
    }

    private struct SinceGroup {
        let since: KernelVersion
        var assertions: [String]
    }

    /// Assertions grouped by the release their item appeared in; everything
    /// up to 6.1 (the oldest supported kernel) forms one unguarded group.
    private func itemsBySince() -> [SinceGroup] {
        let floor = KernelVersion(6, 1)
        var groups: [KernelVersion: [String]] = [:]
        func add(_ since: KernelVersion, _ lines: [String]) {
            groups[max(since, floor) == floor ? floor : since, default: []] += lines
        }
        add(floor, [check("BINDER_CURRENT_PROTOCOL_VERSION == \(spec.protocolVersion)", "BINDER_CURRENT_PROTOCOL_VERSION")])
        add(floor, [check("B_TYPE_LARGE == 0x\(String(spec.typeLarge, radix: 16))", "B_TYPE_LARGE")])
        for o in spec.objectTypes { add(o.since, [valueCheck(o.name, o.value)]) }
        for g in spec.constantGroups {
            // A tag is source ABI too: code may declare variables of the enum type.
            if let tag = g.tag, let since = g.tagAppeared {
                add(since, [check("sizeof(enum \(tag)) == 4", "enum \(tag)")])
            }
            for c in g.constants { add(c.since, [valueCheck(c.name, c.value)]) }
        }
        for s in spec.structs { add(s.since, structChecks(s)) }
        for i in spec.ioctls { add(i.since, [valueCheck(i.name, i.value)]) }
        for c in spec.returns + spec.commands { add(c.since, [valueCheck(c.name, c.value)]) }
        return groups.keys.sorted().map { SinceGroup(since: $0, assertions: groups[$0] ?? []) }
    }

    private func structChecks(_ s: StructSpec) -> [String] {
        [check("sizeof(struct \(s.name)) == \(s.size)", "sizeof(struct \(s.name))")]
            + fieldChecks(s.name, s.body.fields, base: 0, path: "")
    }

    /// offsetof() for every named member reachable from the struct, including
    /// members of anonymous unions (which C lets us name directly).
    private func fieldChecks(_ structName: String, _ fields: [Field], base: Int, path: String) -> [String] {
        fields.flatMap { field -> [String] in
            let offset = base + field.offset
            let memberPath = field.name.map { path + $0 } ?? ""
            var checks: [String] = []
            if let name = field.name {
                let member = path + name
                checks.append(check("offsetof(struct \(structName), \(member)) == \(offset)", "\(structName).\(member)"))
            }
            if case .record(let inner) = field.type {
                let innerPath = field.name == nil ? path : memberPath + "."
                checks += fieldChecks(structName, inner.fields, base: offset, path: innerPath)
            }
            return checks
        }
    }

    private func valueCheck(_ name: String, _ value: UInt32) -> String {
        check("\(name) == \(hex(value))u", name)
    }

    private func check(_ condition: String, _ item: String) -> String {
        "SWB_ABI(\(condition), \"\(item)\");"
    }
}
