// The vocabulary the protocol tables are written in.
//
// Every number in a table is pinned by hand (this is a frozen ABI); the
// validator recomputes what it can (ioctl encodings, struct layouts) and
// reports any row whose pinned value disagrees.

/// An upstream kernel release, used to say when an item first appeared.
public struct KernelVersion: Comparable, Hashable, CustomStringConvertible, Sendable {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static func < (a: KernelVersion, b: KernelVersion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The version of the uapi the spec describes in full: every name and
    /// value of its include/uapi/linux/android/ is in the tables.
    public static let specTarget = KernelVersion(7, 3)
}

/// Fixed-width C types used by the binder uapi, with their LP64 size.
public enum Scalar: String, CaseIterable, Sendable {
    case u8 = "__u8"
    case char = "char"
    case u32 = "__u32"
    case s32 = "__s32"
    case s64 = "__s64"
    case u64 = "__u64"
    case sizeT = "binder_size_t"
    case uintptrT = "binder_uintptr_t"
    case pidT = "__kernel_pid_t"
    case uid32T = "__kernel_uid32_t"

    public var cName: String { rawValue }

    public var size: Int {
        switch self {
        case .u8, .char: return 1
        case .u32, .s32, .pidT, .uid32T: return 4
        case .s64, .u64, .sizeT, .uintptrT: return 8
        }
    }

    public var isSigned: Bool {
        switch self {
        case .s32, .s64, .pidT, .char: return true
        default: return false
        }
    }
}

/// A C type as it appears in a struct field or as an ioctl/command payload.
public indirect enum CType: Sendable, Equatable {
    case scalar(Scalar)
    /// A struct declared elsewhere in the spec, by its C name (`binder_write_read`).
    case structRef(String)
    /// `count` elements; `countExpression` is how the header spells it.
    case array(CType, count: Int, countExpression: String?)
    /// A struct or union written inline (`union { ... } target;`).
    case record(Record)
}

/// A struct or union body.
public struct Record: Sendable, Equatable {
    public enum Kind: String, Sendable { case `struct`, union }
    public let kind: Kind
    public let fields: [Field]

    public init(_ kind: Kind, _ fields: [Field]) {
        self.kind = kind
        self.fields = fields
    }
}

/// One member of a record. `name == nil` is an anonymous member.
/// `offset` is the pinned byte offset on x86_64.
public struct Field: Sendable, Equatable {
    public let name: String?
    public let type: CType
    public let offset: Int

    public init(_ name: String?, _ type: CType, at offset: Int) {
        self.name = name
        self.type = type
        self.offset = offset
    }
}

/// A top-level struct of the uapi.
public struct StructSpec: Sendable, Equatable {
    public let name: String
    public let header: Header
    public let body: Record
    public let packed: Bool
    public let size: Int
    public let since: KernelVersion
    public let doc: String

    public init(
        _ name: String, in header: Header = .binder, size: Int, since: KernelVersion,
        packed: Bool = false, doc: String, _ kind: Record.Kind = .struct, fields: [Field]
    ) {
        self.name = name
        self.header = header
        self.body = Record(kind, fields)
        self.packed = packed
        self.size = size
        self.since = since
        self.doc = doc
    }
}

/// Which uapi header an item belongs to.
public enum Header: String, Sendable, CaseIterable {
    case binder = "linux/android/binder.h"
    case binderfs = "linux/android/binderfs.h"
    /// Holds only the netlink family (ProtocolSpec.netlink).
    case binderNetlink = "linux/android/binder_netlink.h"
}

/// `_IOC` direction bits, as seen from userspace.
public enum IoctlDirection: String, Sendable {
    case none = "_IO"
    case write = "_IOW"
    case read = "_IOR"
    case readWrite = "_IOWR"

    /// The two direction bits of `_IOC` on x86.
    public var bits: UInt32 {
        switch self {
        case .none: return 0
        case .write: return 1
        case .read: return 2
        case .readWrite: return 3
        }
    }
}

/// An ioctl number, a command code or a return code: all are `_IOC` encodings.
public struct IocCode: Sendable, Equatable {
    public let direction: IoctlDirection
    public let type: Character
    public let nr: Int
    public let payload: CType?

    public init(_ direction: IoctlDirection, _ type: Character, _ nr: Int, _ payload: CType?) {
        self.direction = direction
        self.type = type
        self.nr = nr
        self.payload = payload
    }
}

/// A `BINDER_*` ioctl (or binderfs control ioctl).
public struct IoctlSpec: Sendable, Equatable {
    public let name: String
    public let header: Header
    public let code: IocCode
    public let value: UInt32
    public let since: KernelVersion
    /// Upstream answers EINVAL: declared in the uapi, never implemented.
    public let unimplementedUpstream: Bool
    public let doc: String

    public init(
        _ name: String, in header: Header = .binder, _ code: IocCode, value: UInt32,
        since: KernelVersion, unimplementedUpstream: Bool = false, doc: String
    ) {
        self.name = name
        self.header = header
        self.code = code
        self.value = value
        self.since = since
        self.unimplementedUpstream = unimplementedUpstream
        self.doc = doc
    }
}

/// A `BC_*` command or a `BR_*` return.
public struct ProtocolCode: Sendable, Equatable {
    public let name: String
    public let code: IocCode
    public let value: UInt32
    public let since: KernelVersion
    /// Declared in the uapi but refused (commands) or never sent (returns) upstream.
    public let unsupportedUpstream: Bool
    public let doc: String

