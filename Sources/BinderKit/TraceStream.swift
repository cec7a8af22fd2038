// swbinder's tracepoints (trace system "swbinder", kmod/swb_trace.h) read
// live from a private tracefs instance, and decoded into one line per event
// with names from the generated tables. Transaction reports (netlink) are
// decoded to the same shape, so one stream can show both.

import BinderABI
import Foundation
import Glibc

/// The events of trace system "swbinder" and what each says (docs/tracing.md).
public enum SwbinderTraceEvents {
    public static let system = "swbinder"
    public static let all: [(name: String, upstream: String, doc: String)] = [
        ("swbinder_command", "binder_command", "a BC_ command read from userspace"),
        ("swbinder_return", "binder_return", "a BR_ return written to userspace"),
        ("swbinder_transaction", "binder_transaction", "a call or reply about to be queued: sender, target, node, handle, code, flags, sizes"),
        ("swbinder_transaction_received", "binder_transaction_received", "a thread takes a call or reply: BR_ code, sender, sizes"),
        ("swbinder_transaction_failed", "(binder_transaction failure log)", "the driver refused a call or reply: BR_ error, errno, target as far as resolved"),
        ("swbinder_failed_reply", "(binder_send_failed_reply)", "a waiting caller gets an error instead of a reply"),
        ("swbinder_buffer_alloc", "binder_transaction_alloc_buf", "a transaction's buffer in the target"),
        ("swbinder_buffer_release", "binder_transaction_buffer_release", "BC_FREE_BUFFER gives a buffer back"),
        ("swbinder_object", "(binder_transaction_*_to_*)", "one object of a transaction, by BINDER_TYPE_"),
        ("swbinder_node_to_ref", "binder_transaction_node_to_ref", "a sent binder becomes a handle in the target"),
        ("swbinder_ref_to_node", "binder_transaction_ref_to_node", "a sent handle goes back to its owner as the binder"),
        ("swbinder_ref_to_ref", "binder_transaction_ref_to_ref", "a sent handle becomes a handle of the target"),
        ("swbinder_ref_update", "(binder_debug USER_REFS)", "BC_INCREFS/ACQUIRE/RELEASE/DECREFS on a handle (counts before)"),
        ("swbinder_report", "binder_netlink_report", "a transaction report is sent over netlink (only while someone listens)"),
        ("swbinder_lock_held_long", "(binder_lock/binder_locked/binder_unlock)", "a driver lock was held at least lock_held_long_us (module parameter): which lock, how long, where it was taken"),
    ]
}

/// One line of trace_pipe.
public struct TraceEvent: Sendable {
    public var task: String
    public var tid: Int32
    public var pid: Int32?
    public var time: Double
    /// The event without the "swbinder_" prefix ("transaction", "command", ...).
    public var name: String
    public var fields: [String: String]

    public init(task: String, tid: Int32, pid: Int32?, time: Double, name: String, fields: [String: String]) {
        self.task = task
        self.tid = tid
        self.pid = pid
        self.time = time
        self.name = name
        self.fields = fields
    }

