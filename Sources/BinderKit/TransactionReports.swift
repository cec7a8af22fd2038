// Transaction reports over generic netlink (Linux 6.18's family "binder",
// group "report"; swbinder sends the same, under "swbinder" where the
// kernel's binder owns the name): a raw NETLINK_GENERIC socket resolves the
// family and its group with CTRL_CMD_GETFAMILY, joins the group and decodes
// each BINDER_CMD_REPORT by the generated attribute table.

import BinderABI
import Glibc

/// One transaction report, attribute by attribute; nil where the driver
/// left an attribute out (to_pid/to_tid: the target was never resolved).
public struct TransactionReport: Equatable, Sendable {
    /// The family it came on ("binder", or "swbinder").
    public var family: String
    public var error: UInt32?
    public var context: String?
    public var fromPID: UInt32?
    public var fromTID: UInt32?
    public var toPID: UInt32?
    public var toTID: UInt32?
    public var isReply: Bool
    public var flags: UInt32?
    public var code: UInt32?
    public var dataSize: UInt32?

    public init(family: String, error: UInt32? = nil, context: String? = nil, fromPID: UInt32? = nil,
                fromTID: UInt32? = nil, toPID: UInt32? = nil, toTID: UInt32? = nil, isReply: Bool = false,
                flags: UInt32? = nil, code: UInt32? = nil, dataSize: UInt32? = nil) {
        self.family = family
        self.error = error
        self.context = context
        self.fromPID = fromPID
        self.fromTID = fromTID
        self.toPID = toPID
        self.toTID = toTID
        self.isReply = isReply
        self.flags = flags
        self.code = code
        self.dataSize = dataSize
    }

    /// The BR_ name of the error (BR_FAILED_REPLY, ...), or its number.
    public var errorName: String {
        guard let error else { return "?" }
        return BinderReturn(rawValue: error)?.name ?? "0x" + String(error, radix: 16)
    }
}

/// Why a listener could not be set up.
public struct NetlinkError: Error, CustomStringConvertible {
    public let message: String
    public let errno: Int32
    public var description: String { errno == 0 ? message : "\(message): \(String(cString: strerror(errno)))" }
}

/// Netlink's numbers, from <linux/netlink.h> and <linux/genetlink.h> (a
/// frozen ABI; Glibc's module does not import those headers).
enum Netlink {
    static let generic: Int32 = 16              // NETLINK_GENERIC
    static let solNetlink: Int32 = 270          // SOL_NETLINK
    static let addMembership: Int32 = 1         // NETLINK_ADD_MEMBERSHIP
    static let controlID: UInt16 = 0x10         // GENL_ID_CTRL
    static let getFamily: UInt8 = 3             // CTRL_CMD_GETFAMILY
    static let attrFamilyID: UInt16 = 1         // CTRL_ATTR_FAMILY_ID
    static let attrFamilyName: UInt16 = 2       // CTRL_ATTR_FAMILY_NAME
    static let attrMulticastGroups: UInt16 = 7  // CTRL_ATTR_MCAST_GROUPS
    static let attrGroupName: UInt16 = 1        // CTRL_ATTR_MCAST_GRP_NAME
    static let attrGroupID: UInt16 = 2          // CTRL_ATTR_MCAST_GRP_ID
    static let request: UInt16 = 1              // NLM_F_REQUEST
    static let messageError: UInt16 = 2         // NLMSG_ERROR
    static let headerSize = 16                  // struct nlmsghdr
    static let genlHeaderSize = 4               // struct genlmsghdr
    static let typeMask: UInt16 = 0x3fff        // ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)

    static func align(_ n: Int) -> Int { (n + 3) & ~3 }

