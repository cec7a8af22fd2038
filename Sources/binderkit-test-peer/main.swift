// binderkit-test-peer: a BinderKit service in its own process for the
// BinderKit DriverTests. Registers itself with the running service manager
// under NAME, prints "ready", and serves on a thread pool of MAX threads.
//
//   binderkit-test-peer DEVICE NAME [MAX [WATCHED]]
//
// With WATCHED it also asks the manager (AIDL protocol) to notify it of
// registrations of that name, so a test can kill a process with a watch.

import BinderKit
import CBinderUAPI
import Foundation
import Glibc
import Synchronization

/// Codes the peer answers (the tests use the same numbers in KitPeerCode).
enum Code: UInt32 {
    case echo = 1          // String16 -> the same String16
    case callBack = 2      // binder, int32 x -> calls binder code 1 with x, replies its int32
    case hold = 3          // binder -> keeps a reference to it
    case drop = 4          // forgets the held binder
    case note = 5          // oneway int32: remembered
    case notes = 6         // -> int32 count, then each remembered int32
    case makeObject = 7    // -> a new local binder (answers ping only)
    case liveObjects = 8   // -> int32 local binders the kernel still holds here
    case barrier = 9       // int32 n -> int32 1 once n calls wait here together (0 after 30 s), int32 spawn requests
    case readFD = 10       // fd -> String16 the file's contents
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: binderkit-test-peer DEVICE NAME [MAX]")
    exit(2)
}
_ = swb_exit_with_parent()

final class Peer: BinderService, @unchecked Sendable {
    var process: BinderProcess!
    private let held = Mutex<(any Binder)?>(nil)
    private let notes = Mutex<[Int32]>([])
    private let waiting = NSCondition()
    private var arrived = 0

    func onTransact(_ call: inout IncomingCall, reply: inout ParcelWriter) throws {
        switch Code(rawValue: call.code) {
        case .echo:
            reply.writeString16(try call.data.readString16())
        case .callBack:
            guard let binder = try call.data.readBinder() else { throw BinderStatus.badValue }
            var data = ParcelWriter()
            data.writeInt32(try call.data.readInt32())
            var answer = try binder.transact(code: 1, data: data)
            reply.writeInt32(try answer.readInt32())
        case .hold:
            let binder = try call.data.readBinder()
            held.withLock { $0 = binder }
        case .drop:
            held.withLock { $0 = nil }
        case .note:
            let value = try call.data.readInt32()
            notes.withLock { $0.append(value) }
        case .notes:
            let all = notes.withLock { $0 }
            reply.writeInt32(Int32(all.count))
            all.forEach { reply.writeInt32($0) }
        case .makeObject:
            reply.writeBinder(LocalBinder { _, _ in })
        case .liveObjects:
            reply.writeInt32(Int32(process.liveLocalBinderCount))
        case .barrier:
            reply.writeInt32(barrier(Int(try call.data.readInt32())) ? 1 : 0)
            reply.writeInt32(Int32(process.spawnRequestCount))
        case .readFD:
            let fd = try call.data.readFileDescriptor()
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = pread(fd, &buffer, buffer.count, 0)
            reply.writeString16(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self))
        case nil:
            throw BinderStatus.unknownTransaction
        }
    }

    /// Waits until `count` callers are inside at once: proof of that many threads.
    private func barrier(_ count: Int) -> Bool {
        waiting.lock()
        defer { waiting.unlock() }
        arrived += 1
        waiting.broadcast()
        let deadline = Date().addingTimeInterval(30)
        while arrived < count {
            if !waiting.wait(until: deadline) { return false }
        }
        return true
    }
}

/// A registerForNotifications callback that ignores what it is told.
final class Watcher: IServiceCallback {
    func onRegistration(name: String, binder: any Binder) throws {}
}

do {
    let maxThreads = arguments.count > 3 ? UInt32(arguments[3]) ?? 15 : 15
    let process = try BinderProcess(device: arguments[1], maxThreads: maxThreads)
    let peer = Peer()
    peer.process = process
    try ServiceManager(process).addService(arguments[2], LocalBinder(descriptor: "kit.ITestPeer", service: peer))
    if arguments.count > 4 {
        try ServiceManager(process).aidl.registerForNotifications(name: arguments[4], callback: Watcher())
    }
    print("ready")
    fflush(nil)
    process.startThreadPool()
    process.joinThreadPool()
} catch {
    print("binderkit-test-peer: \(error)")
    exit(1)
}