    /// A field as a number (decimal or 0x hex).
    public func number(_ key: String) -> Int64? {
        guard let text = fields[key] else { return nil }
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16) }
        return Int64(text)
    }

    /// A "pid:tid" field.
    public func pair(_ key: String) -> (Int32, Int32)? {
        guard let parts = fields[key]?.split(separator: ":"), parts.count == 2,
              let a = Int32(parts[0]), let b = Int32(parts[1]) else { return nil }
        return (a, b)
    }

    /// Parses "  task-123  [001] ..... 12.345678: swbinder_x: k=v k=v tgid=120 comm=task".
    /// Every swbinder event ends with the task that fired it (tgid, then
    /// comm, which may hold spaces); a "(tgid)" column (tracefs'
    /// record-tgid) is read too when there is one.
    public static func parse(_ line: String) -> TraceEvent? {
        guard let marker = line.range(of: ": \(SwbinderTraceEvents.system)_") else { return nil }
        let prefix = line[..<marker.lowerBound]
        let rest = line[marker.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let name = String(rest[..<colon])
        var body = rest[rest.index(after: colon)...]
        var comm: String?
        if let at = body.range(of: " comm=", options: .backwards) {
            comm = String(body[at.upperBound...])
            body = body[..<at.lowerBound]
        }
        var fields: [String: String] = [:]
        for token in body.split(separator: " ") {
            guard let eq = token.firstIndex(of: "=") else { continue }
            fields[String(token[..<eq])] = String(token[token.index(after: eq)...])
        }
        let tgid = fields.removeValue(forKey: "tgid").flatMap { Int32($0) }
        let tokens = prefix.split(separator: " ")
        guard let time = tokens.last.flatMap({ Double($0) }) else { return nil }
        // The task column ends where the "(tgid)" or "[cpu]" column begins.
        guard let cpuStart = prefix.firstIndex(where: { $0 == "[" }) else { return nil }
        var taskEnd = cpuStart
        var pid: Int32?
        if let open = prefix[..<cpuStart].lastIndex(of: "("), let close = prefix[open...].firstIndex(of: ")") {
            taskEnd = open
            pid = Int32(prefix[prefix.index(after: open)..<close].trimmingCharacters(in: .whitespaces))
        }
        let taskColumn = prefix[..<taskEnd].trimmingCharacters(in: .whitespaces)
        guard let dash = taskColumn.lastIndex(of: "-"),
              let tid = Int32(taskColumn[taskColumn.index(after: dash)...]) else { return nil }
        return TraceEvent(task: comm ?? String(taskColumn[..<dash]), tid: tid, pid: pid ?? tgid, time: time,
                          name: name, fields: fields)
    }
}

/// Names for the numbers the events carry, from the generated tables.
public enum BinderNames {
    public static func command(_ value: Int64?) -> String {
        guard let value, let command = BinderCommand(rawValue: UInt32(truncatingIfNeeded: value)) else { return hex(value) }
        return command.name
    }

    public static func ret(_ value: Int64?) -> String {
        guard let value, let ret = BinderReturn(rawValue: UInt32(truncatingIfNeeded: value)) else { return hex(value) }
        return ret.name
    }

    public static func objectType(_ value: Int64?) -> String {
        guard let value, let type = BinderObjectType(rawValue: UInt32(truncatingIfNeeded: value)) else { return hex(value) }
        return type.name
    }

    public static func flags(_ value: Int64?) -> String {
        TransactionFlags(rawValue: UInt32(truncatingIfNeeded: value ?? 0)).flagNames
    }

    public static func hex(_ value: Int64?) -> String {
        guard let value else { return "?" }
        return "0x" + String(UInt64(bitPattern: value), radix: 16)
    }

    static func pid(_ value: Int64?) -> String {
        guard let value, value != 0 else { return "-" }
        return String(value)
    }
}

/// One event as binderctl shows it: a line for people, fields for tools.
public struct DecodedEvent: Sendable {
    public let time: Double
    /// "transaction", "received", "report", ... (the event, less its prefix).
    public let kind: String
    public let task: String
    public let pid: Int32?
    public let tid: Int32?
    /// The event in words, names from the generated tables.
    public let summary: String
    /// Field -> value (numbers as numbers, names as strings), for --json.
    public let values: [String: JSONValue]
    /// Every process the event involves (for --pid).
    public let pids: Set<Int32>

    public var line: String {
        let who = "\(pid.map(String.init) ?? "?"):\(tid.map(String.init) ?? "-")"
        return String(format: "%14.6f %-16@ %-13@ ", time, task as NSString, who as NSString) + summary
    }

    public var json: String {
        var all = values
        all["time"] = .number(time)
        all["event"] = .string(kind)
        all["task"] = .string(task)
        if let pid { all["pid"] = .number(Double(pid)) }
        if let tid { all["tid"] = .number(Double(tid)) }
        all["summary"] = .string(summary)
        return "{" + all.keys.sorted().map { "\"\($0)\":\(all[$0]!.text)" }.joined(separator: ",") + "}"
    }
}

