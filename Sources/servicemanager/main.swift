// binder-servicemanager: the context manager of a binder device, wire
// compatible with Android 10's IServiceManager and with Android 16's AIDL one.
//
//   binder-servicemanager [DEVICE]     (default /dev/binder)
//
// Prints "ready" once it is the context manager, then a line per event.

import BinderKit
import Foundation
import Glibc

var arguments = CommandLine.arguments
// Answers as Android 10's own manager would (refusing AIDL tokens): for
// testing clients against an Android 10 device.
let android10Only = arguments.contains("--android10-only")
arguments.removeAll { $0 == "--android10-only" }
if arguments.contains("--help") || arguments.contains("-h") || arguments.count > 2 {
    print("""
        usage: binder-servicemanager [--android10-only] [DEVICE]
        Becomes the context manager of DEVICE (default /dev/binder) and keeps the
        list of services, for Android 10 clients (IServiceManager get, check, add,
        list) and for AIDL ones (Android 16's IServiceManager: those and notifications,
        debug info and the rest), told apart by the interface token.
        Only one process per device can do this; run it before any service.
        --android10-only refuses AIDL calls, as Android 10's manager does.
        """)
    exit(arguments.count > 2 ? 2 : 0)
}
let device = arguments.count == 2 ? arguments[1] : "/dev/binder"

@Sendable func log(_ line: String) {
    print("servicemanager: \(line)")
    fflush(nil)
}

do {
    let process = try BinderProcess(device: device)
    let manager = LocalBinder(
        descriptor: ServiceManagerProtocol.descriptor, service: ServiceManagerService(log: log, android10Only: android10Only))
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
    log("context manager of \(device)")
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
