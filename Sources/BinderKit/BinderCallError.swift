// Why a call on a binder failed, named after what the driver or the callee said.

import BinderABI

/// A transaction that did not produce a reply parcel.
public enum BinderCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// BR_DEAD_REPLY: the target's process is gone (Android's DEAD_OBJECT).
    case deadObject
    /// BR_FAILED_REPLY: the driver could not deliver the call or its reply.
    case failedTransaction
    /// BR_FROZEN_REPLY: the target process is frozen.
    case frozen
    /// The callee answered with a status code instead of data (TF_STATUS_CODE),
    /// e.g. `BinderStatus.unknownTransaction`.
    case status(Int32)
    /// A BR_ code that cannot end a call arrived where a reply was expected.
    case unexpectedReturn(BinderReturn)

    public var description: String {
        switch self {
        case .deadObject: return "the binder's process has died (BR_DEAD_REPLY)"
        case .failedTransaction: return "the driver failed the transaction (BR_FAILED_REPLY)"
        case .frozen: return "the target process is frozen (BR_FROZEN_REPLY)"
        case let .status(code): return "the callee answered with status \(BinderStatus.name(code))"
        case let .unexpectedReturn(code): return "unexpected \(code.name) while waiting for a reply"
        }
    }
}

/// Status codes a local binder may throw to answer with TF_STATUS_CODE,
/// with Android's values (status_t).
public struct BinderStatus: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }

    /// Android's UNKNOWN_TRANSACTION (-EBADMSG): the code is not one the binder answers.
    public static let unknownTransaction = BinderStatus(-74)
    /// Android's BAD_VALUE (-EINVAL): the arguments were malformed.
    public static let badValue = BinderStatus(-22)
    /// Android's PERMISSION_DENIED (-EPERM).
    public static let permissionDenied = BinderStatus(-1)
    /// Android's BAD_TYPE: the interface token did not match.
    public static let badType = BinderStatus(Int32(bitPattern: 0x8000_0001))

    public var description: String { Self.name(code) }

    static func name(_ code: Int32) -> String {
        switch code {
        case unknownTransaction.code: return "UNKNOWN_TRANSACTION (\(code))"
        case badValue.code: return "BAD_VALUE (\(code))"
        case permissionDenied.code: return "PERMISSION_DENIED (\(code))"
        case badType.code: return "BAD_TYPE (\(code))"
        default: return "\(code)"
        }
    }
}

/// Well-known transaction codes every binder answers (Android's IBinder).
public enum BinderCode {
    /// '_PNG': answered with an empty reply by every live binder.
    public static let ping: UInt32 = 0x5f50_4e47
    /// '_NTF': answered with the binder's interface descriptor (String16).
    public static let interface: UInt32 = 0x5f4e_5446
    /// The first code an interface may use for its own methods.
    public static let firstCall: UInt32 = 1
    /// The last code an interface may use.
    public static let lastCall: UInt32 = 0x00ff_ffff
}