public enum JSONValue: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)

    var text: String {
        switch self {
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let s):
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "\""
        }
    }
}

extension TraceEvent {
    /// The event in words.
    public func decoded() -> DecodedEvent {
        var values: [String: JSONValue] = [:]
        for (key, _) in fields {
            if let n = number(key) { values[key] = .number(Double(n)) } else { values[key] = .string(fields[key]!) }
        }
        var pids: Set<Int32> = pid.map { [$0] } ?? []
        for key in ["from", "to"] {
            if let (p, _) = pair(key) { pids.insert(p); values[key + "_pid"] = .number(Double(p)) }
            if let (_, t) = pair(key) { values[key + "_tid"] = .number(Double(t)) }
        }
        for key in ["pid", "to"] where pair(key) == nil {
            if let p = number(key) { pids.insert(Int32(truncatingIfNeeded: p)) }
        }
        let size = { (key: String) in "\(number(key) ?? 0) B" }
        let objects = (number("offsets") ?? 0) / 8
        let summary: String
        switch name {
        case "command":
            summary = BinderNames.command(number("cmd"))
            values["cmd_name"] = .string(summary)
        case "return":
            summary = BinderNames.ret(number("cmd"))
            values["cmd_name"] = .string(summary)
        case "transaction":
            let to = fields["to"].map { $0.replacingOccurrences(of: ":0", with: ":-") } ?? "?"
            values["flags_names"] = .string(BinderNames.flags(number("flags")))
            if number("reply") == 1 {
                summary = "reply id \(fields["id"] ?? "?") -> \(to) flags \(BinderNames.flags(number("flags"))) "
                    + "data \(size("data")), \(objects) objects"
            } else {
                let ownerPid = pair("to")?.0 ?? 0
                summary = "call id \(fields["id"] ?? "?") -> handle \(fields["handle"] ?? "?") "
                    + "(node \(fields["node"] ?? "?") of pid \(ownerPid)) thread \(to.split(separator: ":").last ?? "-") "
                    + "code \(fields["code"] ?? "?") flags \(BinderNames.flags(number("flags"))) "
                    + "data \(size("data")), \(objects) objects"
            }
        case "transaction_received":
            let cmd = BinderNames.ret(number("cmd"))
            values["cmd_name"] = .string(cmd)
            values["flags_names"] = .string(BinderNames.flags(number("flags")))
            if let from = number("from") { pids.insert(Int32(truncatingIfNeeded: from)) }
            summary = "\(cmd) id \(fields["id"] ?? "?") from pid \(fields["from"] ?? "?") code \(fields["code"] ?? "?") "
                + "flags \(BinderNames.flags(number("flags"))) data \(size("data")), \(objects) objects"
        case "transaction_failed":
            let error = BinderNames.ret(number("error"))
            values["error_name"] = .string(error)
            let to = fields["to"].map { $0.replacingOccurrences(of: ":0", with: ":-") } ?? "?"
            summary = "FAILED \(error) (errno \(-(number("param") ?? 0))) \(number("reply") == 1 ? "reply" : "call") "
                + "id \(fields["id"] ?? "?") -> \(to == "0:-" ? "unresolved" : to) code \(fields["code"] ?? "?") "
                + "flags \(BinderNames.flags(number("flags"))) data \(size("data"))"
        case "failed_reply":
            let error = BinderNames.ret(number("error"))
            values["error_name"] = .string(error)
            summary = "\(error) for the waiting caller \(fields["pid"] ?? "?"):\(fields["tid"] ?? "?") of id \(fields["id"] ?? "?")"
        case "buffer_alloc":
            summary = "buffer \(fields["buffer"] ?? "?") in pid \(fields["pid"] ?? "?") for id \(fields["id"] ?? "?"): "
                + "data \(size("data")) offsets \(size("offsets")) extra \(size("extra"))"
        case "buffer_release":
            summary = "buffer \(fields["buffer"] ?? "?") freed in pid \(fields["pid"] ?? "?"): data \(size("data"))"
        case "object":
            let type = BinderNames.objectType(number("type"))
            values["type_name"] = .string(type)
            summary = "object \(type) at offset \(fields["offset"] ?? "?") -> pid \(fields["to"] ?? "?")"
        case "node_to_ref":
            summary = "node \(fields["node"] ?? "?") (ptr \(fields["ptr"] ?? "?")) -> handle \(fields["desc"] ?? "?") "
                + "in pid \(fields["to"] ?? "?")\(number("strong") == 1 ? "" : " (weak)")"
        case "ref_to_node":
            summary = "handle \(fields["desc"] ?? "?") -> node \(fields["node"] ?? "?") (ptr \(fields["ptr"] ?? "?")) "
                + "back to its owner pid \(fields["to"] ?? "?")\(number("strong") == 1 ? "" : " (weak)")"
        case "ref_to_ref":
            summary = "handle \(fields["src_desc"] ?? "?") (node \(fields["node"] ?? "?")) -> handle "
                + "\(fields["dest_desc"] ?? "?") in pid \(fields["to"] ?? "?")\(number("strong") == 1 ? "" : " (weak)")"
        case "ref_update":
            let change: [Int64: String] = [1: "BC_INCREFS", 2: "BC_ACQUIRE", -2: "BC_RELEASE", -1: "BC_DECREFS"]
            summary = "\(change[number("change") ?? 0] ?? "?") handle \(fields["desc"] ?? "?") (node \(fields["node"] ?? "?")), "
                + "before: strong \(fields["strong"] ?? "?") weak \(fields["weak"] ?? "?")"
        case "lock_held_long":
            let heldUs = Double(number("held_ns") ?? 0) / 1000
            values["held_us"] = .number(heldUs)
            summary = "lock \(fields["lock"] ?? "?") held \(String(format: "%.1f", heldUs)) us, taken at \(fields["site"] ?? "?")"
        case "report":
            let error = BinderNames.ret(number("error"))
            values["error_name"] = .string(error)
            summary = "netlink report \(error) context \(fields["context"] ?? "?")"
        default:
            summary = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ")
        }
        pids.remove(0)
        return DecodedEvent(time: time, kind: name, task: task, pid: pid, tid: tid, summary: summary,
                            values: values, pids: pids)
    }
}

