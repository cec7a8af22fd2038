// A binder proc in a process of its own, driven step by step. Upstream
// refuses a call to the context manager from the process that owns it, so
// tests that need two procs on both ends of handle 0 put one in a child.
// The child runs only system calls on memory prepared before fork().

import BinderABI
import BinderKit
import CBinderUAPI
import Glibc

final class ForkedProc {
    private(set) var pid: pid_t = 0
    private var exited = false
    private var toChild: Int32 = -1
    private var fromChild: Int32 = -1
    private var memory: [UnsafeMutableRawPointer] = []
    private var streams: [CommandStream] = []
    private var steps: [(request: UInt, argument: UnsafeMutableRawPointer)] = []

    /// An ioctl the child runs at its next step().
    func addIoctl(_ request: BinderIoctl, bytes: [UInt8]) {
        let argument = allocate(bytes)
        steps.append((UInt(request.rawValue), argument))
    }

    /// A BINDER_WRITE_READ the child runs at its next step().
    func addWriteRead(_ stream: CommandStream, readCapacity: Int = 0) {
        streams.append(stream)
        let write = allocate(stream.bytes)
        let read = allocate([UInt8](repeating: 0, count: max(readCapacity, 1)))
        var bwr = binder_write_read()
        bwr.write_size = binder_size_t(stream.bytes.count)
        bwr.write_buffer = binder_uintptr_t(UInt(bitPattern: write))
        bwr.read_size = binder_size_t(readCapacity)
        bwr.read_buffer = binder_uintptr_t(UInt(bitPattern: read))
        steps.append((UInt(BinderIoctl.writeRead.rawValue), allocate(withUnsafeBytes(of: bwr) { Array($0) })))
    }

    private func allocate(_ bytes: [UInt8]) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        memory.append(pointer)
        return pointer
    }

    /// Forks: the child opens `device` (non-blocking), maps `mapSize` bytes
    /// if not 0, and waits for step() calls. Steps must be added before. With
    /// `fdNumber`, the child's binder file is that fd (for steps that send it).
    func start(device: String, mapSize: Int, fdNumber: Int32? = nil) throws {
        var down: [Int32] = [-1, -1], up: [Int32] = [-1, -1]
        guard pipe(&down) == 0, pipe(&up) == 0 else { throw BinderError("pipe", errno: errno) }
        let path = strdup(device)!
        let steps = self.steps
        pid = fork()
        if pid == 0 {
            close(down[1])
            close(up[0])
            runChild(path: path, mapSize: mapSize, fdNumber: fdNumber, steps: steps, input: down[0], output: up[1])
        }
        free(path)
        close(down[0])
        close(up[1])
        toChild = down[1]
        fromChild = up[0]
        guard pid > 0, readByte() == 0 else { throw BinderError("child could not open \(device)", errno: EIO) }
    }

    /// The child: open, map, then one step per byte read; EOF ends it.
    private func runChild(path: UnsafeMutablePointer<CChar>, mapSize: Int, fdNumber: Int32?,
                          steps: [(request: UInt, argument: UnsafeMutableRawPointer)],
                          input: Int32, output: Int32) -> Never {
        var fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK)
        if fd >= 0, let fdNumber, fdNumber != fd {
            fd = dup2(fd, fdNumber) == fdNumber && close(fd) == 0 ? fdNumber : -1
        }
        var status: UInt8 = fd < 0 ? 1 : 0
        if fd >= 0, mapSize > 0, mmap(nil, mapSize, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED {
            status = 2
        }
        _ = write(output, &status, 1)
        var byte: UInt8 = 0
        var next = 0
        while read(input, &byte, 1) == 1 {
            var result: UInt8 = 0xff
            if next < steps.count {
                result = swb_ioctl(fd, steps[next].request, steps[next].argument) < 0 ? UInt8(truncatingIfNeeded: errno) : 0
                next += 1
            }
            _ = write(output, &result, 1)
        }
        _exit(0)
    }

    private func readByte() -> Int32 {
        var byte: UInt8 = 0
        return read(fromChild, &byte, 1) == 1 ? Int32(byte) : -1
    }

    /// Runs the child's next step; its errno, or 0.
    @discardableResult
    func step() -> Int32 {
        var byte: UInt8 = 1
        guard write(toChild, &byte, 1) == 1 else { return -1 }
        return readByte()
    }

    /// Ends the child (its binder file closes with it) and waits for it.
    func finish() {
        if toChild >= 0 { close(toChild) }
        if fromChild >= 0 { close(fromChild) }
        toChild = -1
        fromChild = -1
        if pid > 0 && !exited {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
            exited = true
        }
    }

    deinit {
        finish()
        memory.forEach { $0.deallocate() }
    }
}
