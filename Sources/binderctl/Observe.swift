// binderctl trace and binderctl reports: watch what binder does, live.
// Events come from swbinder's tracepoints (trace system "swbinder", read
// from a private tracefs instance); failures from the transaction reports
// that swbinder and 6.18+ kernel binders multicast over generic netlink.

import ArgumentParser
import BinderABI
import BinderKit
import Foundation
import Glibc

/// Where swbinder sends its reports (its report_family parameter).
func swbinderReportFamily() -> String? {
    (try? String(contentsOfFile: "/sys/module/swbinder/parameters/report_family", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Families to listen on: swbinder's (whatever it is called) and the kernel's.
func reportFamilies(_ chosen: [String]) -> [String] {
    if !chosen.isEmpty { return chosen }
    var names = [BinderNetlink.familyName]
    if let ours = swbinderReportFamily(), !names.contains(ours) { names.append(ours) }
    return names
}

/// Ends the loop on SIGINT/SIGTERM so the tracefs instance is removed.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

private func installStopHandlers() {
    signal(SIGINT) { _ in stopRequested = 1 }
    signal(SIGTERM) { _ in stopRequested = 1 }
}

struct Reports: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print transaction reports (generic netlink) as they arrive.",
        discussion: """
            Listens on the "report" group of the netlink family "binder" (the kernel's binder \
            since 6.18, or swbinder) and of swbinder's family where it has another name (see \
            /sys/module/swbinder/parameters/report_family). One line per report: every failed \
            transaction, BR_ONEWAY_SPAM_SUSPECT and BR_TRANSACTION_PENDING_FROZEN.
            """)

    @Option(name: .customLong("family"), help: "Listen on this family only (repeatable).")
    var families: [String] = []

    @Flag(help: "One JSON object per line.")
    var json = false

    @Option(help: "Stop after this many reports.")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    func run() throws {
        let listener: TransactionReportListener
        do {
            listener = try TransactionReportListener(families: reportFamilies(families))
        } catch {
            print("binderctl: \(error)")
            throw ExitCode(1)
        }
        let names = listener.families.values.map(\.name).sorted().joined(separator: ", ")
        FileHandle.standardError.write("binderctl: listening for reports on \(names)\n".data(using: .utf8)!)
        installStopHandlers()
        let deadline = duration.map { monotonicSeconds() + $0 }
        var seen = 0
        while stopRequested == 0 {
            if let count, seen >= count { break }
            var wait: Int32 = 200
            if let deadline {
                let left = deadline - monotonicSeconds()
                if left <= 0 { break }
                wait = Int32(min(200, left * 1000))
            }
            guard let report = try listener.next(timeoutMs: wait) else { continue }
            let event = report.decoded(time: monotonicSeconds())
            print(json ? event.json : event.line)
            fflush(nil)
            seen += 1
        }
    }
}

struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A live, decoded stream of what binder does: one line per event.",
        discussion: """
            Reads swbinder's tracepoints (trace system "swbinder") from a private tracefs \
            instance and the transaction reports (netlink) for failures. Names come from the \
            generated protocol tables: BC_/BR_ codes, TF_ flags, BINDER_TYPE_ objects. Needs \
            root; mounts tracefs at /sys/kernel/tracing if nothing is there. \
            `binderctl trace --list` shows the events (docs/tracing.md explains them).
            """)

    @Option(name: .customLong("pid"), help: "Only events of this process (repeatable).")
    var pids: [Int32] = []

    @Option(help: "Only this device (e.g. /dev/binder or binder).")
    var device: String?

    @Flag(help: "Only failures (the netlink reports).")
    var failures = false

    @Flag(help: "One JSON object per line.")
    var json = false

    @Flag(help: "List the trace events and exit.")
    var list = false

    @Flag(help: "Also show BC_/BR_ commands and returns (BR_NOOP included).")
    var all = false

    @Option(help: "Stop after this many events.")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var duration: Double?

    func run() throws {
        if list { return printList() }
        var session: TraceSession?
        if !failures {
            do {
                session = try TraceSession()
            } catch {
                print("binderctl: \(error)")
                print("hint: load swbinder and run as root (tracefs: mount -t tracefs none /sys/kernel/tracing)")
                throw ExitCode(1)
            }
        }
        defer { session?.close() }
        let listener = try? TransactionReportListener(families: reportFamilies([]))
        if listener == nil {
            let message = failures ? "no netlink report family to listen on (load swbinder)" : "no netlink report family: failures come from the trace events only"
            FileHandle.standardError.write("binderctl: \(message)\n".data(using: .utf8)!)
            if failures { throw ExitCode(1) }
        }
        let contexts = DeviceOfProcess(device: device)
        installStopHandlers()
        let deadline = duration.map { monotonicSeconds() + $0 }
        var shown = 0
        var fds = [pollfd]()
        if let session { fds.append(pollfd(fd: session.fd, events: Int16(POLLIN), revents: 0)) }
        if let listener { fds.append(pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)) }
        while stopRequested == 0 {
            if let count, shown >= count { break }
            var wait: Int32 = 200
            if let deadline {
                let left = deadline - monotonicSeconds()
                if left <= 0 { break }
                wait = Int32(min(200, left * 1000))
            }
            _ = poll(&fds, nfds_t(fds.count), wait)
            var batch: [DecodedEvent] = []
            if let session {
                for event in session.read() {
                    // Failures are shown from the reports when those can be had.
                    if listener != nil, event.name == "transaction_failed" || event.name == "report" { continue }
                    if !all, event.name == "command" || event.name == "return" {
                        continue
                    }
                    batch.append(event.decoded())
                }
            }
            if let listener {
                try listener.receive()
                while let report = try listener.next(timeoutMs: 0) {
                    if let device, let context = report.context, context != DeviceOfProcess.name(device) { continue }
                    batch.append(report.decoded(time: monotonicSeconds()))
                }
            }
            for event in batch.sorted(by: { $0.time < $1.time }) {
                if !pids.isEmpty, event.pids.isDisjoint(with: pids) { continue }
                if event.kind != "report", !contexts.matches(event) { continue }
                print(json ? event.json : event.line)
                shown += 1
                if let count, shown >= count { break }
            }
            fflush(nil)
        }
    }

    private func printList() {
        let available = Set(TraceSession.availableEvents())
        print("Trace system \"\(SwbinderTraceEvents.system)\" (docs/tracing.md); * = in the running kernel:")
        for event in SwbinderTraceEvents.all {
            let mark = available.contains(event.name) ? "*" : " "
            print(" \(mark) \(event.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(event.doc) [upstream: \(event.upstream)]")
        }
        print("Failures also come as netlink transaction reports: binderctl reports.")
    }
}

/// --device: which processes use that device, from swbinder's debugfs
/// (proc/<pid> says "context NAME"), looked up once per process.
final class DeviceOfProcess {
    let wanted: String?
    private var known: [Int32: String] = [:]

    init(device: String?) {
        wanted = device.map(Self.name)
    }

    static func name(_ device: String) -> String {
        String(device.split(separator: "/").last ?? Substring(device))
    }

    func matches(_ event: DecodedEvent) -> Bool {
        guard let wanted else { return true }
        return event.pids.contains { context(of: $0) == wanted }
    }

    private func context(of pid: Int32) -> String? {
        if let name = known[pid] { return name }
        let text = (try? String(contentsOfFile: "/sys/kernel/debug/swbinder/proc/\(pid)", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("context ") }
        let name = line.map { String($0.dropFirst("context ".count)) }
        if let name { known[pid] = name }
        return name
    }
}
