// binder-test-peer: scripted binder processes for the DriverTests, run as
// real child processes.
//
//   binder-test-peer DEVICE service
//       becomes the context manager of the device, prints "ready", and
//       serves the codes below until told to quit or killed.
//   binder-test-peer DEVICE client CODE
//       prints "calling", calls handle 0 with CODE and prints how it ended.
//   binder-test-peer DEVICE context-mgr-as UID
//       switches to UID (all three uids, group too), opens DEVICE, tries
//       BINDER_SET_CONTEXT_MGR and prints "ok" or the errno's name.

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc

/// Transaction codes the service understands (shared with DriverTests by value).
enum PeerCode: UInt32 {
    case echo = 1          // reply with the same data and objects
    case whoAmI = 2        // reply: int32 sender pid, uint32 sender euid
    case callBack = 3      // data holds a binder: call it (code 7), reply with its answer
    case die = 4           // exit without replying
    case record = 5        // oneway: remember the int32 in the data
    case getRecord = 6     // reply: every remembered int32, in order
    case holdHandle = 8    // take a strong ref on the handle in the data
    case releaseHandle = 9 // drop it again
    case statusCode = 10   // reply with TF_STATUS_CODE and int32 -22
    case describe = 11     // reply: for each object received, its type and handle (uint32 each)
    case recordSender = 12 // oneway: remember the sender pid (as a record)
    case stall = 13        // wait 1 s, then reply (so a caller can be killed meanwhile)
    case giveHeld = 14     // reply with the handle held by holdHandle, as an object
    case keepBuffer = 15   // oneway: keep this call's buffer instead of freeing it; record its int32 if any
    case freeKept = 16     // free every kept buffer
    case stallLong = 17    // wait 5 s, then reply: for a test whose caller must die (or be probed) mid-call
                           // even when a slow kernel takes a while to tear a process down
    case describeObjects = 20 // reply: uint64 words describing every object (see describeObjects)
    case replyWithFd = 21  // reply with an fd object: the read end of a pipe holding "peer-fd", then its uint64 inode
    case limitFds = 22     // lower RLIMIT_NOFILE so that no new fd can be allocated
    case unlimitFds = 23   // restore RLIMIT_NOFILE
    case countFds = 24     // reply: uint64 count of this process's open fds
    case publishNode = 25  // reply with a binder of this process that accepts fds
    case echoClearBuf = 26 // like echo, with TF_CLEAR_BUF on the reply
    case replyScatterGather = 27 // BC_REPLY_SG: one PTR object whose buffer holds the call's data
    case quit = 99         // reply, then exit
}

/// A little-endian integer at `offset` in `bytes`, or 0 past the end.
func word<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int, _: T.Type) -> T {
    guard offset >= 0, offset + MemoryLayout<T>.size <= bytes.count else { return 0 }
    return (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(bytes[offset + $1]) << (8 * $1) }
}

/// An integer in this process's memory (the binder mapping).
func memory<T: FixedWidthInteger>(_ address: UInt64, _: T.Type) -> T {
    UnsafeRawPointer(bitPattern: UInt(address))!.loadUnaligned(as: T.self)
}

/// fd, whether it is close-on-exec, and its inode (0 if the fd is not open).
func describeFd(_ fd: UInt32, into words: inout [UInt64]) {
    var st = stat()
    let open = fstat(Int32(bitPattern: fd), &st) == 0
    let cloexec = (fcntl(Int32(bitPattern: fd), F_GETFD) & FD_CLOEXEC) != 0
    words += [UInt64(fd), cloexec ? 1 : 0, open ? UInt64(st.st_ino) : 0]
}

