// Typed errors: no raw -1 escapes BinderKit.

import Glibc

/// A failed system call on a binder device, with the errno it returned.
public struct BinderError: Error, Equatable, CustomStringConvertible {
    /// What was being done ("ioctl BINDER_VERSION", "mmap").
    public let operation: String
    /// The errno value (EINVAL, EFAULT, ...).
    public let errno: Int32

    public init(_ operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    /// The errno's symbolic name where it is one binder returns, else its number.
    public var errnoName: String {
        switch errno {
        case EPERM: return "EPERM"
        case ENOENT: return "ENOENT"
        case ESRCH: return "ESRCH"
        case EINTR: return "EINTR"
        case EBADF: return "EBADF"
        case EAGAIN: return "EAGAIN"
        case ENOMEM: return "ENOMEM"
        case EACCES: return "EACCES"
        case EFAULT: return "EFAULT"
        case EBUSY: return "EBUSY"
        case EEXIST: return "EEXIST"
        case ENODEV: return "ENODEV"
        case EINVAL: return "EINVAL"
        case ENOSPC: return "ENOSPC"
        case EPROTO: return "EPROTO"
        case ENOTTY: return "ENOTTY"
        default: return "errno \(errno)"
        }
    }

    public var description: String {
        "\(operation) failed: \(errnoName) (\(String(cString: strerror(errno))))"
    }
}

/// Runs a system call wrapper; turns -1 into a BinderError carrying errno.
@discardableResult
func check(_ operation: @autoclosure () -> String, _ call: () -> Int32) throws -> Int32 {
    let result = call()
    if result == -1 {
        throw BinderError(operation(), errno: Glibc.errno)
    }
    return result
}
