// binder-demo-client: calls binder-demo-service the ways `make demo` shows.
//
//   binder-demo-client [DEVICE]
//
// After the calls it waits (up to 60 s) for the service to die and reports
// the death notification; the demo script kills the service at that point.

import AIDLGreeter
import Foundation
import Glibc

let device = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/dev/binder"

func say(_ line: String) {
    print("demo-client[\(getpid())]: \(line)")
    fflush(nil)
}

/// What the greeter calls back: an IReplier served from this process.
final class Replier: IReplier {
    func answer(question: String) throws -> String {
        say("callback: the service (pid \(BinderCaller.current?.pid ?? 0)) asks \"\(question)\"")
        return "Fine, thanks, from a Swift callback"
    }
}

func run() throws {
    let process = try BinderProcess(device: device)
    // Loopers receive the callback call and the death notification.
    process.startThreadPool()
    let manager = ServiceManager(process)
    say("services registered: \(try manager.listServices()) (service manager protocol: \(try manager.dialect()))")
    guard let binder = try manager.getService("demo.greeter") as? RemoteBinder else {
        say("demo.greeter is not registered: start binder-demo-service first")
        exit(1)
    }
    say("got demo.greeter as \(binder), interface \(try binder.interfaceDescriptor() ?? "?")")
    // The typed proxy generated from IGreeter.aidl.
    let greeter = IGreeterProxy(binder: binder)

    // 1. A synchronous call: the reply comes back on this thread.
    say("greet -> \"\(try greeter.greet(name: "Swift"))\"")

    // 2. Oneway calls return at once; the service counts them.
    for text in ["first", "second", "third"] { try greeter.note(text: text) }
    // A later sync call may overtake oneways still queued (another service
    // thread takes it), so ask until all three are in.
    var counted: Int32 = 0
    for _ in 0..<100 {
        counted = try greeter.notes()
        if counted == 3 { break }
        usleep(10_000)
    }
    say("sent 3 oneway notes without waiting; the service has received \(counted)")

    // 3. An interface as an argument: the service calls it back while our call waits.
    say("callback -> \"\(try greeter.callback(replier: Replier()))\"")

    // 4. A file descriptor: the kernel installs a copy in the service.
    let path = "/tmp/binder-demo.txt"
    try "a line written by the client\n".write(toFile: path, atomically: true, encoding: .utf8)
    let file = ParcelFileDescriptor(adopting: open(path, O_RDONLY | O_CLOEXEC))
    say("readFirstLine -> \"\(try greeter.readFirstLine(file: file))\"")

    // 5. A death notification when the service's process dies.
    let died = DispatchSemaphore(value: 0)
    try binder.linkToDeath { binder in
        say("death notification: \(binder) died")
        died.signal()
    }
    say("linked to death; waiting for the service to die")
    guard died.wait(timeout: .now() + 60) == .success else {
        say("no death notification within 60 s")
        exit(1)
    }
    // The service manager watches too, and forgets the service.
    for _ in 0..<100 where try manager.checkService("demo.greeter") != nil { usleep(10_000) }
    let gone = try manager.checkService("demo.greeter") == nil
    say("after the death, the service manager \(gone ? "no longer lists" : "STILL lists") demo.greeter")
    say("services registered: \(try manager.listServices())")
    if !gone { exit(1) }
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