/// For each object: FD: type, fd, cloexec, inode (then closes it, as its
/// owner should); FDA: type, count, then fd, cloexec, inode per fd (the
/// driver closes those); PTR: type, flags, length, offset of the copy in
/// the transaction buffer, 1/0 whether the parent points at the copy (2 with
/// no parent), then the bytes as little-endian words; others: type.
func describeObjects(_ call: ReceivedTransaction) -> [UInt64] {
    var words: [UInt64] = []
    for offset in call.offsets.map({ Int($0) }) {
        let type = word(call.data, offset, UInt32.self)
        words.append(UInt64(type))
        switch BinderObjectType(rawValue: type) {
        case .fd:
            let fd = word(call.data, offset + 8, UInt32.self)
            describeFd(fd, into: &words)
            close(Int32(bitPattern: fd))
        case .fda:
            let count = word(call.data, offset + 8, UInt64.self)
            let parent = Int(word(call.data, offset + 16, UInt64.self))
            let parentOffset = word(call.data, offset + 24, UInt64.self)
            let parentBuffer = word(call.data, Int(call.offsets[parent]) + 8, UInt64.self)
            words.append(count)
            for index in 0..<count {
                describeFd(memory(parentBuffer + parentOffset + 4 * index, UInt32.self), into: &words)
            }
        case .ptr:
            let flags = word(call.data, offset + 4, UInt32.self)
            let buffer = word(call.data, offset + 8, UInt64.self)
            let length = word(call.data, offset + 16, UInt64.self)
            var fixed: UInt64 = 2
            if flags & 1 != 0 {
                let parent = Int(word(call.data, offset + 24, UInt64.self))
                let parentBuffer = word(call.data, Int(call.offsets[parent]) + 8, UInt64.self)
                let at = parentBuffer + word(call.data, offset + 32, UInt64.self)
                fixed = memory(at, UInt64.self) == buffer ? 1 : 0
            }
            words += [UInt64(flags), length, buffer &- call.bufferAddress, fixed]
            let bytes = (0..<length).map { memory(buffer + $0, UInt8.self) }
            words += stride(from: 0, to: bytes.count, by: 8).map { word(bytes + [UInt8](repeating: 0, count: 8), $0, UInt64.self) }
        default:
            break
        }
    }
    return words
}

/// Where the last replyScatterGather buffer lives: it must outlive the BC_REPLY_SG write.
nonisolated(unsafe) var scatterGatherBuffer: UnsafeMutableRawBufferPointer?

/// A reply of one unparented BINDER_TYPE_PTR object over a copy of `bytes`.
func scatterGatherReply(holding bytes: [UInt8]) -> OutgoingTransaction {
    scatterGatherBuffer?.deallocate()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
    bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
    scatterGatherBuffer = buffer
    var object = binder_buffer_object()
    object.hdr.type = BinderObjectType.ptr.rawValue
    object.buffer = binder_uintptr_t(UInt(bitPattern: buffer.baseAddress))
    object.length = binder_size_t(bytes.count)
    let data = withUnsafeBytes(of: object) { Array($0) }
    return OutgoingTransaction(code: 0, data: data, offsets: [0], buffersSize: UInt64((bytes.count + 7) & ~7))
}

/// Entries of /proc/self/fd, less ".", ".." and the directory's own fd.
func countOpenFds() -> UInt64 {
    guard let dir = opendir("/proc/self/fd") else { return 0 }
    var count: UInt64 = 0
    while readdir(dir) != nil { count += 1 }
    closedir(dir)
    return count - 3
}

func fail(_ message: String) -> Never {
    print("binder-test-peer: \(message)")
    exit(2)
}

let arguments = CommandLine.arguments
let usage = "usage: binder-test-peer DEVICE service | client CODE | context-mgr-as UID"
guard arguments.count >= 3 else { fail(usage) }
_ = swb_exit_with_parent()

func errnoName(_ code: Int32) -> String {
    switch code {
    case EPERM: return "EPERM"
    case EBUSY: return "EBUSY"
    case EACCES: return "EACCES"
    default: return "errno \(code)"
    }
}

switch (arguments[2], arguments.count) {
case ("service", 3):
    break
case ("client", 4):
    guard let code = UInt32(arguments[3]) else { fail(usage) }
    do {
        let endpoint = try BinderEndpoint(path: arguments[1])
        print("calling")
        fflush(nil)
        print(try endpoint.call(OutgoingTransaction(code: code)))
    } catch {
        fail("\(error)")
    }
    exit(0)
case ("context-mgr-as", 4):
    guard let uid = uid_t(arguments[3]) else { fail(usage) }
    // As root, setgid/setuid set the real, effective and saved ids alike.
    guard setgid(uid) == 0, setuid(uid) == 0 else { fail("cannot switch to uid \(uid)") }
    do {
        let driver = try BinderDriver(path: arguments[1])
        var unused: Int32 = 0
        // The previous manager's proc may still be going away (binder_linux
        // releases it in a workqueue): EBUSY only means "not yet".
        for attempt in 1...100 {
            do {
                try driver.ioctl(.setContextMgr, &unused)
                print("ok")
                break
            } catch let error as BinderError where error.errno == EBUSY && attempt < 100 {
                usleep(20_000)
            } catch let error as BinderError {
                print(errnoName(error.errno))
                break
            }
        }
    } catch let error as BinderError {
        print("open: \(errnoName(error.errno))")
    }
    exit(0)
default:
    fail(usage)
}