    public init(
        _ name: String, _ code: IocCode, value: UInt32, since: KernelVersion,
        unsupportedUpstream: Bool = false, doc: String
    ) {
        self.name = name
        self.code = code
        self.value = value
        self.since = since
        self.unsupportedUpstream = unsupportedUpstream
        self.doc = doc
    }
}

/// A named constant of one of the uapi enums or defines.
public struct ConstantSpec: Sendable, Equatable {
    public let name: String
    public let value: UInt32
    public let since: KernelVersion
    public let doc: String

    public init(_ name: String, _ value: UInt32, since: KernelVersion, doc: String) {
        self.name = name
        self.value = value
        self.since = since
        self.doc = doc
    }
}

/// A group of constants emitted as one C enum (or a set of defines).
public struct ConstantGroup: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        /// `enum name { ... };` (`name == nil` for an anonymous enum).
        case enumeration(name: String?)
        /// `#define NAME value` lines.
        case defines
    }

    public let swiftName: String
    /// The shared prefix of the C names, dropped in Swift (`TF_`).
    public let prefix: String
    public let header: Header
    public let style: Style
    /// True for bit flags (Swift gets an OptionSet), false for distinct values.
    public let isFlags: Bool
    public let constants: [ConstantSpec]
    /// When a named enum's tag appeared, if later than its constants
    /// (upstream named some anonymous enums for bindgen). nil: with the constants.
    public let tagSince: KernelVersion?
    public let doc: String

    public init(
        swiftName: String, prefix: String, in header: Header = .binder, style: Style,
        isFlags: Bool, tagSince: KernelVersion? = nil, doc: String, _ constants: [ConstantSpec]
    ) {
        self.swiftName = swiftName
        self.prefix = prefix
        self.header = header
        self.style = style
        self.isFlags = isFlags
        self.tagSince = tagSince
        self.constants = constants
        self.doc = doc
    }

    /// The C enum tag, if the group is a named enum.
    public var tag: String? {
        if case .enumeration(let name?) = style { return name }
        return nil
    }

    /// The release the tag first appeared in (nil for defines and anonymous enums).
    public var tagAppeared: KernelVersion? {
        guard tag != nil else { return nil }
        return tagSince ?? constants.map(\.since).min()
    }
}

/// A `BINDER_TYPE_*` object type: `B_PACK_CHARS(c1, c2, c3, B_TYPE_LARGE)`.
public struct ObjectTypeSpec: Sendable, Equatable {
    public let name: String
    public let chars: (Character, Character, Character)
    public let value: UInt32
    public let objectStruct: String
    public let since: KernelVersion
    public let doc: String

    public init(
        _ name: String, chars: (Character, Character, Character), value: UInt32,
        object: String, since: KernelVersion, doc: String
    ) {
        self.name = name
        self.chars = chars
        self.value = value
        self.objectStruct = object
        self.since = since
        self.doc = doc
    }

    public static func == (a: ObjectTypeSpec, b: ObjectTypeSpec) -> Bool {
        a.name == b.name && a.chars == b.chars && a.value == b.value
            && a.objectStruct == b.objectStruct && a.since == b.since && a.doc == b.doc
    }
}

/// A binderfs `features/` file: present means the driver supports it.
public struct FeatureSpec: Sendable, Equatable {
    public let name: String
    public let since: KernelVersion
    public let doc: String

    public init(_ name: String, since: KernelVersion, doc: String) {
        self.name = name
        self.since = since
        self.doc = doc
    }
}

/// The whole userspace ABI.
public struct ProtocolSpec: Sendable, Equatable {
    public var protocolVersion: Int
    public var typeLarge: UInt32
    public var structs: [StructSpec]
    public var ioctls: [IoctlSpec]
    public var commands: [ProtocolCode]
    public var returns: [ProtocolCode]
    public var objectTypes: [ObjectTypeSpec]
    public var constantGroups: [ConstantGroup]
    public var features: [FeatureSpec]
    /// The generic netlink family of binder_netlink.h.
    public var netlink: NetlinkFamilySpec

    public init(
        protocolVersion: Int, typeLarge: UInt32, structs: [StructSpec], ioctls: [IoctlSpec],
        commands: [ProtocolCode], returns: [ProtocolCode], objectTypes: [ObjectTypeSpec],
        constantGroups: [ConstantGroup], features: [FeatureSpec], netlink: NetlinkFamilySpec
    ) {
        self.protocolVersion = protocolVersion
        self.typeLarge = typeLarge
        self.structs = structs
        self.ioctls = ioctls
        self.commands = commands
        self.returns = returns
        self.objectTypes = objectTypes
        self.constantGroups = constantGroups
        self.features = features
        self.netlink = netlink
    }

    public func structNamed(_ name: String) -> StructSpec? {
        structs.first { $0.name == name }
    }
}
