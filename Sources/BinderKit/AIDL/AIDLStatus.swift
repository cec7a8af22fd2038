// The status header that opens every AIDL reply (libbinder's binder::Status):
// an exception code, and for an exception its message, an (empty) stack
// trace header and, for service-specific errors, the service's own code.

/// An AIDL exception code (Android's EX_* values).
public struct AIDLExceptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let none = Self(rawValue: 0)
    public static let security = Self(rawValue: -1)
    public static let badParcelable = Self(rawValue: -2)
    public static let illegalArgument = Self(rawValue: -3)
    public static let nullPointer = Self(rawValue: -4)
    public static let illegalState = Self(rawValue: -5)
    public static let networkMainThread = Self(rawValue: -6)
    public static let unsupportedOperation = Self(rawValue: -7)
    /// A service-specific error: the reply carries the service's int32 code.
    public static let serviceSpecific = Self(rawValue: -8)
    /// A Java Parcelable exception; native peers send no body for it.
    public static let parcelable = Self(rawValue: -9)
    /// Java's "noted app-ops" reply header, skipped by readers.
    public static let hasNotedAppOpsReplyHeader = Self(rawValue: -127)
    /// Java's "fat" reply header (strict-mode data), skipped by readers.
    public static let hasReplyHeader = Self(rawValue: -128)
    /// Never written: the transaction failed below AIDL (a status_t instead).
    public static let transactionFailed = Self(rawValue: -129)

    public var description: String {
        let names: [Int32: String] = [
            0: "EX_NONE", -1: "EX_SECURITY", -2: "EX_BAD_PARCELABLE", -3: "EX_ILLEGAL_ARGUMENT",
            -4: "EX_NULL_POINTER", -5: "EX_ILLEGAL_STATE", -6: "EX_NETWORK_MAIN_THREAD",
            -7: "EX_UNSUPPORTED_OPERATION", -8: "EX_SERVICE_SPECIFIC", -9: "EX_PARCELABLE",
            -127: "EX_HAS_NOTED_APPOPS_REPLY_HEADER", -128: "EX_HAS_REPLY_HEADER", -129: "EX_TRANSACTION_FAILED",
        ]
        return names[rawValue] ?? "exception \(rawValue)"
    }
}

/// An exception an AIDL method answers with. Services throw it; proxies
/// throw it when a reply carries one.
public struct AIDLStatus: Error, Equatable, Sendable, CustomStringConvertible {
    public var exception: AIDLExceptionCode
    public var message: String
    /// The service's code for `.serviceSpecific`; 0 otherwise.
    public var serviceSpecificError: Int32

    public init(_ exception: AIDLExceptionCode, message: String = "", serviceSpecificError: Int32 = 0) {
        self.exception = exception
        self.message = message
        self.serviceSpecificError = exception == .serviceSpecific ? serviceSpecificError : 0
    }

    /// A service-specific error with the service's own code.
    public static func serviceSpecific(_ code: Int32, _ message: String = "") -> AIDLStatus {
        AIDLStatus(.serviceSpecific, message: message, serviceSpecificError: code)
    }

    public var description: String {
        let code = exception == .serviceSpecific ? " \(serviceSpecificError)" : ""
        return "\(exception)\(code)\(message.isEmpty ? "" : ": \(message)")"
    }
}

extension ParcelWriter {
    /// The header of a successful reply: EX_NONE and nothing else.
    public mutating func writeAIDLNoException() { writeInt32(AIDLExceptionCode.none.rawValue) }

    /// A reply header as Status::writeToParcel writes it: the code; for an
    /// exception the message (String16), a zero-length stack trace header,
    /// and the service code (service-specific) or a zero (parcelable).
    public mutating func writeAIDLStatus(_ status: AIDLStatus) {
        writeInt32(status.exception.rawValue)
        guard status.exception != .none else { return }
        writeString16(status.message)
        writeInt32(0)
        if status.exception == .serviceSpecific {
            writeInt32(status.serviceSpecificError)
        } else if status.exception == .parcelable {
            writeInt32(0)
        }
    }
}

extension ParcelReader {
    /// Reads a reply header as Status::readFromParcel does: Java's reply
    /// headers are skipped (the fat one means "no exception"), a stack trace
    /// header is skipped by its size. Returns nil for EX_NONE.
    public mutating func readAIDLStatus() throws -> AIDLStatus? {
        try atomically { reader in
            var code = AIDLExceptionCode(rawValue: try reader.readInt32())
            if code == .hasNotedAppOpsReplyHeader {
                try reader.skipSizedHeader(includingSize: true)
                code = AIDLExceptionCode(rawValue: try reader.readInt32())
            }
            if code == .hasReplyHeader {
                try reader.skipSizedHeader(includingSize: true)
                return nil
            }
            guard code != .none else { return nil }
            let message = try reader.readString16() ?? ""
            try reader.skipSizedHeader(includingSize: false)
            var serviceCode: Int32 = 0
            if code == .serviceSpecific {
                serviceCode = try reader.readInt32()
            } else if code == .parcelable {
                try reader.skipSizedHeader(includingSize: true)
            }
            return AIDLStatus(code, message: message, serviceSpecificError: serviceCode)
        }
    }

    /// Skips an int32 size and that many bytes (counted from after the size,
    /// or from its start when `includingSize`); a size outside the data throws.
    mutating func skipSizedHeader(includingSize: Bool) throws {
        let start = position
        let size = try readInt32()
        let end = (includingSize ? start : position) + Int(size)
        guard size >= 0, end >= position, end <= bytes.count else {
            throw ParcelError.invalidLength(size, offset: start)
        }
        try seek(to: end)
    }
}
