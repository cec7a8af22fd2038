// Swift spellings: type names for AIDL types, escaped identifiers, literals.

enum SwiftNames {
    /// Words that must be escaped with backticks to be used as names.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "Type", "Protocol",
    ]

    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// The last component of a qualified AIDL name.
    static func simple(_ qualifiedName: String) -> String {
        String(qualifiedName.split(separator: ".").last ?? "")
    }

    /// The Swift type standing for an AIDL type; `names` spells a declared
    /// type's qualified name in Swift.
    static func type(_ type: AIDLType, names: (String) -> String = simple) -> String {
        switch type {
        case .void: return "Void"
        case .boolean: return "Bool"
        case .byte: return "Int8"
        case .char: return "UInt16"
        case .int: return "Int32"
        case .long: return "Int64"
        case .float: return "Float"
        case .double: return "Double"
        case .string: return "String"
        case .binder: return "any Binder"
        case let .interface(name): return "any \(names(name))"
        case .fileDescriptor: return "UniqueFileDescriptor"
        case .parcelFileDescriptor: return "ParcelFileDescriptor"
        case let .parcelable(name), let .union(name), let .enumeration(name): return names(name)
        case let .generic(name, arguments):
            return "\(names(name))<\(arguments.map { Self.type($0, names: names) }.joined(separator: ", "))>"
        case let .typeParameter(name): return identifier(name)
        case let .array(element), let .list(element), let .fixedArray(element, _):
            return "[\(Self.type(element, names: names))]"
        case let .nullable(inner):
            return inner.isBinderLike ? "(\(Self.type(inner, names: names)))?" : "\(Self.type(inner, names: names))?"
        }
    }

    /// A Swift string literal for `text`.
    static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A Swift literal for a constant of `type`.
    static func literal(_ value: ConstantValue, _ type: AIDLType, names: (String) -> String = simple) -> String {
        switch value {
        case let .integer(v): return "\(v)"
        case let .float(v):
            let text = "\(v)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case let .string(v): return stringLiteral(v)
        case let .boolean(v): return v ? "true" : "false"
        case let .enumerator(enumType, name): return "\(names(enumType)).\(identifier(name))"
        case let .list(values):
            let element = type.element ?? type
            return "[" + values.map { literal($0, element, names: names) }.joined(separator: ", ") + "]"
        }
    }
}

/// Collects lines with indentation.
struct CodeWriter {
    private(set) var text = ""
    private var depth = 0

    /// Adds what another writer collected (at file scope).
    mutating func append(_ other: CodeWriter) { text += other.text }

    mutating func line(_ content: String = "") {
        text += content.isEmpty ? "\n" : String(repeating: "    ", count: depth) + content + "\n"
    }

    /// `opening {`, the body one level in, `}`. An opening that already ends
    /// a closure's signature (`{ x in`) gets no extra brace.
    mutating func block(_ opening: String, closing: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(opening.hasSuffix(" in") ? opening : opening + " {")
        depth += 1
        body(&self)
        depth -= 1
        line(closing)
    }
}