extension TransactionReport {
    /// The report as a stream event.
    public func decoded(time: Double) -> DecodedEvent {
        var values: [String: JSONValue] = ["family": .string(family), "is_reply": .bool(isReply)]
        if let error { values["error"] = .number(Double(error)); values["error_name"] = .string(errorName) }
        if let context { values["context"] = .string(context) }
        for (key, value) in [("from_pid", fromPID), ("from_tid", fromTID), ("to_pid", toPID), ("to_tid", toTID),
                             ("flags", flags), ("code", code), ("data_size", dataSize)] {
            if let value { values[key] = .number(Double(value)) }
        }
        if let flags { values["flags_names"] = .string(TransactionFlags(rawValue: flags).flagNames) }
        let to = "\(toPID.map(String.init) ?? "-"):\(toTID.map(String.init) ?? "-")"
        let summary = "FAILED \(errorName) context \(context ?? "?") \(isReply ? "reply" : "call") -> "
            + "\(to == "-:-" ? "unresolved" : to) code \(code.map { "0x" + String($0, radix: 16) } ?? "?") "
            + "flags \(TransactionFlags(rawValue: flags ?? 0).flagNames) data \(dataSize.map(String.init) ?? "?") B "
            + "[netlink \(family)]"
        var pids: Set<Int32> = []
        if let fromPID { pids.insert(Int32(bitPattern: fromPID)) }
        if let toPID { pids.insert(Int32(bitPattern: toPID)) }
        return DecodedEvent(time: time, kind: "report", task: "", pid: fromPID.map { Int32(bitPattern: $0) },
                            tid: fromTID.map { Int32(bitPattern: $0) }, summary: summary, values: values, pids: pids)
    }
}

