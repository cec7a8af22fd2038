// Evaluates constant expressions (constants, field defaults, enumerator
// values) to values of a given type, following references to other
// constants and enumerators, with Java's integer semantics (two's complement).

final class ConstantEvaluator {
    private unowned let checker: TypeChecker
    /// Constants being evaluated, to catch cycles.
    private var evaluating: Set<String> = []

    init(checker: TypeChecker) {
        self.checker = checker
    }

    /// The value of `expression` as a `type`, or nil after reporting why not.
    func value(of expression: ConstantExpression, as type: AIDLType, in entry: SourceSet.Entry) -> ConstantValue? {
        if case let .enumeration(enumName) = type {
            return enumerator(expression, of: enumName, in: entry)
        }
        if let element = type.element {
            guard case let .list(elements, _) = expression else {
                checker.error(expression.location, "expected an array value in braces for an array")
                return nil
            }
            if case let .fixedArray(_, count) = type.nonNull, elements.count != count {
                checker.error(expression.location, "expected \(count) values for a fixed-size array of \(count), found \(elements.count)")
                return nil
            }
            let values = elements.compactMap { value(of: $0, as: element, in: entry) }
            return values.count == elements.count ? .list(values) : nil
        }
        guard let raw = evaluate(expression, in: entry) else { return nil }
        return convert(raw, to: type.nonNull, at: expression.location)
    }

    /// Narrows an evaluated value to the target type, checking its range.
    private func convert(_ raw: ConstantValue, to type: AIDLType, at location: SourceLocation) -> ConstantValue? {
        switch (type, raw) {
        case (.boolean, .boolean), (.string, .string):
            return raw
        case let (.byte, .integer(value)) where (-128...255).contains(value):
            return .integer(Int64(Int8(truncatingIfNeeded: value)))
        case let (.char, .integer(value)) where (0...0xFFFF).contains(value):
            return raw
        case let (.int, .integer(value)) where (Int64(Int32.min)...Int64(UInt32.max)).contains(value):
            return .integer(Int64(Int32(truncatingIfNeeded: value)))
        case (.long, .integer):
            return raw
        case let (.float, .integer(value)), let (.double, .integer(value)):
            return .float(Double(value))
        case (.float, .float), (.double, .float):
            return raw
        default:
            checker.error(location, "expected a value of type \(Self.name(type)), found \(Self.describe(raw))")
            return nil
        }
    }

    /// `Type.NAME`, or `NAME` inside the enum itself.
    private func enumerator(_ expression: ConstantExpression, of enumName: String, in entry: SourceSet.Entry) -> ConstantValue? {
        guard case let .name(name, location) = expression else {
            checker.error(expression.location, "expected an enumerator of \(enumName) (like \(Self.lastComponent(enumName)).NAME)")
            return nil
        }
        let parts = name.split(separator: ".").map(String.init)
        let member = parts.last ?? name
        if parts.count > 1 {
            let typeName = parts.dropLast().joined(separator: ".")
            guard let target = checker.lookupDeclaration(typeName, from: entry, at: location) else { return nil }
            guard target.qualifiedName == enumName else {
                checker.error(location, "expected an enumerator of \(enumName), found \(name)")
                return nil
            }
        }
        guard let target = try? checker.sources.lookup(enumName), case let .enumeration(enumerators) = target.declaration.kind,
              enumerators.contains(where: { $0.name == member }) else {
            checker.error(location, "\(Self.lastComponent(enumName)) has no enumerator \(member)")
            return nil
        }
        return .enumerator(type: enumName, name: member)
    }

    // MARK: Evaluation to integer, float, string or boolean

