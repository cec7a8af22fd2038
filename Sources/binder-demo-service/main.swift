// binder-demo-service: an example BinderKit service for `make demo`.
//
//   binder-demo-service [DEVICE]
//
// Serves demo.IGreeter (Sources/AIDLGreeter/demo/IGreeter.aidl, compiled by
// the AIDL plugin) and registers it as "demo.greeter": greet, a oneway note
// and the count of notes, a callback to the client's IReplier, and the first
// line of a file the client passes.

import AIDLGreeter
import Foundation
import Glibc
import Synchronization

let device = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/dev/binder"

func say(_ line: String) {
    print("demo-service[\(getpid())]: \(line)")
    fflush(nil)
}

final class Greeter: IGreeter {
    private let count = Mutex(0)

    func greet(name: String) throws -> String {
        say("greet(\"\(name)\") from pid \(BinderCaller.current?.pid ?? 0)")
        return "Hello, \(name)!"
    }

    func note(text: String) throws {
        count.withLock { $0 += 1 }
        say("note (oneway) \"\(text)\"")
    }

    func notes() throws -> Int32 { Int32(count.withLock { $0 }) }

    func callback(replier: any IReplier) throws -> String {
        say("callback: asking the client's IReplier")
        return try replier.answer(question: "How are you?")
    }

    func readFirstLine(file: ParcelFileDescriptor) throws -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(file.fd, &buffer, buffer.count, 0)
        let line = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).split(separator: "\n").first ?? ""
        say("readFirstLine: received fd \(file.fd), first line \"\(line)\"")
        return String(line)
    }
}

do {
    let process = try BinderProcess(device: device)
    let manager = ServiceManager(process)
    try manager.addService("demo.greeter", IGreeterService(Greeter()).binder)
    say("registered demo.greeter on \(device) (service manager protocol: \(try manager.dialect()))")
    print("ready")
    fflush(nil)
    process.startThreadPool()
    process.joinThreadPool()
} catch {
    say("error: \(error)")
    exit(1)
}
