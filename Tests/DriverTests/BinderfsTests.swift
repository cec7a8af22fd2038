// binderfs: mounting instances, binder-control and BINDER_CTL_ADD, names,
// max=, stats=global and binder_logs/, features/, unlink, umount with open
// files, user namespaces, isolation and module lifetime.
//
// On swbinder these run on every kernel (its filesystem: "binder", or
// "swbinder" where the kernel's binder has binderfs). On binder_linux they run where
// the kernel's binder has binderfs (7.3); where it has none (Debian's 6.1 and
// 6.12), each test checks exactly that: no "binder" filesystem to mount.

import BinderABI
import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import XCTest

final class BinderfsTests: DriverTestCase {
    private var isSwbinder: Bool { ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"] == "swbinder" }
    private var mounted: [String] = []
    private var scratch: [String] = []

    override func tearDown() {
        for path in mounted.reversed() { try? Binderfs.unmount(path) }
        for path in scratch { try? FileManager.default.removeItem(atPath: path) }
        mounted = []
        scratch = []
        super.tearDown()
    }

    /// The driver under test's binderfs type, or nil after checking that the
    /// driver has none (binder_linux without binderfs: nothing to test).
    private func fsType() throws -> String? {
        if isSwbinder {
            let type = try XCTUnwrap(Binderfs.swbinderType(), "swbinder is loaded but registered no binderfs")
            XCTAssertTrue(["binder", "swbinder"].contains(type))
            return type
        }
        if Binderfs.registeredTypes().contains("binder") { return "binder" }
        // Debian's binder_linux: misc devices only, as its config says.
        XCTAssertFalse(Binderfs.registeredTypes().contains("binder"))
        let dir = try scratchDir()
        XCTAssertNotEqual(mount("binder", dir, "binder", 0, nil), 0, "binder mounted without a binder filesystem")
        return nil
    }

    private func scratchDir() throws -> String {
        let template = "/tmp/swb-binderfs-XXXXXX"
        var bytes = Array(template.utf8CString)
        let path = try bytes.withUnsafeMutableBufferPointer { buffer -> String in
            guard let result = mkdtemp(buffer.baseAddress!) else { throw BinderError("mkdtemp", errno: errno) }
            return String(cString: result)
        }
        scratch.append(path)
        return path
    }

    /// A new instance in a new directory.
    private func newInstance(_ type: String, options: String = "") throws -> String {
        let dir = try scratchDir()
        try Binderfs.mount(at: dir, type: type, options: options)
        mounted.append(dir)
        return dir
    }

    /// The driver's default binderfs devices (its module parameter).
    private var defaultDevices: [String] {
        let file = isSwbinder ? "/sys/module/swbinder/parameters/binderfs_devices"
                              : "/sys/module/binder_linux/parameters/devices"
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
    }

    private func statOf(_ path: String) -> stat? {
        var st = stat()
        return stat(path, &st) == 0 ? st : nil
    }

    private func assertAddFails(_ expected: Int32, _ nameBytes: [UInt8], in dir: String, _ message: String,
                                line: UInt = #line) {
        assertErrno(expected, message, line: line) {
            _ = try Binderfs.addDevice(nameBytes: nameBytes, control: "\(dir)/binder-control")
        }
    }

    func testMountHasControlDefaultDevicesAndFeatures() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        XCTAssertEqual(swb_fs_magic(dir), Binderfs.superMagic)
        let control = try XCTUnwrap(statOf("\(dir)/binder-control"))
        XCTAssertEqual(control.st_mode & S_IFMT, S_IFCHR)
        XCTAssertEqual(control.st_mode & 0o7777, 0o600)
        XCTAssertEqual(control.st_uid, 0)
        XCTAssertFalse(defaultDevices.isEmpty)
        for name in defaultDevices {
            let device = try XCTUnwrap(statOf("\(dir)/\(name)"), "default device \(name) missing")
            XCTAssertEqual(device.st_mode & S_IFMT, S_IFCHR)
            XCTAssertEqual(device.st_mode & 0o777, 0o600)
        }
        XCTAssertEqual(Binderfs.devices(instance: dir), defaultDevices.sorted())
        XCTAssertNotNil(statOf("\(dir)/features"))
        XCTAssertNil(statOf("\(dir)/binder_logs"), "binder_logs/ without stats=global")
        // Every device answers like a misc device.
        let driver = try BinderDriver(path: "\(dir)/\(defaultDevices[0])")
        XCTAssertEqual(try driver.protocolVersion(), BinderProtocolInfo.version)
    }

