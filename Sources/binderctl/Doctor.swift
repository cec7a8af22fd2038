// binderctl doctor: which binder drivers and devices this machine has, and
// what to do about anything missing.

import ArgumentParser
import BinderABI
import BinderKit
import Foundation

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check binder on this machine: drivers loaded, device nodes, permissions, protocol, features.",
        discussion: "Exits 0 when at least one usable binder device was found, 1 otherwise; every problem comes with a fix.")

    @Option(help: "Extra device nodes to check besides the usual ones.")
    var device: [String] = []

    func run() throws {
        var problems: [String] = []
        print("Drivers:")
        let drivers = Drivers.detect()
        for line in drivers.lines { print("  \(line)") }
        problems += drivers.problems
        if !drivers.any {
            problems.append("""
                no binder driver is loaded. Load this project's: insmod build/kmod/$(uname -r)/swbinder.ko \
                (make demo builds it), or the kernel's: modprobe binder_linux devices=binder,hwbinder,vndbinder
                """)
        }
        print("binderfs:")
        let fs = BinderfsReport.detect()
        for line in fs.lines { print("  \(line)") }
        problems += fs.problems
        print("Devices:")
        var usable = 0
        for path in Self.candidates(extra: device) {
            let report = DeviceReport(path: path)
            for line in report.lines { print("  \(line)") }
            problems += report.problems
            if report.usable { usable += 1 }
        }
        if usable == 0, drivers.any {
            problems.append("a driver is loaded but no usable device node was found: check `ls -l /dev/*binder*` and the module's devices= parameter")
        }
        print(problems.isEmpty ? "No problems found." : "Problems:")
        for problem in problems { print("  - \(problem)") }
        if usable == 0 { throw ExitCode(1) }
    }

    /// The usual names, any test devices, the devices of every mounted binderfs instance and the user's.
    static func candidates(extra: [String]) -> [String] {
        let dev = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
        let ours = dev.filter { $0.hasPrefix("swbtest") }.sorted().map { "/dev/\($0)" }
        let binderfs = Binderfs.mounts().flatMap { mount in
            Binderfs.devices(instance: mount.path).map { "\(mount.path)/\($0)" }
        }
        var seen = Set<String>()
        return (["/dev/binder", "/dev/hwbinder", "/dev/vndbinder"] + ours + binderfs + extra).filter { seen.insert($0).inserted }
    }
}

/// Which binder drivers the kernel has.
struct Drivers {
    var lines: [String] = []
    var problems: [String] = []
    var any = false