/// A private tracefs instance with the swbinder events on, read through its
/// trace_pipe; removed again by `close()` (or deinit).
public final class TraceSession {
    public let instance: String
    public let fd: Int32
    private var pending = ""
    private var closed = false

    /// Where tracefs is (mounting it at /sys/kernel/tracing if nothing is).
    public static func tracefs() throws -> String {
        for dir in ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
        where access(dir + "/instances", F_OK) == 0 {
            return dir
        }
        if mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, nil) == 0 {
            return "/sys/kernel/tracing"
        }
        throw NetlinkError(message: "no tracefs at /sys/kernel/tracing and mounting it failed (root needed)", errno: errno)
    }

    /// The swbinder events the running kernel has (swbinder loaded), by name.
    public static func availableEvents() -> [String] {
        guard let root = try? tracefs(),
              let names = try? FileManager.default.contentsOfDirectory(atPath: "\(root)/events/\(SwbinderTraceEvents.system)")
        else { return [] }
        return names.filter { $0.hasPrefix(SwbinderTraceEvents.system + "_") }.sorted()
    }

    /// Creates the instance and enables `events` (nil: every swbinder event).
    public init(events: [String]? = nil) throws {
        let root = try Self.tracefs()
        guard access("\(root)/events/\(SwbinderTraceEvents.system)", F_OK) == 0 else {
            throw NetlinkError(message: "no swbinder trace events in \(root)/events (is swbinder loaded?)", errno: 0)
        }
        instance = "\(root)/instances/binderctl-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(instance, 0o700) == 0 else {
            throw NetlinkError(message: "mkdir \(instance)", errno: errno)
        }
        // Mono clock: comparable with CLOCK_MONOTONIC, which reports are stamped with.
        _ = Self.write("mono", to: "\(instance)/trace_clock")
        // The events carry their task (tgid, comm) themselves. Recording
        // command names (on by default) or tgids would hook the scheduler's
        // tracepoints for as long as the session runs, system-wide.
        _ = Self.write("0", to: "\(instance)/options/record-cmd")
        _ = Self.write("0", to: "\(instance)/options/record-tgid")
        let system = "\(instance)/events/\(SwbinderTraceEvents.system)"
        var ok = true
        if let events {
            for event in events { ok = ok && Self.write("1", to: "\(system)/\(event)/enable") }
        } else {
            ok = Self.write("1", to: "\(system)/enable")
        }
        fd = open("\(instance)/trace_pipe", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if !ok || fd < 0 {
            let saved = errno
            if fd >= 0 { Glibc.close(fd) }
            rmdir(instance)
            throw NetlinkError(message: "enabling swbinder events in \(instance)", errno: saved)
        }
    }

    deinit { close() }

    /// Disables the events and removes the instance.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = Self.write("0", to: "\(instance)/events/\(SwbinderTraceEvents.system)/enable")
        Glibc.close(fd)
        rmdir(instance)
    }

    @discardableResult
    static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        return Glibc.write(fd, text, text.utf8.count) == text.utf8.count
    }

    /// Events that can be read now (the fd is readable or not: never blocks).
    public func read() -> [TraceEvent] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var events: [TraceEvent] = []
        while true {
            let got = Glibc.read(fd, &buffer, buffer.count)
            guard got > 0 else { break }
            pending += String(decoding: buffer[0..<got], as: UTF8.self)
            while let newline = pending.firstIndex(of: "\n") {
                if let event = TraceEvent.parse(String(pending[..<newline])) { events.append(event) }
                pending.removeSubrange(...newline)
            }
        }
        return events
    }

    /// Waits up to `timeoutMs` for events.
    public func next(timeoutMs: Int32) -> [TraceEvent] {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&pfd, 1, timeoutMs)
        return read()
    }
}

/// Seconds on CLOCK_MONOTONIC (the instance's trace clock is "mono").
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