do {
    let endpoint = try BinderEndpoint(path: arguments[1], mapSize: 1 << 20)
    // The previous peer's proc may still be going away (binder_linux releases
    // in a workqueue): retry while the device still has a context manager.
    var unused: Int32 = 0
    for attempt in 1...100 {
        do {
            try endpoint.driver.ioctl(.setContextMgr, &unused)
            break
        } catch let error as BinderError where error.errno == EBUSY && attempt < 100 {
            usleep(20_000)
        }
    }
    var records: [Int32] = []
    var held: UInt32?
    var quitting = false
    var savedLimit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &savedLimit)

    endpoint.serve = { call in
        var reply = ParcelWriter()
        switch PeerCode(rawValue: call.code) {
        case .echo:
            return OutgoingTransaction(code: 0, data: call.data, offsets: call.offsets)
        case .whoAmI:
            reply.writeInt32(call.senderPID)
            reply.writeUInt32(call.senderEUID)
        case .callBack:
            var parcel = call.parcel
            guard case .handle(let handle, _)? = try? parcel.readObject() else { break }
            if case .reply(let answer) = (try? endpoint.call(OutgoingTransaction(handle: handle, code: 7))) ?? .failedReply {
                return OutgoingTransaction(code: 0, data: answer.data)
            }
        case .die:
            exit(0)
        case .record:
            var parcel = call.parcel
            if let value = try? parcel.readInt32() { records.append(value) }
        case .getRecord:
            records.forEach { reply.writeInt32($0) }
        case .holdHandle:
            var parcel = call.parcel
            if case .handle(let handle, _)? = try? parcel.readObject() {
                held = handle
                endpoint.enqueue { $0.append(.acquire, handle) }
            }
        case .releaseHandle:
            if let handle = held { endpoint.enqueue { $0.append(.release, handle) } }
            held = nil
        case .statusCode:
            reply.writeInt32(-22)
            return OutgoingTransaction(code: 0, flags: .statusCode, parcel: reply)
        case .describe:
            var parcel = call.parcel
            for offset in call.offsets {
                try? parcel.seek(to: Int(offset))
                switch try? parcel.readObject() {
                case .handle(let handle, _)?:
                    reply.writeUInt32(BinderObjectType.handle.rawValue)
                    reply.writeUInt32(handle)
                case .weakHandle(let handle, _)?:
                    reply.writeUInt32(BinderObjectType.weakHandle.rawValue)
                    reply.writeUInt32(handle)
                default:
                    reply.writeUInt32(0)
                    reply.writeUInt32(0)
                }
            }
        case .recordSender:
            records.append(call.senderPID)
        case .stall:
            sleep(1)
        case .stallLong:
            sleep(5)
        case .giveHeld:
            if let handle = held { reply.writeObject(.handle(handle, flags: ParcelObject.defaultFlags)) }
        case .keepBuffer:
            var parcel = call.parcel
            if let value = try? parcel.readInt32() { records.append(value) }
        case .freeKept:
            endpoint.freeKeptBuffers()
        case .describeObjects:
            describeObjects(call).forEach { reply.writeUInt64($0) }
        case .replyWithFd:
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { break }
            _ = write(ends[1], "peer-fd", 7)
            // Both ends stay open here: the driver holds its own reference.
            reply.writeObject(.fileDescriptor(ends[0], cookie: 0))
            var st = stat()
            fstat(ends[0], &st)
            reply.writeUInt64(UInt64(st.st_ino))
            return OutgoingTransaction(code: 0, parcel: reply)
        case .limitFds:
            let lowest = dup(0)
            close(lowest)
            var limit = savedLimit
            limit.rlim_cur = rlim_t(lowest)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        case .unlimitFds:
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &savedLimit)
        case .countFds:
            reply.writeUInt64(countOpenFds())
        case .publishNode:
            reply.writeObject(.binder(ptr: 0xfd00, cookie: 0xfd01, flags: ParcelObject.defaultFlags))
        case .replyScatterGather:
            return scatterGatherReply(holding: call.data)
        case .echoClearBuf:
            return OutgoingTransaction(code: 0, flags: .clearBuf, data: call.data, offsets: call.offsets)
        case .quit:
            quitting = true
        case nil:
            break
        }
        return OutgoingTransaction(code: 0, parcel: reply)
    }

    endpoint.keepsBuffer = { $0.code == PeerCode.keepBuffer.rawValue }
    var enter = CommandStream()
    enter.append(.enterLooper)
    endpoint.enqueue { $0 = enter }
    print("ready")
    fflush(nil)
    while !quitting {
        try endpoint.flush()
    }
    try endpoint.flush()
} catch {
    fail("\(error)")
}
