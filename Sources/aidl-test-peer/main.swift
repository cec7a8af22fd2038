// aidl-test-peer: serves the generated ITestService (AIDLTestService's
// TestService) in its own process for the AIDL DriverTests. Registers it with
// the running service manager under NAME (and beside it IVersioned as
// NAME.versioned, INested as NAME.nested, IFixedArrays as NAME.fixed,
// IHandwritten as NAME.handwritten),
// prints "ready", and serves.
//
//   aidl-test-peer DEVICE NAME

import AIDLTestService
import BinderKit
import CBinderUAPI
import Glibc

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: aidl-test-peer DEVICE NAME")
    exit(2)
}
_ = swb_exit_with_parent()

do {
    let process = try BinderProcess(device: arguments[1])
    let service = ITestServiceService(TestService())
    try ServiceManager(process).addService(arguments[2], service.binder)
    let others: [(String, LocalBinder)] = [
        ("versioned", IVersionedService(VersionedService()).binder),
        ("nested", INestedService(NestedService()).binder),
        ("fixed", IFixedArraysService(FixedArraysService()).binder),
        ("handwritten", IHandwrittenService(HandwrittenService()).binder),
    ]
    for (suffix, binder) in others { try ServiceManager(process).addService("\(arguments[2]).\(suffix)", binder) }
    print("ready")
    fflush(nil)
    process.startThreadPool()
    process.joinThreadPool()
} catch {
    print("aidl-test-peer: \(error)")
    exit(1)
}
