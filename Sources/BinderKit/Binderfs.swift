// binderfs from userspace: which driver registered the filesystem and under
// which name, mounting an instance, and creating devices through
// binder-control (BINDER_CTL_ADD), as Waydroid and rsbinder's rsb_device do.
// A binderfs device is then opened like any other: BinderDriver(path:).

import BinderABI
import CBinderUAPI
import Foundation
import Glibc

public enum Binderfs {
    /// BINDERFS_SUPER_MAGIC: statfs' f_type of every binderfs instance.
    public static let superMagic: Int = 0x6c6f_6f70

    /// The filesystem types the kernel knows (/proc/filesystems).
    public static func registeredTypes() -> Set<String> {
        let text = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").compactMap { $0.split(separator: "\t").last.map(String.init) })
    }

    /// The filesystem type of swbinder's binderfs while swbinder is loaded:
    /// "binder", or "swbinder" where the kernel's binder owns "binder".
    public static func swbinderType() -> String? {
        guard let name = try? String(contentsOfFile: "/sys/module/swbinder/parameters/binderfs_name", encoding: .utf8) else {
            return nil
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return registeredTypes().contains(trimmed) ? trimmed : nil
    }

    /// The binderfs type to mount: swbinder's when it is loaded, else the
    /// kernel's "binder" if registered.
    public static func preferredType() -> String? {
        if let ours = swbinderType() { return ours }
        return registeredTypes().contains("binder") ? "binder" : nil
    }

    /// Mount points of binderfs instances (any driver's), from /proc/self/mounts:
    /// (mount point, filesystem type, options).
    public static func mounts() -> [(path: String, type: String, options: String)] {
        let text = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ").map(String.init)
            guard f.count >= 4, isBinderfs(f[1].replacingOccurrences(of: "\\040", with: " ")) else { return nil }
            return (f[1], f[2], f[3])
        }
    }

    /// Whether `path` is the root or inside a binderfs instance.
    public static func isBinderfs(_ path: String) -> Bool {
        swb_fs_magic(path) == superMagic
    }

    /// Mounts a new binderfs instance at `path` (created if missing).
    /// `options` are the mount data, e.g. "max=8" or "stats=global".
    public static func mount(at path: String, type: String? = nil, options: String = "") throws {
        guard let type = type ?? preferredType() else {
            throw BinderError("mount binderfs: no binder filesystem is registered", errno: ENODEV)
        }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let rc = options.withCString { data in
            Glibc.mount(type, path, type, 0, options.isEmpty ? nil : UnsafeRawPointer(data))
        }
        if rc != 0 { throw BinderError("mount -t \(type) \(path)", errno: errno) }
    }

    /// Lazily unmounts an instance (open devices keep working until closed).
    public static func unmount(_ path: String, lazy: Bool = true) throws {
        if umount2(path, lazy ? Int32(MNT_DETACH) : 0) != 0 { throw BinderError("umount \(path)", errno: errno) }
    }

    /// BINDER_CTL_ADD on `<instance>/binder-control`: creates device `name`,
    /// returns its major and minor. EEXIST: the name is in use.
    @discardableResult
    public static func addDevice(_ name: String, instance: String) throws -> (major: UInt32, minor: UInt32) {
        try addDevice(nameBytes: Array(name.utf8), control: "\(instance)/binder-control")
    }

    /// BINDER_CTL_ADD with the name field filled byte for byte (at most 256
    /// bytes, the rest NUL), for tests of bad names.
    public static func addDevice(nameBytes: [UInt8], control: String) throws -> (major: UInt32, minor: UInt32) {
        let fd = open(control, O_RDWR | O_CLOEXEC)
        if fd < 0 { throw BinderError("open \(control)", errno: errno) }
        defer { close(fd) }
        var request = binderfs_device()
        withUnsafeMutableBytes(of: &request.name) { field in
            for (i, byte) in nameBytes.prefix(field.count).enumerated() { field[i] = byte }
        }
        if swb_ioctl(fd, UInt(BinderfsIoctl.ctlAdd.rawValue), &request) != 0 {
            throw BinderError("ioctl BINDER_CTL_ADD", errno: errno)
        }
        return (request.major, request.minor)
    }

    /// Device nodes of an instance (everything but binder-control and the directories).
    public static func devices(instance: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: instance)) ?? []
        return names.filter { name in
            var st = stat()
            return name != "binder-control" && stat("\(instance)/\(name)", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR
        }.sorted()
    }

    /// features/: each file's name and value (1: the driver has it).
    public static func features(instance: String) -> [(name: String, value: Int)] {
        let dir = "\(instance)/features"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { name in
            let text = (try? String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)) ?? ""
            return (name, Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1)
        }
    }
}
