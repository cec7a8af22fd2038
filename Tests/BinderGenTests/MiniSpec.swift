// A small fixed protocol for golden-file tests: one of each kind of item,
// so a renderer change shows up as a readable diff of these outputs.

import BinderSpec

enum MiniSpec {
    static let v = KernelVersion(5, 0)

    static let spec = ProtocolSpec(
        protocolVersion: 8,
        typeLarge: 0x85,
        structs: [
            StructSpec("mini_pair", size: 16, since: v, doc: "Two words.",
                       fields: [Field("ptr", .scalar(.uintptrT), at: 0), Field("cookie", .scalar(.uintptrT), at: 8)]),
            StructSpec("mini_packed", size: 12, since: v, packed: true, doc: "Packed.",
                       fields: [Field("handle", .scalar(.u32), at: 0), Field("cookie", .scalar(.uintptrT), at: 4)]),
            StructSpec("mini_union", size: 24, since: KernelVersion(6, 12), doc: "With unions.",
                       fields: [
                           Field("pair", .structRef("mini_pair"), at: 0),
                           Field(nil, .record(Record(.union, [Field("a", .scalar(.u32), at: 0), Field("b", .scalar(.u64), at: 0)])), at: 16),
                       ]),
        ],
        ioctls: [
            IoctlSpec("BINDER_MINI_GET", IocCode(.readWrite, "b", 1, .structRef("mini_pair")), value: 0xc010_6201, since: v, doc: "Get."),
            IoctlSpec("BINDER_MINI_OLD", IocCode(.write, "b", 2, .scalar(.s32)), value: 0x4004_6202, since: v,
                      unimplementedUpstream: true, doc: "Never implemented."),
        ],
        commands: [
            ProtocolCode("BC_MINI_PING", IocCode(.none, "c", 0, nil), value: 0x6300, since: v, doc: "Ping."),
            ProtocolCode("BC_MINI_SET", IocCode(.write, "c", 1, .scalar(.u32)), value: 0x4004_6301, since: v, doc: "Set."),
            ProtocolCode("BC_MINI_PAIR", IocCode(.write, "c", 2, .structRef("mini_packed")), value: 0x400c_6302,
                         since: KernelVersion(6, 12), doc: "Pair."),
        ],
        returns: [
            ProtocolCode("BR_MINI_NOOP", IocCode(.none, "r", 0, nil), value: 0x7200, since: v, doc: "Nothing."),
            ProtocolCode("BR_MINI_PAIR", IocCode(.read, "r", 1, .structRef("mini_pair")), value: 0x8010_7201, since: v, doc: "A pair."),
        ],
        objectTypes: [
            ObjectTypeSpec("BINDER_TYPE_MINI", chars: ("m", "i", "*"), value: 0x6d69_2a85, object: "mini_pair", since: v, doc: "Mini."),
        ],
        constantGroups: [
            ConstantGroup(swiftName: "MiniFlags", prefix: "MF_", style: .enumeration(name: "mini_flags"), isFlags: true,
                          tagSince: KernelVersion(6, 12),
                          doc: "Flags.", [ConstantSpec("MF_ONE", 1, since: v, doc: "One."), ConstantSpec("MF_TWO", 2, since: v, doc: "Two.")]),
            ConstantGroup(swiftName: "MiniLimits", prefix: "MINI_", in: .binderfs, style: .defines, isFlags: false,
                          doc: "Limits.", [ConstantSpec("MINI_MAX", 7, since: v, doc: "Most.")]),
        ],
        features: [FeatureSpec("mini_feature", since: v, doc: "A feature.")],
        netlink: NetlinkFamilySpec(
            name: "mini", version: 2, prefix: "MINI_", swiftName: "MiniNetlink", since: v, doc: "Pings.",
            attributeSets: [
                NetlinkAttributeSet("ping-info", prefix: "MINI_A_PING_INFO_", max: 3, doc: "A ping.", [
                    NetlinkAttribute("MINI_A_PING_INFO_ID", 1, .u64, since: v, doc: "Which."),
                    NetlinkAttribute("MINI_A_PING_INFO_FROM", 2, .string, since: v, doc: "Who."),
                    NetlinkAttribute("MINI_A_PING_INFO_LATE", 3, .flag, since: KernelVersion(6, 12), doc: "Late."),
                ]),
            ],
            commandMax: 1,
            commands: [
                NetlinkCommand("MINI_CMD_PING", 1, attributeSet: "ping-info",
                               attributes: ["MINI_A_PING_INFO_ID", "MINI_A_PING_INFO_LATE"],
                               multicastGroup: "MINI_MCGRP_PINGS", since: v, doc: "Ping."),
            ],
            multicastGroups: [NetlinkMulticastGroup("MINI_MCGRP_PINGS", groupName: "pings", since: v, doc: "Pings.")]))
}
