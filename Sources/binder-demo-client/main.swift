// binder-demo-client: calls binder-demo-service the ways `make demo` shows.
//
//   binder-demo-client [DEVICE]
//
// After the calls it waits (up to 60 s) for the service to die and reports
// the death notification; the demo script kills the service at that point.

import BinderKit
import Foundation
import Glibc

let device = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/dev/binder"

func say(_ line: String) {
    print("demo-client[\(getpid())]: \(line)")
    fflush(nil)
}

func run() throws {
    let process = try BinderProcess(device: device)
    // Loopers receive the callback call and the death notification.
    process.startThreadPool()
    let manager = ServiceManager(process)
    say("services registered: \(try manager.listServices())")
    guard let greeter = try manager.getService("demo.greeter") as? RemoteBinder else {
        say("demo.greeter is not registered: start binder-demo-service first")
        exit(1)
    }
    say("got demo.greeter as \(greeter), interface \(try greeter.interfaceDescriptor() ?? "?")")

    // 1. A synchronous call: the reply comes back on this thread.
    var data = ParcelWriter()
    data.writeString16("Swift")
    var reply = try greeter.transact(code: 1, data: data)
    say("GREET -> \"\(try reply.readString16() ?? "")\"")

    // 2. Oneway calls return at once; the service counts them.
    for text in ["first", "second", "third"] {
        var note = ParcelWriter()
        note.writeString16(text)
        try greeter.transactOneway(code: 2, data: note)
    }
    // A later sync call may overtake oneways still queued (another service
    // thread takes it), so ask until all three are in.
    var counted: Int32 = 0
    for _ in 0..<100 {
        var notes = try greeter.transact(code: 3)
        counted = try notes.readInt32()
        if counted == 3 { break }
        usleep(10_000)
    }
    say("sent 3 oneway NOTEs without waiting; the service has received \(counted)")

    // 3. A binder object: the service calls it back while our call waits.
    let callback = LocalBinder(descriptor: "demo.ICallback") { call, reply in
        say("callback: the service (pid \(call.senderPID)) asks \"\(try call.data.readString16() ?? "")\"")
        reply.writeString16("Fine, thanks, from a Swift callback")
    }
    var withCallback = ParcelWriter()
    withCallback.writeBinder(callback)
    var answer = try greeter.transact(code: 4, data: withCallback)
    say("CALLBACK -> \"\(try answer.readString16() ?? "")\"")

    // 4. A file descriptor: the kernel installs a copy in the service.
    let path = "/tmp/binder-demo.txt"
    try "a line written by the client\n".write(toFile: path, atomically: true, encoding: .utf8)
    let fd = open(path, O_RDONLY)
    var withFD = ParcelWriter()
    withFD.writeFileDescriptor(fd, takeOwnership: false)
    defer { close(fd) }
    var read = try greeter.transact(code: 5, data: withFD)
    say("READ_FD -> \"\(try read.readString16() ?? "")\"")

    // 5. A death notification when the service's process dies.
    let died = DispatchSemaphore(value: 0)
    try greeter.linkToDeath { binder in
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
