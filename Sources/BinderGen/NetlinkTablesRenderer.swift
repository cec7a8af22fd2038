// Renders the kernel side of the netlink family: kmod/generated/swb_netlink.{h,c},
// the tables a driver hands to genetlink when it registers the family and
// sends its events (the multicast groups, and a policy per attribute set, as
// YNL's kernel output would hold them). Registering and sending are the
// hand-written driver's job; these are only its data.

import BinderSpec

struct NetlinkTablesRenderer {
    let spec: ProtocolSpec

    var family: NetlinkFamilySpec { spec.netlink }

    func renderHeader() -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "kernel-netlink-header", spdx: "GPL-2.0-only"))
        w.line("#ifndef SWB_GENERATED_NETLINK_H")
        w.line("#define SWB_GENERATED_NETLINK_H")
        w.line()
        w.line("#include <net/genetlink.h>")
        w.line("#include \"../include/uapi/linux/android/binder_netlink.h\"")
        w.line()
        w.line("/*")
        w.line(" * Tables for the generic netlink family \"\(family.name)\". Every command of the")
        w.line(" * family is an event the kernel multicasts, so there is no ops table.")
        w.line(" */")
        w.line()
        w.line("/*")
        w.line(" * The family itself, with the static fields YNL gives a kernel family. Not")
        w.line(" * const: the driver registers it, and may rename it first when the kernel")
        w.line(" * already has a family of this name.")
        w.line(" */")
        w.line("extern struct genl_family swb_nl_family;")
        w.line()
        w.line("/* A group's index in swb_nl_mcgrps: the group argument of genlmsg_multicast(). */")
        w.block("enum swb_nl_mcgrp {", close: "};") { w in
            for (index, group) in family.multicastGroups.enumerated() {
                w.line(aligned(groupIndexName(group), "= \(index),"))
            }
        }
        w.line()
        w.line(aligned("#define SWB_NL_MCGRP_COUNT", "\(family.multicastGroups.count)"))
        w.line()
        w.line("/* For struct genl_family.mcgrps. */")
        w.line("extern const struct genl_multicast_group swb_nl_mcgrps[SWB_NL_MCGRP_COUNT];")
        for set in family.attributeSets {
            w.line()
            w.line("/* Attribute set \"\(set.name)\": each attribute's type, for nla_parse() of one. */")
            w.line("extern const struct nla_policy \(policyName(set))[\(set.maxName) + 1];")
        }
        w.line()
        w.line("#endif /* SWB_GENERATED_NETLINK_H */")
        return w.text
    }

    func renderSource() -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "kernel-netlink-source", spdx: "GPL-2.0-only"))
        w.line("#include <linux/module.h>")
        w.line()
        w.line("#include \"swb_netlink.h\"")
        w.line()
        w.block("const struct genl_multicast_group swb_nl_mcgrps[SWB_NL_MCGRP_COUNT] = {", close: "};") { w in
            for group in family.multicastGroups {
                w.line("[\(groupIndexName(group))] = { .name = \(group.name), },")
            }
        }
        for set in family.attributeSets {
            w.line()
            w.block("const struct nla_policy \(policyName(set))[\(set.maxName) + 1] = {", close: "};") { w in
                for attribute in set.attributes {
                    w.line("[\(attribute.name)] = { .type = \(attribute.type.policyType), },")
                }
            }
        }
        w.line()
        w.line("/* As YNL's kernel source: usable from every netns, no genl_mutex around ops. */")
        w.block("struct genl_family swb_nl_family = {", close: "};") { w in
            w.line(aligned(".name", "= \(family.nameMacro),", column: 24))
            w.line(aligned(".version", "= \(family.versionMacro),", column: 24))
            w.line(aligned(".netnsok", "= true,", column: 24))
            w.line(aligned(".parallel_ops", "= true,", column: 24))
            w.line(aligned(".module", "= THIS_MODULE,", column: 24))
            w.line(aligned(".mcgrps", "= swb_nl_mcgrps,", column: 24))
            w.line(aligned(".n_mcgrps", "= SWB_NL_MCGRP_COUNT,", column: 24))
        }
        return w.text
    }

    /// `BINDER_MCGRP_REPORT` -> `SWB_NLGRP_REPORT` (YNL's kernel header says `BINDER_NLGRP_REPORT`).
    func groupIndexName(_ group: NetlinkMulticastGroup) -> String {
        "SWB_NLGRP_" + group.name.dropFirst(family.groupPrefix.count)
    }

    /// Set `report` -> `swb_nl_report_policy`.
    func policyName(_ set: NetlinkAttributeSet) -> String {
        "swb_nl_" + Naming.cSuffix(NetlinkFamilySpec.cUpper(set.name), prefix: "") + "_policy"
    }
}
