// A reader for binder's debugfs files, written against upstream's line
// formats (6.1 and 6.12 both), used on swbinder and on binder_linux alike:
// the same parser must understand both, which is the point.

import Foundation
import Glibc

/// The debugfs directory of the driver under test.
struct BinderDebugfs {
    let directory: String
    let isBinderLinux: Bool

    /// swbinder keeps its own directory so it never collides with binder_linux.
    init(driver: String?) {
        isBinderLinux = driver == "binder_linux"
        directory = isBinderLinux ? "/sys/kernel/debug/binder" : "/sys/kernel/debug/swbinder"
    }

    func read(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// One "proc N" block of state, transactions or proc/<pid>.
struct ProcBlock {
    var pid: Int32
    var context: String = ""
    var lines: [String] = []

    /// Splits a file into its header lines and its proc blocks.
    static func split(_ lines: [String]) -> (header: [String], procs: [ProcBlock]) {
        var header: [String] = []
        var procs: [ProcBlock] = []
        for line in lines {
            if let pid = line.matchInts(#"^proc (\d+)$"#)?.first {
                procs.append(ProcBlock(pid: Int32(pid)))
            } else if procs.isEmpty {
                header.append(line)
            } else if let name = line.match(#"^context (\S+)$"#)?.first, procs[procs.count - 1].context.isEmpty {
                procs[procs.count - 1].context = name
            } else {
                procs[procs.count - 1].lines.append(line)
            }
        }
        return (header, procs)
    }

    func nodes() -> [NodeLine] { lines.compactMap(NodeLine.init) }
    func refs() -> [RefLine] { lines.compactMap(RefLine.init) }
    func buffers() -> [BufferLine] { lines.compactMap(BufferLine.init) }
    func transactions(_ prefix: String) -> [TransactionLine] { lines.compactMap { TransactionLine($0, prefix: prefix) } }
}

/// "  node %d: u%016llx c%016llx hs %d hw %d ls %d lw %d is %d iw %d tr %d[ proc %d...]"
struct NodeLine {
    let debugID: Int, ptr: UInt64, cookie: UInt64
    let hs: Int, hw: Int, ls: Int, lw: Int, internalStrong: Int, refs: Int, tmpRefs: Int
    let refProcs: [Int32]

    init?(_ line: String) {
        guard let f = line.match(#"^  node (\d+): u([0-9a-f]{16}) c([0-9a-f]{16}) hs (\d+) hw (\d+) ls (-?\d+) lw (-?\d+) is (-?\d+) iw (\d+) tr (-?\d+)((?: proc \d+)*)$"#)
        else { return nil }
        debugID = Int(f[0])!
        ptr = UInt64(f[1], radix: 16)!
        cookie = UInt64(f[2], radix: 16)!
        (hs, hw, ls, lw) = (Int(f[3])!, Int(f[4])!, Int(f[5])!, Int(f[6])!)
        (internalStrong, refs, tmpRefs) = (Int(f[7])!, Int(f[8])!, Int(f[9])!)
        refProcs = f[10].split(separator: " ").filter { $0 != "proc" }.map { Int32($0)! }
    }
}

/// "  ref %d: desc %d [dead ]node %d s %d w %d d %pK"
struct RefLine {
    let debugID: Int, desc: UInt32, dead: Bool, node: Int, strong: Int, weak: Int

    init?(_ line: String) {
        guard let f = line.match(#"^  ref (\d+): desc (\d+) (dead )?node (\d+) s (\d+) w (\d+) d [0-9a-f]+$"#)
        else { return nil }
        (debugID, desc, dead) = (Int(f[0])!, UInt32(f[1])!, !f[2].isEmpty)
        (node, strong, weak) = (Int(f[3])!, Int(f[4])!, Int(f[5])!)
    }
}

/// "  buffer %d: %lx size %zd:%zd:%zd active|delivered" (6.12; 6.1 prints a
/// hashed pointer where 6.12 prints the offset).
struct BufferLine {
    let debugID: Int, dataSize: Int, offsetsSize: Int, extraSize: Int, active: Bool

    init?(_ line: String) {
        guard let f = line.match(#"^  buffer (\d+): [0-9a-f]+ size (\d+):(\d+):(\d+) (active|delivered)$"#)
        else { return nil }
        (debugID, dataSize, offsetsSize, extraSize) = (Int(f[0])!, Int(f[1])!, Int(f[2])!, Int(f[3])!)
        active = f[4] == "active"
    }
}

/// "<prefix> %d: %pK from %d:%d to %d:%d code %x flags %x pri %ld r%d[ elapsed %lldms]"
/// then, in the target's block, "[ node %d] size %zd:%zd (offset %lx|data %pK)" or " buffer free".
struct TransactionLine {
    let debugID: Int, fromPID: Int32, fromTID: Int32, toPID: Int32, toTID: Int32
    let code: UInt32, flags: UInt32, needReply: Bool
    let node: Int?, dataSize: Int?, offsetsSize: Int?

    init?(_ line: String, prefix: String) {
        guard line.hasPrefix(prefix + " "),
              let f = String(line.dropFirst(prefix.count)).match(
                #"^ (\d+): [0-9a-f]+ from (\d+):(\d+) to (\d+):(\d+) code ([0-9a-f]+) flags ([0-9a-f]+) pri -?\d+ (?:a\d )?r(\d)(?: elapsed \d+ms)?(?: node (\d+))?(?: size (\d+):(\d+) (?:offset|data) [0-9a-f]+| buffer free)?$"#)
        else { return nil }
        debugID = Int(f[0])!
        (fromPID, fromTID, toPID, toTID) = (Int32(f[1])!, Int32(f[2])!, Int32(f[3])!, Int32(f[4])!)
        (code, flags, needReply) = (UInt32(f[5], radix: 16)!, UInt32(f[6], radix: 16)!, f[7] == "1")
        (node, dataSize, offsetsSize) = (Int(f[8]), Int(f[9]), Int(f[10]))
    }
}

/// "%d: call |async|reply from %d:%d to %d:%d context %s node %d handle %d size %d:%d ret %d/%d l=%d"
struct LogLine {
    let debugID: Int, callType: String, fromPID: Int32, fromTID: Int32, toPID: Int32, toTID: Int32
    let context: String, node: Int, handle: Int, dataSize: Int, offsetsSize: Int
    let returnError: UInt32, returnParam: Int32

    init?(_ line: String) {
        guard let f = line.match(#"^(\d+): (call |async|reply) from (\d+):(\d+) to (\d+):(\d+) context (\S+) node (\d+) handle (\d+) size (\d+):(\d+) ret (-?\d+)/(-?\d+) l=\d+( \(incomplete\))?$"#)
        else { return nil }
        (debugID, callType) = (Int(f[0])!, f[1])
        (fromPID, fromTID, toPID, toTID) = (Int32(f[2])!, Int32(f[3])!, Int32(f[4])!, Int32(f[5])!)
        (context, node, handle) = (f[6], Int(f[7])!, Int(f[8])!)
        (dataSize, offsetsSize) = (Int(f[9])!, Int(f[10])!)
        returnError = UInt32(bitPattern: Int32(f[11])!)
        returnParam = Int32(f[12])!
    }
}

/// One proc's part of debugfs stats: "  name: value" lines up to the next proc.
struct ProcStats {
    var pid: Int32
    var fields: [String: String] = [:]

    /// The per-proc lines upstream prints, in its order (some have no colon).
    static let keys = ["threads:", "requested threads:", "ready threads", "free async space", "nodes:",
                       "refs:", "buffers:", "pages:", "pages high watermark:", "pending transactions:"]

    static func parse(_ lines: [String]) -> [ProcStats] {
        var result: [ProcStats] = []
        var inProc = false
        for line in lines {
            if let pid = line.match(#"^proc (\d+)$"#).flatMap({ Int32($0[0]) }) {
                result.append(ProcStats(pid: pid))
                inProc = true
            } else if inProc, let key = keys.first(where: { line.hasPrefix("  \($0) ") }) {
                let name = key.hasSuffix(":") ? String(key.dropLast()) : key
                result[result.count - 1].fields[name] = String(line.dropFirst(key.count + 3))
            }
        }
        return result
    }
}

/// Whether the running kernel is older than major.minor (uname).
func kernelBefore(_ major: Int, _ minor: Int) -> Bool {
    var name = utsname()
    uname(&name)
    let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    let parts = release.split(separator: ".").prefix(2).compactMap { Int($0.prefix { $0.isNumber }) }
    guard parts.count == 2 else { return false }
    return (parts[0], parts[1]) < (major, minor)
}

extension String {
    /// The capture groups of the first match of `pattern`, "" for a group that did not take part.
    func match(_ pattern: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: self, range: NSRange(startIndex..., in: self))
        else { return nil }
        return (1..<m.numberOfRanges).map { i in
            Range(m.range(at: i), in: self).map { String(self[$0]) } ?? ""
        }
    }

    func matchInts(_ pattern: String) -> [Int]? {
        match(pattern)?.compactMap { Int($0) }
    }
}
