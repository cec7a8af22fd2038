// binderctl: look at a binder device from the command line.

import ArgumentParser
import BinderABI
import BinderKit
import Foundation

@main
struct BinderCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binderctl",
        abstract: "Inspect binder drivers, devices and services (swbinder or the kernel's binder_linux).",
        discussion: """
            Start with `binderctl doctor`: it says which binder driver is loaded, which
            devices exist, and what to fix. With a service manager running
            (binder-servicemanager), `list`, `ping` and `call` talk to services.
            Devices default to /dev/binder; most commands need root.
            """,
        subcommands: [Doctor.self, AddDevice.self, List.self, Ping.self, Call.self, Version.self, Probe.self, Stats.self,
                      Trace.self, Reports.self])
}

/// Exits with a message that says what to do instead of a raw error.
func explain(_ error: Error, device: String) -> ExitCode {
    print("binderctl: \(error)")
    if let error = error as? BinderError, error.errno == ENOENT {
        print("hint: no \(device): load a driver first, e.g. `insmod kmod/swbinder.ko` or `modprobe binder_linux`")
    } else if let error = error as? BinderError, error.errno == EACCES {
        print("hint: \(device) is root-only by default; run as root or change its mode")
    }
    return ExitCode(1)
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the protocol version a device speaks (BINDER_VERSION).")

    @Argument(help: "The binder device.")
    var device = "/dev/binder"

    func run() throws {
        do {
            let version = try BinderDriver(path: device).protocolVersion()
            let verdict = version == BinderProtocolInfo.version ? "as expected" : "expected \(BinderProtocolInfo.version)"
            print("\(device): binder protocol version \(version) (\(verdict))")
        } catch {
            throw explain(error, device: device)
        }
    }
}

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open, map and read a device once, showing every ioctl and what it answered.")

    @Argument(help: "The binder device.")
    var device = "/dev/binder"

    func run() throws {
        do {
            // Non-blocking: a read with no work answers EAGAIN instead of sleeping.
            let driver = try BinderDriver(path: device, nonBlocking: true)
            print("open \(device) (O_NONBLOCK): fd \(driver.fd)")
            print("BINDER_VERSION -> \(try driver.protocolVersion())")
            let mapping = try driver.map(size: 128 * 1024)
            print("mmap 128 KiB read-only -> \(mapping.address)")
            try driver.setMaxThreads(2)
            print("BINDER_SET_MAX_THREADS 2 -> ok")
            var enter = CommandStream()
            enter.append(.enterLooper)
            do {
                let result = try driver.writeRead(enter, readCapacity: 64)
                let names = try result.returns().map(\.code.name).joined(separator: ", ")
                print("BINDER_WRITE_READ [BC_ENTER_LOOPER] -> consumed \(result.writeConsumed), read [\(names)]")
            } catch let error as WriteReadError where error.error.errno == EAGAIN {
                print("BINDER_WRITE_READ [BC_ENTER_LOOPER] -> consumed \(error.partial.writeConsumed), no work yet (EAGAIN)")
            }
            let error = try driver.extendedError()
            print("BINDER_GET_EXTENDED_ERROR -> id \(error.id), command \(BinderReturn(rawValue: error.command)?.name ?? "?"), param \(error.param)")
            try driver.threadExit()
            print("BINDER_THREAD_EXIT -> ok")
        } catch {
            throw explain(error, device: device)
        }
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print swbinder's statistics (debugfs).")

    @Option(help: "The stats file.")
    var file = "/sys/kernel/debug/swbinder/stats"

    func run() throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            print("binderctl: cannot read \(file)")
            print("hint: load swbinder and mount debugfs (mount -t debugfs none /sys/kernel/debug), as root")
            throw ExitCode(1)
        }
        print(text, terminator: "")
    }
}
