// Renders kmod/include/uapi/linux/android/binder_netlink.h: the generic
// netlink family, name for name and value for value what the kernel's YNL
// writes (its enums give the first value and imply the rest, so a reader
// sees the same shape; the spec's validator holds the pinned values to it).

import BinderSpec

struct NetlinkHeaderRenderer {
    let spec: ProtocolSpec

    /// The kernel's include guard, so ours and the kernel's never both apply.
    static let guardName = "_UAPI_LINUX_ANDROID_BINDER_NETLINK_H"

    func render() -> String {
        let family = spec.netlink
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "uapi-header", spdx: "GPL-2.0 WITH Linux-syscall-note"))
        w.line("/*")
        w.line(" * The Android Binder userspace ABI (<\(Header.binderNetlink.rawValue)>), as of Linux \(KernelVersion.specTarget):")
        w.line(" * the generic netlink family \"\(family.name)\" (since \(family.since)).")
        w.line(" * Each item notes the upstream release it first appeared in.")
        w.line(" */")
        w.line("#ifndef \(Self.guardName)")
        w.line("#define \(Self.guardName)")
        w.line()
        w.lines(blockComment(family.doc))
        w.line(aligned("#define \(family.nameMacro)", "\"\(family.name)\""))
        w.line(aligned("#define \(family.versionMacro)", "\(family.version)"))
        for set in family.attributeSets {
            w.line()
            w.line("/* Attribute set \"\(set.name)\". \(set.doc) */")
            renderEnumeration(
                set.attributes.map { ($0.name, $0.value, "\($0.doc) (\($0.type.rawValue); since \($0.since))") },
                countName: set.countName, maxName: set.maxName, &w)
        }
        w.line()
        w.line("/* Commands (struct genlmsghdr.cmd). */")
        renderEnumeration(
            family.commands.map { ($0.name, $0.value, "\($0.doc) (since \($0.since))") },
            countName: family.commandCountName, maxName: family.commandMaxName, &w)
        w.line()
        w.line("/* Multicast groups, by name. */")
        for group in family.multicastGroups {
            w.line("/* \(group.doc) (since \(group.since)) */")
            w.line(aligned("#define \(group.name)", "\"\(group.groupName)\""))
        }
        w.line()
        w.line("#endif /* \(Self.guardName) */")
        return w.text
    }

    /// A `/* ... */` block with the text wrapped to fit 80 columns.
    private func blockComment(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > 76 {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return ["/*"] + lines.map { " * " + $0 } + [" */"]
    }

    /// An anonymous enum whose first row carries its value and the rest follow
    /// it, closed by the two sentinels (one past the last, and the last).
    private func renderEnumeration(
        _ rows: [(name: String, value: UInt32, comment: String)], countName: String, maxName: String,
        _ w: inout CodeWriter
    ) {
        w.block("enum {", close: "};") { w in
            for (index, row) in rows.enumerated() {
                w.line("/* \(row.comment) */")
                w.line(index == 0 ? aligned(row.name, "= \(row.value),") : row.name + ",")
            }
            w.line()
            w.line("\(countName),")
            w.line(aligned(maxName, "= (\(countName) - 1)"))
        }
    }
}
