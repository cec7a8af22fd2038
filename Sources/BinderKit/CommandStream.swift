// Encoding BC_ commands and decoding BR_ returns, sized by the generated tables.

import BinderABI

/// A write buffer for BINDER_WRITE_READ: BC_ codes each followed by its payload.
public struct CommandStream: Equatable, Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Memory the commands point at (transaction data), kept alive with them.
    private var attachments: [WireBytes] = []

    public init() {}

    public static func == (a: CommandStream, b: CommandStream) -> Bool {
        a.bytes == b.bytes
    }

    mutating func keepAlive(_ bytes: WireBytes) {
        attachments.append(bytes)
    }

    /// Appends a command with no payload (BC_ENTER_LOOPER, ...).
    public mutating func append(_ command: BinderCommand) {
        precondition(command.payloadSize == 0, "\(command.name) needs a payload")
        appendWord(command.rawValue)
    }

    /// Appends a command with a 32-bit payload (a handle, a status).
    public mutating func append(_ command: BinderCommand, _ value: UInt32) {
        precondition(command.payloadSize == 4, "\(command.name) takes \(command.payloadSize) payload bytes")
        appendWord(command.rawValue)
        appendWord(value)
    }

    /// Appends a command with any payload, given as raw bytes of its exact size.
    public mutating func append(_ command: BinderCommand, payload: [UInt8]) {
        precondition(payload.count == command.payloadSize, "\(command.name) takes \(command.payloadSize) payload bytes")
        appendWord(command.rawValue)
        bytes += payload
    }

    /// Appends a raw 32-bit word: for tests that send what no valid command is.
    public mutating func appendWord(_ word: UInt32) {
        withUnsafeBytes(of: word.littleEndian) { bytes += $0 }
    }
}

/// One BR_ return read from the driver.
public struct ReturnItem: Equatable, Sendable {
    public let code: BinderReturn
    public let payload: [UInt8]
}

/// Errors decoding a read buffer.
public enum ReturnStreamError: Error, Equatable {
    case unknownCode(UInt32, offset: Int)
    /// Fewer than 4 bytes left where a code should start.
    case partialCode(offset: Int)
    /// A code whose payload runs past the end of the buffer.
    case truncated(BinderReturn, offset: Int)
}

public enum ReturnStream {
    /// Splits a read buffer into returns; fails on unknown codes or truncation.
    public static func decode(_ bytes: [UInt8]) throws -> [ReturnItem] {
        var items: [ReturnItem] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { throw ReturnStreamError.partialCode(offset: offset) }
            let word = bytes[offset..<offset + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
            guard let code = BinderReturn(rawValue: word) else {
                throw ReturnStreamError.unknownCode(word, offset: offset)
            }
            let end = offset + 4 + payloadSize(code)
            guard end <= bytes.count else { throw ReturnStreamError.truncated(code, offset: offset) }
            items.append(ReturnItem(code: code, payload: Array(bytes[offset + 4..<end])))
            offset = end
        }
        return items
    }

    /// The bytes that follow a code. BR_ERROR's number declares an int, but
    /// drivers (upstream and swbinder alike) write it as a bare code.
    private static func payloadSize(_ code: BinderReturn) -> Int {
        code == .error ? 0 : code.payloadSize
    }
}
