// A handle on one open binder device: typed ioctls, the read-only mapping,
// and BINDER_WRITE_READ.

import BinderABI
import CBinderUAPI
import Glibc

/// One open binder file (one binder "proc" in the driver).
public final class BinderDriver: Sendable {
    /// The device path, as opened.
    public let path: String
    /// The open file descriptor; closed when the handle is released.
    public let fd: Int32

    /// Opens a binder device read-write and close-on-exec.
    public init(path: String, nonBlocking: Bool = false) throws {
        self.path = path
        let flags = O_RDWR | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
        fd = try check("open \(path)") { open(path, flags) }
    }

    deinit {
        close(fd)
    }

    /// Any binder ioctl with a pointer argument.
    public func ioctl(_ request: BinderIoctl, _ argument: UnsafeMutableRawPointer?) throws {
        try check("ioctl \(request.name)") { swb_ioctl(fd, UInt(request.rawValue), argument) }
    }

    /// An ioctl by raw number, for probing what the driver does with unknown requests.
    public func rawIoctl(_ request: UInt, _ argument: UnsafeMutableRawPointer?) throws {
        try check("ioctl \(String(request, radix: 16))") { swb_ioctl(fd, request, argument) }
    }

    /// BINDER_VERSION: the protocol version the driver speaks.
    public func protocolVersion() throws -> Int32 {
        var version = binder_version()
        try ioctl(.version, &version)
        return version.protocol_version
    }

    /// BINDER_SET_MAX_THREADS: how many looper threads the driver may ask for.
    public func setMaxThreads(_ count: UInt32) throws {
        var value = count
        try ioctl(.setMaxThreads, &value)
    }

    /// BINDER_THREAD_EXIT: forget the calling thread's driver state.
    public func threadExit() throws {
        var unused: Int32 = 0
        try ioctl(.threadExit, &unused)
    }

    /// BINDER_ENABLE_ONEWAY_SPAM_DETECTION.
    public func enableOnewaySpamDetection(_ enable: Bool) throws {
        var value: UInt32 = enable ? 1 : 0
        try ioctl(.enableOnewaySpamDetection, &value)
    }

    /// BINDER_GET_EXTENDED_ERROR: the calling thread's last transaction error (read resets it).
    public func extendedError() throws -> binder_extended_error {
        var error = binder_extended_error()
        try ioctl(.getExtendedError, &error)
        return error
    }

    /// BINDER_GET_NODE_INFO_FOR_REF: the strong and weak reference counts of
    /// the node behind `handle` (only the context manager may ask). The
    /// strong count is one per process holding a strong reference (this one
    /// included) plus the node's owner-side strong references.
    public func nodeReferenceCounts(handle: UInt32) throws -> (strong: UInt32, weak: UInt32) {
        var info = binder_node_info_for_ref()
        info.handle = handle
        try ioctl(.getNodeInfoForRef, &info)
        return (info.strong_count, info.weak_count)
    }

    /// Maps the driver's buffer space read-only, as every binder user must.
    public func map(size: Int) throws -> BinderMapping {
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, fd, 0),
              address != MAP_FAILED
        else {
            throw BinderError("mmap \(size) bytes of \(path)", errno: Glibc.errno)
        }
        return BinderMapping(address: address, size: size)
    }

    /// One BINDER_WRITE_READ: consumes `commands`, then reads up to `readCapacity` bytes.
    /// On failure the error carries errno; `WriteReadResult` is returned only on success.
    public func writeRead(_ commands: CommandStream = CommandStream(), readCapacity: Int = 0) throws -> WriteReadResult {
        var readBuffer = [UInt8](repeating: 0, count: readCapacity)
        var bwr = binder_write_read()
        var writeBytes = commands.bytes
        let result: Int32 = writeBytes.withUnsafeMutableBytes { write in
            readBuffer.withUnsafeMutableBytes { read in
                bwr.write_size = binder_size_t(write.count)
                bwr.write_buffer = binder_uintptr_t(UInt(bitPattern: write.baseAddress))
                bwr.read_size = binder_size_t(read.count)
                bwr.read_buffer = binder_uintptr_t(UInt(bitPattern: read.baseAddress))
                return swb_ioctl(fd, UInt(BinderIoctl.writeRead.rawValue), &bwr)
            }
        }
        let outcome = WriteReadResult(
            writeConsumed: Int(bwr.write_consumed), readConsumed: Int(bwr.read_consumed),
            readBuffer: readBuffer)
        if result == -1 {
            throw WriteReadError(error: BinderError("BINDER_WRITE_READ", errno: Glibc.errno), partial: outcome)
        }
        return outcome
    }
}

/// What a BINDER_WRITE_READ consumed and returned.
public struct WriteReadResult: Equatable, Sendable {
    public let writeConsumed: Int
    public let readConsumed: Int
    /// The whole read buffer; the driver filled the first `readConsumed` bytes.
    public let readBuffer: [UInt8]

    /// The returns the driver wrote, decoded.
    public func returns() throws -> [ReturnItem] {
        try ReturnStream.decode(Array(readBuffer.prefix(readConsumed)))
    }
}

/// A failed BINDER_WRITE_READ: the errno, and what the driver reported consumed.
public struct WriteReadError: Error, CustomStringConvertible {
    public let error: BinderError
    public let partial: WriteReadResult

    public var description: String { error.description }
}

/// The read-only mapping of a binder device; unmapped when released.
/// Immutable after creation, so it may be shared between threads.
public final class BinderMapping: @unchecked Sendable {
    public let address: UnsafeMutableRawPointer
    public let size: Int

    init(address: UnsafeMutableRawPointer, size: Int) {
        self.address = address
        self.size = size
    }

    deinit {
        munmap(address, size)
    }
}