    private func evaluate(_ expression: ConstantExpression, in entry: SourceSet.Entry) -> ConstantValue? {
        switch expression {
        case let .integer(text, location):
            guard let value = Self.parseInteger(text) else {
                checker.error(location, "\(text) is not an integer AIDL can represent")
                return nil
            }
            return .integer(value)
        case let .float(text, location):
            let trimmed = text.hasSuffix("f") || text.hasSuffix("F") || text.hasSuffix("d") || text.hasSuffix("D") ? String(text.dropLast()) : text
            guard let value = Double(trimmed) else {
                checker.error(location, "\(text) is not a floating-point number")
                return nil
            }
            return .float(value)
        case let .string(text, _):
            return .string(Self.unescape(text))
        case let .character(text, location):
            let units = Array(Self.unescape(text).utf16)
            guard units.count == 1 else {
                checker.error(location, "expected one UTF-16 character in '\(text)'")
                return nil
            }
            return .integer(Int64(units[0]))
        case let .boolean(value, _):
            return .boolean(value)
        case let .name(name, location):
            return reference(name, at: location, in: entry)
        case let .unary(op, operand, location):
            guard let value = evaluate(operand, in: entry) else { return nil }
            return unary(op, value, at: location)
        case let .binary(op, left, right, location):
            guard let lhs = evaluate(left, in: entry), let rhs = evaluate(right, in: entry) else { return nil }
            return binary(op, lhs, rhs, at: location)
        case let .list(_, location):
            checker.error(location, "an array value is only allowed for an array type")
            return nil
        }
    }

    /// A constant by name: in the current declaration or one it is nested
    /// in (innermost first), or `Type.NAME`.
    private func reference(_ name: String, at location: SourceLocation, in entry: SourceSet.Entry) -> ConstantValue? {
        let parts = name.split(separator: ".").map(String.init)
        let member = parts.last ?? name
        var owner = entry
        if parts.count > 1 {
            guard let found = checker.lookupDeclaration(parts.dropLast().joined(separator: "."), from: entry, at: location) else { return nil }
            owner = found
        } else {
            let scopes = [entry] + entry.enclosing.compactMap { checker.sources.entries[$0] }
            owner = scopes.first { Self.declares($0, member) } ?? entry
        }
        if let constant = owner.declaration.constants.first(where: { $0.name == member }) {
            let key = "\(owner.qualifiedName).\(member)"
            guard evaluating.insert(key).inserted else {
                checker.error(location, "the value of constant \(member) depends on itself")
                return nil
            }
            defer { evaluating.remove(key) }
            guard let type = checker.resolveType(constant.type, in: owner) else { return nil }
            return value(of: constant.value, as: type, in: owner)
        }
        if case let .enumeration(enumerators) = owner.declaration.kind,
           let index = enumerators.firstIndex(where: { $0.name == member }) {
            return enumeratorValue(enumerators, index, in: owner, at: location)
        }
        checker.error(location, "unknown constant \(name)")
        return nil
    }

    /// Whether `owner` declares a constant or enumerator named `member`.
    private static func declares(_ owner: SourceSet.Entry, _ member: String) -> Bool {
        if owner.declaration.constants.contains(where: { $0.name == member }) { return true }
        if case let .enumeration(enumerators) = owner.declaration.kind { return enumerators.contains { $0.name == member } }
        return false
    }

    /// An enumerator's integer value, for expressions like `B = A | 4`.
    private func enumeratorValue(_ enumerators: [EnumeratorSyntax], _ index: Int, in owner: SourceSet.Entry, at location: SourceLocation) -> ConstantValue? {
        let key = "\(owner.qualifiedName).\(enumerators[index].name)"
        guard evaluating.insert(key).inserted else {
            checker.error(location, "the value of enumerator \(enumerators[index].name) depends on itself")
            return nil
        }
        defer { evaluating.remove(key) }
        if let expression = enumerators[index].value { return evaluate(expression, in: owner) }
        guard index > 0 else { return .integer(0) }
        guard case let .integer(previous)? = enumeratorValue(enumerators, index - 1, in: owner, at: location) else { return nil }
        return .integer(previous &+ 1)
    }

