// The vocabulary of a generic netlink family, in the terms of the kernel's
// YNL specs (Documentation/netlink/specs/*.yaml): a family name and version,
// attribute sets, commands that carry attributes, and multicast groups.
//
// Names are the C names the uapi header declares, written out so a grep for
// one finds its row; values are pinned like every other number of the spec.
// The few names YNL derives (the FAMILY_ macros, the MAX sentinels) are
// computed from the family's prefix, and the validator checks that every
// written name follows the same rules.

/// How an attribute's payload is encoded (YNL's `type:`).
public enum NetlinkAttributeType: String, Sendable, CaseIterable {
    case flag, u8, u16, u32, u64, s32, s64, string, binary

    /// The `NLA_*` type a kernel policy checks it with. YNL makes strings
    /// `NLA_NUL_STRING`: the sender must include the terminating NUL.
    public var policyType: String {
        switch self {
        case .flag: return "NLA_FLAG"
        case .u8: return "NLA_U8"
        case .u16: return "NLA_U16"
        case .u32: return "NLA_U32"
        case .u64: return "NLA_U64"
        case .s32: return "NLA_S32"
        case .s64: return "NLA_S64"
        case .string: return "NLA_NUL_STRING"
        case .binary: return "NLA_BINARY"
        }
    }
}

/// One attribute (`struct nlattr` type) of an attribute set.
public struct NetlinkAttribute: Sendable, Equatable {
    public let name: String
    public let value: UInt32
    public let type: NetlinkAttributeType
    public let since: KernelVersion
    public let doc: String

    public init(_ name: String, _ value: UInt32, _ type: NetlinkAttributeType, since: KernelVersion, doc: String) {
        self.name = name
        self.value = value
        self.type = type
        self.since = since
        self.doc = doc
    }
}

/// An attribute set: one anonymous C enum, numbered from 1 (type 0 means
/// "unspecified" in netlink), closed by `__<PREFIX>MAX` and `<PREFIX>MAX`.
public struct NetlinkAttributeSet: Sendable, Equatable {
    /// YNL's name of the set (`report`).
    public let name: String
    /// The shared prefix of the C names (`BINDER_A_REPORT_`).
    public let prefix: String
    /// Pinned value of `<PREFIX>MAX`: the highest attribute.
    public var max: UInt32
    public var attributes: [NetlinkAttribute]
    public let doc: String

    public init(_ name: String, prefix: String, max: UInt32, doc: String, _ attributes: [NetlinkAttribute]) {
        self.name = name
        self.prefix = prefix
        self.max = max
        self.doc = doc
        self.attributes = attributes
    }

    /// One past the highest attribute (`__BINDER_A_REPORT_MAX`).
    public var countName: String { "__" + prefix + "MAX" }
    public var maxName: String { prefix + "MAX" }
}

/// A command (`genlmsghdr.cmd`). Binder's only command is an event the
/// kernel multicasts; the model has no request commands (nothing would
/// generate their handlers yet), so every command names its group.
public struct NetlinkCommand: Sendable, Equatable {
    public let name: String
    public let value: UInt32
    /// The attribute set (by YNL name) its attributes come from.
    public let attributeSet: String
    /// The attributes it carries (C names), in the order the sender adds them.
    public let attributes: [String]
    /// The multicast group (C name) the event is sent to.
    public let multicastGroup: String
    public let since: KernelVersion
    public let doc: String

    public init(
        _ name: String, _ value: UInt32, attributeSet: String, attributes: [String],
        multicastGroup: String, since: KernelVersion, doc: String
    ) {
        self.name = name
        self.value = value
        self.attributeSet = attributeSet
        self.attributes = attributes
        self.multicastGroup = multicastGroup
        self.since = since
        self.doc = doc
    }
}

/// A multicast group: the header defines its name as a string.
public struct NetlinkMulticastGroup: Sendable, Equatable {
    /// The C macro (`BINDER_MCGRP_REPORT`).
    public let name: String
    /// What the macro expands to, the group's name on the wire (`"report"`).
    public let groupName: String
    public let since: KernelVersion
    public let doc: String

    public init(_ name: String, groupName: String, since: KernelVersion, doc: String) {
        self.name = name
        self.groupName = groupName
        self.since = since
        self.doc = doc
    }
}

/// A generic netlink family and its uapi header.
public struct NetlinkFamilySpec: Sendable, Equatable {
    /// The family name userspace resolves with CTRL_CMD_GETFAMILY (`"binder"`).
    public let name: String
    public let version: UInt32
    /// YNL's C prefix: every name of the header starts with it (`BINDER_`).
    public let prefix: String
    /// Swift bindings are named after it (`BinderNetlink`, `BinderNetlinkCommand`, ...).
    public let swiftName: String
    public let since: KernelVersion
    public let doc: String
    public var attributeSets: [NetlinkAttributeSet]
    /// Pinned value of `<PREFIX>CMD_MAX`: the highest command.
    public var commandMax: UInt32
    public var commands: [NetlinkCommand]
    public var multicastGroups: [NetlinkMulticastGroup]

    public init(
        name: String, version: UInt32, prefix: String, swiftName: String, since: KernelVersion, doc: String,
        attributeSets: [NetlinkAttributeSet], commandMax: UInt32, commands: [NetlinkCommand],
        multicastGroups: [NetlinkMulticastGroup]
    ) {
        self.name = name
        self.version = version
        self.prefix = prefix
        self.swiftName = swiftName
        self.since = since
        self.doc = doc
        self.attributeSets = attributeSets
        self.commandMax = commandMax
        self.commands = commands
        self.multicastGroups = multicastGroups
    }

    public var nameMacro: String { prefix + "FAMILY_NAME" }
    public var versionMacro: String { prefix + "FAMILY_VERSION" }
    public var commandPrefix: String { prefix + "CMD_" }
    public var commandCountName: String { "__" + commandPrefix + "MAX" }
    public var commandMaxName: String { commandPrefix + "MAX" }
    public var groupPrefix: String { prefix + "MCGRP_" }

    public func attributeSet(named name: String) -> NetlinkAttributeSet? {
        attributeSets.first { $0.name == name }
    }

    public func multicastGroup(named name: String) -> NetlinkMulticastGroup? {
        multicastGroups.first { $0.name == name }
    }

    /// Every C name the header declares, in header order.
    public var cNames: [String] {
        [nameMacro, versionMacro]
            + attributeSets.flatMap { $0.attributes.map(\.name) + [$0.countName, $0.maxName] }
            + commands.map(\.name) + [commandCountName, commandMaxName]
            + multicastGroups.map(\.name)
    }
}

extension NetlinkFamilySpec {
    /// YNL's spelling of a name in C: upper case, dashes as underscores.
    public static func cUpper(_ ynlName: String) -> String {
        String(ynlName.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// YNL's spelling of an item from its C name (`BINDER_A_REPORT_FROM_PID` -> `from-pid`).
    public static func ynlName(_ cName: String, prefix: String) -> String {
        String(cName.dropFirst(prefix.count).lowercased().map { $0 == "_" ? "-" : $0 })
    }
}
