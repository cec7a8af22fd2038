// Where something is in an .aidl file, and the errors the compiler reports.

/// A position in a source file; lines and columns count from 1.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One error, printed as `file:line:column: error: message` like a C compiler's.
public struct AIDLDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Every error found in one compilation; nothing is generated when there are any.
public struct AIDLErrors: Error, CustomStringConvertible {
    public var diagnostics: [AIDLDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