    static func u16(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    /// The attributes in `bytes` (type with flags masked off -> payload).
    static func attributes(_ bytes: ArraySlice<UInt8>) -> [(type: UInt16, payload: ArraySlice<UInt8>)] {
        var result: [(UInt16, ArraySlice<UInt8>)] = []
        var at = bytes.startIndex
        while at + 4 <= bytes.endIndex {
            let length = Int(u16(bytes, at))
            guard length >= 4, at + length <= bytes.endIndex else { break }
            result.append((u16(bytes, at + 2) & typeMask, bytes[(at + 4)..<(at + length)]))
            at += align(length)
        }
        return result
    }

    /// Each message of a datagram: (type, payload after nlmsghdr).
    static func messages(_ bytes: [UInt8]) -> [(type: UInt16, payload: ArraySlice<UInt8>)] {
        var result: [(UInt16, ArraySlice<UInt8>)] = []
        var at = 0
        while at + headerSize <= bytes.count {
            let length = Int(u32(bytes[...], at))
            guard length >= headerSize, at + length <= bytes.count else { break }
            result.append((u16(bytes[...], at + 4), bytes[(at + headerSize)..<(at + length)]))
            at += align(length)
        }
        return result
    }

    static func string(_ payload: ArraySlice<UInt8>) -> String {
        String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// A generic netlink family as the kernel's controller describes it.
public struct NetlinkFamily: Equatable, Sendable {
    public let name: String
    public let id: UInt16
    /// Multicast groups: name -> global group id.
    public let groups: [String: UInt32]
}

/// A NETLINK_GENERIC socket joined to the report group of one or more
/// families; `next` returns each report as it arrives.
public final class TransactionReportListener {
    public let fd: Int32
    /// The families joined (those that exist), by family id.
    public private(set) var families: [UInt16: NetlinkFamily] = [:]
    /// Reports lost because the socket's buffer overflowed (ENOBUFS).
    public private(set) var overruns = 0
    private var queue: [TransactionReport] = []
    private var sequence: UInt32 = 0

    /// The families that carry binder reports: the kernel's, and swbinder's
    /// fallback name where that is different.
    public static let knownFamilies = [BinderNetlink.familyName, "swbinder"]

    /// Joins the report group of every family in `names` that exists; throws
    /// if none does.
    public init(families names: [String] = TransactionReportListener.knownFamilies) throws {
        fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Netlink.generic)
        guard fd >= 0 else { throw NetlinkError(message: "socket(AF_NETLINK, NETLINK_GENERIC)", errno: errno) }
        do {
            for name in names {
                guard let family = try resolve(name) else { continue }
                guard let group = family.groups[BinderNetlinkGroup.report.rawValue] else { continue }
                var id = group
                if setsockopt(fd, Netlink.solNetlink, Netlink.addMembership, &id, socklen_t(MemoryLayout<UInt32>.size)) != 0 {
                    throw NetlinkError(message: "joining group \(name)/report", errno: errno)
                }
                families[family.id] = family
            }
            if families.isEmpty {
                throw NetlinkError(message: "no netlink family \(names.joined(separator: " or ")) with a \"report\" group "
                                   + "(load swbinder, or a kernel binder that sends reports, 6.18+)", errno: 0)
            }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    /// Whether the kernel has a family of this name (CTRL_CMD_GETFAMILY).
    public static func family(named name: String) -> NetlinkFamily? {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Netlink.generic)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return try? Self.resolve(name, fd: fd, sequence: 1)
    }

    private func resolve(_ name: String) throws -> NetlinkFamily? {
        sequence += 1
        return try Self.resolve(name, fd: fd, sequence: sequence)
    }

    /// Asks the controller for `name`; nil when there is no such family.
    private static func resolve(_ name: String, fd: Int32, sequence: UInt32) throws -> NetlinkFamily? {
        var nameBytes = Array(name.utf8) + [0]
        let attrLength = 4 + nameBytes.count
        nameBytes += [UInt8](repeating: 0, count: Netlink.align(attrLength) - attrLength)
        let length = Netlink.headerSize + Netlink.genlHeaderSize + 4 + nameBytes.count
        var message: [UInt8] = []
        func put16(_ v: UInt16) { message += [UInt8(v & 0xff), UInt8(v >> 8)] }
        func put32(_ v: UInt32) { for i in 0..<4 { message.append(UInt8((v >> (8 * UInt32(i))) & 0xff)) } }
        put32(UInt32(length)); put16(Netlink.controlID); put16(Netlink.request); put32(sequence); put32(0)
        message += [Netlink.getFamily, 1, 0, 0]
        put16(UInt16(attrLength)); put16(Netlink.attrFamilyName)
        message += nameBytes
        guard send(fd, message, message.count, 0) == message.count else {
            throw NetlinkError(message: "asking the netlink controller for \(name)", errno: errno)
        }
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let got = recv(fd, &buffer, buffer.count, 0)
            guard got >= 0 else {
                if errno == EINTR { continue }
                throw NetlinkError(message: "reading the netlink controller's answer", errno: errno)
            }
            for (type, payload) in Netlink.messages(Array(buffer[0..<got])) {
                if type == Netlink.messageError {
                    // struct nlmsgerr: int error first; ENOENT: no such family.
                    let code = Int32(bitPattern: Netlink.u32(payload, payload.startIndex))
                    if code == 0 { continue }
                    if -code == ENOENT { return nil }
                    throw NetlinkError(message: "CTRL_CMD_GETFAMILY \(name)", errno: -code)
                }
                guard type == Netlink.controlID, payload.count >= Netlink.genlHeaderSize else { continue }
                var id: UInt16 = 0
                var groups: [String: UInt32] = [:]
                for (attr, value) in Netlink.attributes(payload.dropFirst(Netlink.genlHeaderSize)) {
                    if attr == Netlink.attrFamilyID, value.count >= 2 {
                        id = Netlink.u16(value, value.startIndex)
                    } else if attr == Netlink.attrMulticastGroups {
                        for (_, group) in Netlink.attributes(value) {
                            var groupName = "", groupID: UInt32 = 0
                            for (field, v) in Netlink.attributes(group) {
                                if field == Netlink.attrGroupName { groupName = Netlink.string(v) }
                                if field == Netlink.attrGroupID, v.count >= 4 { groupID = Netlink.u32(v, v.startIndex) }
                            }
                            groups[groupName] = groupID
                        }
                    }
                }
                return NetlinkFamily(name: name, id: id, groups: groups)
            }
        }
    }

    /// The next report, waiting up to `timeoutMs` (-1: forever); nil on timeout.
    public func next(timeoutMs: Int32 = -1) throws -> TransactionReport? {
        if !queue.isEmpty { return queue.removeFirst() }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while queue.isEmpty {
            let ready = poll(&pfd, 1, timeoutMs)
            if ready < 0 {
                if errno == EINTR { continue }
                throw NetlinkError(message: "poll on the netlink socket", errno: errno)
            }
            if ready == 0 { return nil }
            try receive()
        }
        return queue.removeFirst()
    }

    /// Every report that has arrived, without waiting.
    public func drain() throws -> [TransactionReport] {
        var all: [TransactionReport] = []
        while let report = try next(timeoutMs: 0) { all.append(report) }
        return all
    }

    /// Reads one datagram (the socket is readable) and queues its reports.
    public func receive() throws {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let got = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if got < 0 {
            if errno == ENOBUFS { overruns += 1; return }
            if errno == EAGAIN || errno == EINTR { return }
            throw NetlinkError(message: "reading reports", errno: errno)
        }
        for (type, payload) in Netlink.messages(Array(buffer[0..<got])) {
            guard let family = families[type], payload.count >= Netlink.genlHeaderSize,
                  payload[payload.startIndex] == BinderNetlinkCommand.report.rawValue else { continue }
            queue.append(Self.decode(payload.dropFirst(Netlink.genlHeaderSize), family: family.name))
        }
    }

    /// A report from its attributes, by the generated attribute table.
    static func decode(_ attributes: ArraySlice<UInt8>, family: String) -> TransactionReport {
        var report = TransactionReport(family: family)
        for (type, value) in Netlink.attributes(attributes) {
            guard let attribute = BinderNetlinkReportAttribute(rawValue: type) else { continue }
            let number = value.count >= 4 ? Netlink.u32(value, value.startIndex) : nil
            switch attribute {
            case .error: report.error = number
            case .context: report.context = Netlink.string(value)
            case .fromPid: report.fromPID = number
            case .fromTid: report.fromTID = number
            case .toPid: report.toPID = number
            case .toTid: report.toTID = number
            case .isReply: report.isReply = true
            case .flags: report.flags = number
            case .code: report.code = number
            case .dataSize: report.dataSize = number
            }
        }
        return report
    }
}

extension TransactionFlags {
    /// "TF_ONE_WAY|TF_ACCEPT_FDS", from the generated names; "0" for none.
    public var flagNames: String {
        var rest = rawValue
        var parts: [String] = []
        for (flag, name) in TransactionFlags.names where contains(flag) {
            parts.append(name)
            rest &= ~flag.rawValue
        }
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }
}