    func testCtlAddCreatesAWorkingDevice() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        let (major, minor) = try Binderfs.addDevice("anbox-binder", instance: dir)
        let st = try XCTUnwrap(statOf("\(dir)/anbox-binder"))
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR)
        XCTAssertEqual(UInt32(st.st_rdev >> 8 & 0xfff), major)
        XCTAssertEqual(UInt32((st.st_rdev & 0xff) | (st.st_rdev >> 12 & 0xfff00)), minor)
        XCTAssertTrue(Binderfs.devices(instance: dir).contains("anbox-binder"))
        // A full context: manager and a call round trip through BinderKit.
        let driver = try BinderDriver(path: "\(dir)/anbox-binder")
        XCTAssertEqual(try driver.protocolVersion(), BinderProtocolInfo.version)
        _ = try driver.map(size: 128 * 1024)
        try driver.setContextManager()
        // Minors are unique across instances.
        let other = try newInstance(type)
        let second = try Binderfs.addDevice("anbox-binder", instance: other)
        XCTAssertEqual(second.major, major)
        XCTAssertNotEqual(second.minor, minor)
    }

    func testCtlAddRefusesTakenAndBadNames() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        try Binderfs.addDevice("dup", instance: dir)
        assertAddFails(EEXIST, Array("dup".utf8), in: dir, "a name in use")
        assertAddFails(EEXIST, Array("binder-control".utf8), in: dir, "binder-control")
        // swbinder: EINVAL, as the issue asks; the kernel's binderfs hands the
        // name to a path lookup, which answers EACCES.
        let bad: Int32 = isSwbinder ? EINVAL : EACCES
        assertAddFails(bad, [], in: dir, "empty name")
        assertAddFails(bad, Array("a/b".utf8), in: dir, "a name with /")
        assertAddFails(bad, Array(".".utf8), in: dir, ".")
        assertAddFails(bad, Array("..".utf8), in: dir, "..")
        let full = [UInt8](repeating: UInt8(ascii: "n"), count: 256)
        if isSwbinder {
            assertAddFails(EINVAL, full, in: dir, "256 bytes without a NUL")
        } else {
            // The kernel's binderfs cuts the name to 255 bytes.
            _ = try Binderfs.addDevice(nameBytes: full, control: "\(dir)/binder-control")
            XCTAssertNotNil(statOf("\(dir)/" + String(repeating: "n", count: 255)))
        }
        // 255 bytes is the longest name, for both.
        try Binderfs.addDevice(String(repeating: "m", count: 255), instance: dir)
        // Any other byte is fine in a name.
        try Binderfs.addDevice("with space:and+more", instance: dir)
        XCTAssertNotNil(statOf("\(dir)/with space:and+more"))
        // A bad request: unknown ioctl on binder-control.
        let fd = open("\(dir)/binder-control", O_RDWR)
        defer { close(fd) }
        XCTAssertEqual(swb_ioctl(fd, UInt(BinderIoctl.version.rawValue), nil), -1)
        XCTAssertEqual(errno, EINVAL)
    }

    func testMaxLimitsTheDevicesAndRemountChangesIt() throws {
        guard let type = try fsType() else { return }
        let defaults = defaultDevices.count
        let dir = try newInstance(type, options: "max=\(defaults + 1)")
        try Binderfs.addDevice("one-more", instance: dir)
        assertAddFails(ENOSPC, Array("too-many".utf8), in: dir, "past max=")
        XCTAssertTrue(try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8).contains("max=\(defaults + 1)"))
        // Remount: max= may change, stats= may not.
        XCTAssertEqual(mount(type, dir, type, UInt(MS_REMOUNT), "max=\(defaults + 2)"), 0, "remount max=: errno \(errno)")
        try Binderfs.addDevice("too-many", instance: dir)
        assertAddFails(ENOSPC, Array("even-more".utf8), in: dir, "past the new max=")
        XCTAssertNotEqual(mount(type, dir, type, UInt(MS_REMOUNT), "stats=global"), 0)
        XCTAssertEqual(errno, EINVAL, "stats= changed on remount")
        // Removing a device makes room again.
        XCTAssertEqual(unlink("\(dir)/too-many"), 0)
        try Binderfs.addDevice("even-more", instance: dir)
        // max= above 1 << MINORBITS, or a mount that cannot hold its defaults.
        let bad = try scratchDir()
        XCTAssertNotEqual(mount(type, bad, type, 0, "max=\((1 << 20) + 1)"), 0)
        XCTAssertEqual(errno, EINVAL)
        if defaults > 0 {
            XCTAssertNotEqual(mount(type, bad, type, 0, "max=\(defaults - 1)"), 0)
            XCTAssertEqual(errno, ENOSPC)
        }
        XCTAssertNotEqual(mount(type, bad, type, 0, "nonsense=1"), 0)
        XCTAssertEqual(errno, EINVAL)
    }

    func testFeaturesFollowTheSpec() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        let files = Dictionary(uniqueKeysWithValues: Binderfs.features(instance: dir).map { ($0.name, $0.value) })
        for feature in BinderProtocolInfo.features {
            if driverHas(since: feature.since) {
                XCTAssertEqual(files[feature.name], 1, "features/\(feature.name)")
            } else {
                XCTAssertNil(files[feature.name], "features/\(feature.name) before \(feature.since)")
            }
        }
        if isSwbinder {
            XCTAssertEqual(Set(files.keys), Set(BinderProtocolInfo.features.map(\.name)), "swbinder lists exactly the spec's features")
        }
        let st = try XCTUnwrap(statOf("\(dir)/features/\(BinderProtocolInfo.features[0].name)"))
        XCTAssertEqual(st.st_mode & 0o777, 0o444)
    }

    func testStatsGlobalHasBinderLogs() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type, options: "stats=global")
        let logs = "\(dir)/binder_logs"
        for name in ["stats", "state", "transactions", "transaction_log", "failed_transaction_log"] {
            XCTAssertNotNil(statOf("\(logs)/\(name)"), "binder_logs/\(name)")
        }
        XCTAssertTrue(try String(contentsOfFile: "\(logs)/stats", encoding: .utf8).hasPrefix("binder stats:\n"))
        XCTAssertTrue(try String(contentsOfFile: "\(logs)/state", encoding: .utf8).hasPrefix("binder state:\n"))
        XCTAssertTrue(try String(contentsOfFile: "\(logs)/transactions", encoding: .utf8).hasPrefix("binder transactions:\n"))
        // proc/<pid> for a process with a device of this instance open.
        let driver = try BinderDriver(path: "\(dir)/\(defaultDevices[0])")
        _ = try driver.protocolVersion()
        let pid = getpid()
        let proc = try String(contentsOfFile: "\(logs)/proc/\(pid)", encoding: .utf8)
        XCTAssertTrue(proc.hasPrefix("binder proc state:\n"), proc)
        XCTAssertTrue(proc.contains("proc \(pid)\n"), proc)
        XCTAssertTrue(proc.contains("context \(defaultDevices[0])\n"), proc)
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: "\(logs)/proc").contains("\(pid)"))
        XCTAssertTrue(try String(contentsOfFile: "/proc/self/mounts", encoding: .utf8).contains("stats=global"))
    }

    func testUnlinkRemovesTheDeviceButOpenFilesKeepWorking() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        try Binderfs.addDevice("doomed", instance: dir)
        let driver = try BinderDriver(path: "\(dir)/doomed")
        _ = try driver.map(size: 128 * 1024)
        XCTAssertEqual(unlink("\(dir)/doomed"), 0)
        XCTAssertNil(statOf("\(dir)/doomed"))
        XCTAssertFalse(Binderfs.devices(instance: dir).contains("doomed"))
        XCTAssertEqual(try driver.protocolVersion(), BinderProtocolInfo.version)
        try driver.setContextManager()
        // The name is free again: a new, different device.
        try Binderfs.addDevice("doomed", instance: dir)
        let second = try BinderDriver(path: "\(dir)/doomed")
        try second.setContextManager()
        // binder-control stays.
        XCTAssertNotEqual(unlink("\(dir)/binder-control"), 0)
        XCTAssertEqual(errno, EPERM)
        XCTAssertNotNil(statOf("\(dir)/binder-control"))
        // Nothing else can be created in an instance.
        XCTAssertNotEqual(mkdir("\(dir)/dir", 0o755), 0)
        XCTAssertNotEqual(mknod("\(dir)/node", S_IFCHR | 0o600, 0), 0)
    }

    func testInstancesAreIsolated() throws {
        guard let type = try fsType() else { return }
        let a = try newInstance(type)
        let b = try newInstance(type)
        try Binderfs.addDevice("only-in-a", instance: a)
        XCTAssertNil(statOf("\(b)/only-in-a"))
        // Same name, two devices: each has its own context manager.
        let name = defaultDevices[0]
        let managerA = try BinderDriver(path: "\(a)/\(name)")
        try managerA.setContextManager()
        let managerB = try BinderDriver(path: "\(b)/\(name)")
        try managerB.setContextManager()
        let again = try BinderDriver(path: "\(a)/\(name)")
        assertErrno(EBUSY, "a second manager on the same device") { try again.setContextManager() }
        // Unmounting one leaves the other whole.
        try Binderfs.unmount(a)
        mounted.removeAll { $0 == a }
        XCTAssertNotNil(statOf("\(b)/\(name)"))
        XCTAssertEqual(try BinderDriver(path: "\(b)/\(name)").protocolVersion(), BinderProtocolInfo.version)
    }

    func testUnmountWithOpenFilesKeepsThemWorking() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        try Binderfs.addDevice("survivor", instance: dir)
        let driver = try BinderDriver(path: "\(dir)/survivor")
        _ = try driver.map(size: 128 * 1024)
        XCTAssertNotEqual(umount2(dir, 0), 0, "umount of a busy instance")
        XCTAssertEqual(errno, EBUSY)
        try Binderfs.unmount(dir, lazy: true)
        mounted.removeAll { $0 == dir }
        XCTAssertNotEqual(swb_fs_magic(dir), Binderfs.superMagic)
        XCTAssertEqual(try driver.protocolVersion(), BinderProtocolInfo.version)
        try driver.setContextManager()
    }

    func testUnprivilegedUserNamespaceMountsItsOwnInstances() throws {
        guard let type = try fsType() else { return }
        let knob = "/proc/sys/kernel/unprivileged_userns_clone"
        if let value = try? String(contentsOfFile: knob, encoding: .utf8), value.hasPrefix("0") {
            try "1\n".write(toFile: knob, atomically: false, encoding: .utf8)
        }
        let dir = try scratchDir()
        chmod(dir, 0o777)
        // As nobody, in new user, mount and ipc namespaces: mount, check the
        // owner, create a device, open it and ask its version; twice, so two
        // such instances are seen not to share names.
        let script = """
            set -e
            mount -t \(type) \(type) "$1"
            stat -c 'control %u %a' "$1/binder-control"
            python3 - "$1" <<'EOF'
            import fcntl, os, struct, sys
            d = sys.argv[1]
            fd = os.open(d + "/binder-control", os.O_RDWR)
            req = bytearray(struct.pack("256sII", b"ns-device", 0, 0))
            fcntl.ioctl(fd, 0xc1086201, req)
            dev = os.open(d + "/ns-device", os.O_RDWR)
            version = bytearray(4)
            fcntl.ioctl(dev, 0xc0046209, version)
            print("version", struct.unpack("i", version)[0])
            EOF
            stat -c 'device %u %a' "$1/ns-device"
            """
        for _ in 0..<2 {
            let output = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                      "/usr/bin/unshare", "-Urmi", "/bin/sh", "-c", script, "sh", dir])
            XCTAssertTrue(output.contains("control 0 600"), output)
            XCTAssertTrue(output.contains("version \(BinderProtocolInfo.version)"), output)
            XCTAssertTrue(output.contains("device 0 600"), output)
        }
        // The mounts stayed in their namespaces.
        XCTAssertNotEqual(swb_fs_magic(dir), Binderfs.superMagic)
        // stats=global is for the initial namespace's root only.
        let denied = try run("/usr/bin/unshare", ["-Urm", "/bin/sh", "-c",
                                                  "mount -t \(type) -o stats=global \(type) \"$1\" 2>&1 || echo refused", "sh", dir])
        XCTAssertTrue(denied.contains("refused"), denied)
    }

    func testModuleStaysWhileMounted() throws {
        guard let type = try fsType() else { return }
        let dir = try newInstance(type)
        let module = isSwbinder ? "swbinder" : "binder_linux"
        // The kernel keeps a module with a mounted filesystem (binder_linux
        // cannot be unloaded at all).
        XCTAssertNotEqual(swb_delete_module(module, UInt32(O_NONBLOCK)), 0, "\(module) unloaded while mounted")
        XCTAssertTrue([EWOULDBLOCK, EBUSY, EPERM].contains(errno), "errno \(errno)")
        XCTAssertEqual(swb_fs_magic(dir), Binderfs.superMagic)
    }

    func testEverythingIsFreedAfterUnmountAndClose() throws {
        guard let type = try fsType() else { return }
        let debugfs = BinderDebugfs(driver: ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"])
        func activeProcs() throws -> Int {
            let line = try debugfs.read("stats").first { $0.hasPrefix("proc: active ") } ?? ""
            return line.matchInts(#"^proc: active (-?\d+) "#)?.first ?? -1
        }
        let before = try activeProcs()
        do {
            let dir = try newInstance(type)
            try Binderfs.addDevice("short-lived", instance: dir)
            let driver = try BinderDriver(path: "\(dir)/short-lived")
            _ = try driver.map(size: 128 * 1024)
            try driver.setContextManager()
            XCTAssertEqual(try activeProcs(), before + 1)
            XCTAssertEqual(unlink("\(dir)/short-lived"), 0)
            try Binderfs.unmount(dir)
            mounted.removeAll { $0 == dir }
        }
        // binder_linux tears a proc down from a workqueue: give it a moment.
        var after = try activeProcs()
        for _ in 0..<300 where after != before {
            usleep(100_000)
            after = try activeProcs()
        }
        XCTAssertEqual(after, before)
    }

    /// Runs a program, returns stdout and stderr; fails the test on a non-zero exit.
    private func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "\(path) \(arguments): \(output)")
        return output
    }
}

private extension BinderDriver {
    func setContextManager() throws {
        var unused: Int32 = 0
        try ioctl(.setContextMgr, &unused)
    }
}