    private func unary(_ op: String, _ value: ConstantValue, at location: SourceLocation) -> ConstantValue? {
        switch (op, value) {
        case let ("-", .integer(v)): return .integer(0 &- v)
        case let ("-", .float(v)): return .float(-v)
        case ("+", .integer), ("+", .float): return value
        case let ("~", .integer(v)): return .integer(~v)
        case let ("!", .boolean(v)): return .boolean(!v)
        default:
            checker.error(location, "operator \(op) does not apply to \(Self.describe(value))")
            return nil
        }
    }

    private func binary(_ op: String, _ lhs: ConstantValue, _ rhs: ConstantValue, at location: SourceLocation) -> ConstantValue? {
        switch (lhs, rhs) {
        case let (.integer(a), .integer(b)):
            switch op {
            case "+": return .integer(a &+ b)
            case "-": return .integer(a &- b)
            case "*": return .integer(a &* b)
            case "/", "%":
                guard b != 0 else {
                    checker.error(location, "division by zero")
                    return nil
                }
                return .integer(op == "/" ? a / b : a % b)
            case "|": return .integer(a | b)
            case "&": return .integer(a & b)
            case "^": return .integer(a ^ b)
            case "<<": return .integer(a << (b & 63))
            case ">>": return .integer(a >> (b & 63))
            case "==": return .boolean(a == b)
            case "!=": return .boolean(a != b)
            case "<": return .boolean(a < b)
            case ">": return .boolean(a > b)
            case "<=": return .boolean(a <= b)
            case ">=": return .boolean(a >= b)
            default: break
            }
        case let (.float(a), .float(b)):
            switch op {
            case "+": return .float(a + b)
            case "-": return .float(a - b)
            case "*": return .float(a * b)
            case "/": return .float(a / b)
            default: break
            }
        case let (.string(a), .string(b)) where op == "+":
            return .string(a + b)
        case let (.boolean(a), .boolean(b)):
            switch op {
            case "&&": return .boolean(a && b)
            case "||": return .boolean(a || b)
            case "==": return .boolean(a == b)
            case "!=": return .boolean(a != b)
            default: break
            }
        default:
            break
        }
        checker.error(location, "operator \(op) does not apply to \(Self.describe(lhs)) and \(Self.describe(rhs))")
        return nil
    }

    // MARK: Literals

    /// Decimal or hex, with an optional L (long) or u8 (byte) suffix. Hex
    /// literals may use all 64 bits (0xFFFFFFFFFFFFFFFF is -1).
    static func parseInteger(_ text: String) -> Int64? {
        var digits = text
        if digits.hasSuffix("u8") { digits.removeLast(2) }
        if digits.hasSuffix("L") || digits.hasSuffix("l") { digits.removeLast() }
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            return UInt64(digits.dropFirst(2), radix: 16).map { Int64(bitPattern: $0) }
        }
        if let value = Int64(digits) { return value }
        return nil
    }

    /// Java-style escapes: \n \t \r \b \f \0 \\ \" \' \uXXXX.
    static func unescape(_ text: String) -> String {
        var result = ""
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let escaped = iterator.next() else {
                result.append(character)
                continue
            }
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "b": result.append("\u{8}")
            case "f": result.append("\u{c}")
            case "0": result.append("\0")
            case "u":
                let hex = String([iterator.next(), iterator.next(), iterator.next(), iterator.next()].compactMap { $0 })
                if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) { result.unicodeScalars.append(scalar) }
            default: result.append(escaped)
            }
        }
        return result
    }

    static func lastComponent(_ name: String) -> String { String(name.split(separator: ".").last ?? "") }

    static func describe(_ value: ConstantValue) -> String {
        switch value {
        case let .integer(v): return "integer \(v)"
        case let .float(v): return "floating-point \(v)"
        case let .string(v): return "string \"\(v)\""
        case let .boolean(v): return "boolean \(v)"
        case let .enumerator(type, name): return "enumerator \(lastComponent(type)).\(name)"
        case .list: return "an array"
        }
    }

    static func name(_ type: AIDLType) -> String {
        switch type {
        case .boolean: return "boolean"
        case .byte: return "byte"
        case .char: return "char"
        case .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .string: return "String"
        default: return "\(type)"
        }
    }
}
