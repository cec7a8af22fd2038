// binderctl add-device: what rsbinder's rsb_device and Waydroid do: mount a
// binderfs instance if the directory holds none, then BINDER_CTL_ADD.

import ArgumentParser
import BinderKit
import Foundation
import Glibc

struct AddDevice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-device",
        abstract: "Create a binder device in a binderfs instance (mounting one there if needed).",
        discussion: """
            Mounts swbinder's binderfs (or the kernel's, where swbinder is not loaded) at DIR when \
            DIR is not a binderfs mount yet, then creates NAME through DIR/binder-control. \
            A device that already exists is kept (exit 0).
            """)

    @Argument(help: "Device name, e.g. anbox-binder.")
    var name: String

    @Option(help: "The binderfs instance's mount point.")
    var binderfs = "/dev/binderfs"

    @Option(help: "Filesystem type to mount (default: swbinder's binderfs if loaded, else binder).")
    var type: String?

    @Option(help: "Mode to give the new device, in octal (rsb_device uses 666).")
    var mode: String?

    func run() throws {
        if !Binderfs.isBinderfs(binderfs) {
            try Binderfs.mount(at: binderfs, type: type)
            print("mounted \(type ?? Binderfs.preferredType() ?? "binder") at \(binderfs)")
        }
        let path = "\(binderfs)/\(name)"
        do {
            let (major, minor) = try Binderfs.addDevice(name, instance: binderfs)
            print("\(path): created, device \(major):\(minor)")
        } catch let error as BinderError where error.errno == EEXIST {
            print("\(path): exists")
        }
        if let mode {
            guard let bits = mode_t(mode, radix: 8) else { throw ValidationError("--mode: not an octal mode: \(mode)") }
            if chmod(path, bits) != 0 { throw BinderError("chmod \(path)", errno: errno) }
        }
    }
}
