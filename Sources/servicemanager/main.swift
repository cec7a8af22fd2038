// binder-servicemanager: the context manager of a binder device, wire
// compatible with Android 10's IServiceManager and with the AIDL one of one
// release from Android 11 to 16.
//
//   binder-servicemanager [--android10-only] [--android-release N]
//                         [--client-check-interval SECONDS] [DEVICE]
//
// Prints "ready" once it is the context manager, then a line per event.

import BinderKit
import Foundation
import Glibc

let usage = """
    usage: binder-servicemanager [--android10-only] [--android-release N] [--client-check-interval SECONDS] [DEVICE]
    Becomes the context manager of DEVICE (default /dev/binder) and keeps the
    list of services, for Android 10 clients (IServiceManager get, check, add,
    list) and for AIDL ones (Android 11 and later: those and notifications,
    client callbacks, debug info and the rest), told apart by the interface token.
    Only one process per device can do this; run it before any service.
      --android10-only      refuse AIDL calls, as Android 10's manager does.
      --android-release N   number AIDL methods as Android N (11 to 16, default 16)
                            does: releases number them differently and send the
                            same token, so a manager serves one release's clients.
      --client-check-interval SECONDS
                            how often registerClientCallback's services are checked
                            for lost clients (default 5, as Android's manager).
    """

/// The command line, parsed; nil (after printing why) if it is not valid.
struct Options {
    var android10Only = false
    var release = ServiceManagerRelease.newest
    var clientCheckInterval = 5.0
    var device = "/dev/binder"

    init?(_ arguments: [String]) {
        var rest = arguments[...]
        var devices: [String] = []
        while let argument = rest.popFirst() {
            switch argument {
            case "--android10-only":
                android10Only = true
            case "--android-release":
                guard let release = rest.popFirst().flatMap(Int.init).flatMap(ServiceManagerRelease.init(number:)) else {
                    print("--android-release takes a release from 11 to 16")
                    return nil
                }
                self.release = release
            case "--client-check-interval":
                guard let seconds = rest.popFirst().flatMap(Double.init), seconds > 0 else {
                    print("--client-check-interval takes a positive number of seconds")
                    return nil
                }
                clientCheckInterval = seconds
            default:
                guard !argument.hasPrefix("-") else { return nil }
                devices.append(argument)
            }
        }
        guard devices.count <= 1 else { return nil }
        device = devices.first ?? device
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
guard let options = Options(arguments) else {
    print(usage)
    exit(2)
}
let device = options.device

@Sendable func log(_ line: String) {
    print("servicemanager: \(line)")
    fflush(nil)
}

do {
    let process = try BinderProcess(device: device)
    let service = ServiceManagerService(log: log, android10Only: options.android10Only, release: options.release)
    let manager = LocalBinder(
        descriptor: ServiceManagerProtocol.descriptor, service: service)
    // A previous manager's process may still be going away: retry while busy.
    var attempts = 0
    while true {
        do {
            try process.becomeContextManager(manager)
            break
        } catch let error as BinderError where error.errno == EBUSY && attempts < 100 {
            attempts += 1
            usleep(20_000)
        }
    }
    log("context manager of \(device), AIDL numbered as \(options.release)")
    startClientChecks(service.registry, every: options.clientCheckInterval)
    print("ready")
    fflush(nil)
    process.startThreadPool()
    process.joinThreadPool()
    log("\(device) failed: exiting")
    exit(1)
} catch let error as BinderError where error.errno == EBUSY {
    log("\(device) already has a context manager (another service manager is running): \(error)")
    exit(1)
} catch {
    log("cannot serve \(device): \(error)")
    log("hint: load a driver (insmod swbinder.ko, or modprobe binder_linux) and run as root")
    exit(1)
}

/// Android's manager checks its lazy services' clients every 5 s, on a
/// thread of its own here.
func startClientChecks(_ registry: ServiceRegistry, every seconds: Double) {
    let thread = Thread {
        while true {
            Thread.sleep(forTimeInterval: seconds)
            registry.checkClients()
        }
    }
    thread.name = "client checks"
    thread.start()
}
