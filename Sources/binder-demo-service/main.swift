// binder-demo-service: an example BinderKit service for `make demo`.
//
//   binder-demo-service [DEVICE]
//
// Registers "demo.greeter" with the service manager and answers:
//   1 GREET     String16 name          -> String16 greeting
//   2 NOTE      String16 text, oneway  -> (printed; counted)
//   3 NOTES     -                      -> int32 how many NOTEs arrived
//   4 CALLBACK  binder                 -> calls it (code 1, String16), replies its String16 answer
//   5 READ_FD   file descriptor        -> String16 the file's first line

import BinderKit
import Foundation
import Glibc
import Synchronization

let device = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/dev/binder"

func say(_ line: String) {
    print("demo-service[\(getpid())]: \(line)")
    fflush(nil)
}

final class Greeter: BinderService {
    private let notes = Mutex(0)

    func onTransact(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
        switch call.code {
        case 1:
            let name = try call.data.readString16() ?? "nobody"
            say("GREET \(name) from pid \(call.senderPID)")
            reply.writeString16("Hello, \(name)!")
        case 2:
            let text = try call.data.readString16() ?? ""
            notes.withLock { $0 += 1 }
            say("NOTE (oneway) \"\(text)\"")
        case 3:
            reply.writeInt32(Int32(notes.withLock { $0 }))
        case 4:
            guard let callback = try call.data.readBinder() else { throw BinderStatus.badValue }
            say("CALLBACK: calling the client's binder back")
            var question = ParcelWriter()
            question.writeString16("How are you?")
            var answer = try callback.transact(code: 1, data: question)
            reply.writeString16(try answer.readString16())
        case 5:
            let fd = try call.data.readFileDescriptor()
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = pread(fd, &buffer, buffer.count, 0)
            let line = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).split(separator: "\n").first ?? ""
            say("READ_FD: received fd \(fd), first line \"\(line)\"")
            reply.writeString16(String(line))
        default:
            throw BinderStatus.unknownTransaction
        }
    }
}

do {
    let process = try BinderProcess(device: device)
    let service = LocalBinder(descriptor: "demo.IGreeter", service: Greeter())
    try ServiceManager(process).addService("demo.greeter", service)
    say("registered demo.greeter on \(device)")
    print("ready")
    fflush(nil)
    process.startThreadPool()
    process.joinThreadPool()
} catch {
    say("error: \(error)")
    exit(1)
}