    /// The running kernel's release string.
    static var release: String {
        var uts = utsname()
        guard uname(&uts) == 0 else { return "" }
        return withUnsafeBytes(of: &uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// The running kernel as major.minor.
    static var runningKernel: KernelRelease {
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return KernelRelease(parts.first ?? 0, parts.count > 1 ? parts[1] : 0)
    }

    /// An option of the running kernel's configuration (/boot/config-RELEASE), nil if not set or unknown.
    static func kernelConfig(_ option: String) -> String? {
        let config = (try? String(contentsOfFile: "/boot/config-\(release)", encoding: .utf8)) ?? ""
        let line = config.split(separator: "\n").first { $0.hasPrefix(option + "=") }
        return line.map { String($0.dropFirst(option.count + 1)) }
    }

    /// Whether the running kernel has a binder_linux module file (modules.dep).
    static func kernelBinderModuleExists() -> Bool {
        let dep = (try? String(contentsOfFile: "/lib/modules/\(Self.release)/modules.dep", encoding: .utf8)) ?? ""
        return dep.contains("/binder_linux.ko")
    }

    /// swbinder holding a name that the not yet loaded binder_linux of this
    /// kernel registers: binder_linux would then fail to load.
    private mutating func checkLoadOrder(loaded: Set<String>) {
        guard !loaded.contains("binder_linux"), Self.kernelBinderModuleExists() else { return }
        var held: [String] = []
        if Binderfs.swbinderType() == "binder", Self.kernelConfig("CONFIG_ANDROID_BINDERFS") == "y" {
            held.append("binderfs_name=binder")
        }
        if swbinderReportFamily() == BinderNetlink.familyName && Self.runningKernel >= BinderNetlink.since {
            held.append("report_family=\(BinderNetlink.familyName)")
        }
        guard !held.isEmpty else { return }
        lines.append("  load order: swbinder holds upstream names (\(held.joined(separator: ", "))) that this kernel's binder_linux wants")
        problems.append("""
            swbinder was loaded with \(held.joined(separator: " ")): `modprobe binder_linux` would fail while it holds \
            them. To have both, reload swbinder with its default names (binderfs_name=auto report_family=auto).
            """)
    }

    static func detect() -> Drivers {
        var result = Drivers()
        let modules = (try? String(contentsOfFile: "/proc/modules", encoding: .utf8)) ?? ""
        let loaded = Set(modules.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        if loaded.contains("swbinder") || FileManager.default.fileExists(atPath: "/sys/module/swbinder") {
            let devices = (try? String(contentsOfFile: "/sys/module/swbinder/parameters/devices", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            result.lines.append("swbinder (this project's module) is loaded, devices=\(devices)")
            if let family = swbinderReportFamily() {
                let note = family == BinderNetlink.familyName ? "" : " (\"\(BinderNetlink.familyName)\" is the kernel's binder's)"
                result.lines.append("  transaction reports: netlink family \"\(family)\", group \"\(BinderNetlinkGroup.report.rawValue)\"\(note); binderctl reports")
            }
            result.any = true
            result.checkLoadOrder(loaded: loaded)
        }
        if loaded.contains("binder_linux") {
            result.lines.append("binder_linux (the kernel's binder, as a module) is loaded")
            if swbinderReportFamily() != BinderNetlink.familyName,
               TransactionReportListener.family(named: BinderNetlink.familyName) != nil {
                result.lines.append("  transaction reports: netlink family \"\(BinderNetlink.familyName)\" (6.18+)")
            }
            result.any = true
        } else if FileManager.default.fileExists(atPath: "/sys/module/binder") || FileManager.default.fileExists(atPath: "/sys/kernel/debug/binder") {
            result.lines.append("the kernel's binder is built in")
            result.any = true
        }
        if !result.any {
            result.lines.append("none: neither swbinder nor binder_linux is loaded, and the kernel has no built-in binder")
        }
        return result
    }
}

/// One device node: exists, who may open it, what it answers.
struct DeviceReport {
    var lines: [String] = []
    var problems: [String] = []
    var usable = false

    init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            lines.append("\(path): absent")
            return
        }
        let mode = String(info.st_mode & 0o777, radix: 8)
        let isChar = info.st_mode & S_IFMT == S_IFCHR
        lines.append("\(path): \(isChar ? "character device" : "NOT a character device"), mode \(mode), owner uid \(info.st_uid) gid \(info.st_gid)")
        guard isChar else {
            problems.append("\(path) is not a device node: remove it and reload the driver")
            return
        }
        guard access(path, R_OK | W_OK) == 0 else {
            problems.append("\(path) is not readable and writable by uid \(geteuid()): run as root, or chmod 0666 \(path) for a test machine")
            return
        }
        probe(path)
    }

    private mutating func probe(_ path: String) {
        do {
            let driver = try BinderDriver(path: path, nonBlocking: true)
            let version = try driver.protocolVersion()
            let ok = version == BinderProtocolInfo.version
            lines.append("  protocol version \(version)\(ok ? "" : " (BinderKit speaks \(BinderProtocolInfo.version))")")
            if !ok { problems.append("\(path) speaks protocol \(version): this is a 32-bit binder or a very old kernel; BinderKit needs \(BinderProtocolInfo.version)") }
            _ = try driver.map(size: 4096)
            lines.append("  mmap: ok")
            lines.append("  features: " + Self.features(driver).joined(separator: ", "))
            usable = true
        } catch {
            lines.append("  open/probe failed: \(error)")
            problems.append("\(path) cannot be used: \(error)")
        }
    }

    /// Optional ioctls, by whether the driver knows them.
    private static func features(_ driver: BinderDriver) -> [String] {
        var found: [String] = []
        found.append((try? driver.extendedError()) != nil ? "extended errors (5.19+)" : "no extended errors")
        found.append((try? driver.enableOnewaySpamDetection(false)) != nil ? "oneway spam detection (5.13+)" : "no oneway spam detection")
        return found
    }
}

/// binderfs: registered or not, under which name, by which driver, where
/// mounted, with which devices and features.
struct BinderfsReport {
    var lines: [String] = []
    var problems: [String] = []

    static func detect() -> BinderfsReport {
        var report = BinderfsReport()
        let types = Binderfs.registeredTypes()
        let ours = Binderfs.swbinderType()
        if let ours {
            report.lines.append("swbinder's binderfs is registered as \"\(ours)\": mount -t \(ours) \(ours) /dev/binderfs")
        }
        if types.contains("binder") && ours != "binder" {
            let loaded = ((try? String(contentsOfFile: "/proc/modules", encoding: .utf8)) ?? "").contains("binder_linux ")
            report.lines.append("\"binder\" belongs to the kernel's binder\(loaded ? " (binder_linux)" : " (built in)")")
            if ours == nil && FileManager.default.fileExists(atPath: "/sys/module/swbinder") {
                report.lines.append("swbinder is loaded without a binderfs (an older swbinder?)")
            }
        }
        if ours == nil && !types.contains("binder") {
            report.lines.append("no binder filesystem registered: load swbinder (it registers \"binder\", or \"swbinder\" where the kernel's binder has binderfs)")
        }
        let mounts = Binderfs.mounts()
        if mounts.isEmpty && (ours != nil || types.contains("binder")) {
            report.lines.append("not mounted: binderctl add-device NAME [--binderfs DIR] mounts an instance and creates NAME")
        }
        for mount in mounts {
            let owner = mount.type == ours ? "swbinder" : "the kernel's binder"
            report.lines.append("\(mount.path): \(mount.type) instance of \(owner), options \(mount.options)")
            let devices = Binderfs.devices(instance: mount.path)
            report.lines.append("  devices: \(devices.isEmpty ? "none" : devices.joined(separator: ", "))")
            let features = Binderfs.features(instance: mount.path)
            report.lines.append("  features: " + (features.isEmpty ? "none"
                : features.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")))
            if access("\(mount.path)/binder-control", R_OK | W_OK) != 0 {
                report.problems.append("\(mount.path)/binder-control is not usable by uid \(geteuid()): BINDER_CTL_ADD needs the instance's root")
            }
        }
        return report
    }
}
