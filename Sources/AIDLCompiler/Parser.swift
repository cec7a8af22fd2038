// Recursive-descent parser for AIDL. It stops at the first syntax error and
// names what it expected there and what it found.

struct Parser {
    private var tokens: [Token]
    private let file: String
    private var index = 0

    /// Parses a whole file.
    static func parse(source: String, file: String) throws -> DocumentSyntax {
        var lexer = Lexer(source: source, file: file)
        var parser = Parser(tokens: try lexer.tokens(), file: file)
        return try parser.document()
    }

    private init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    // MARK: Token helpers

    private var current: Token { tokens[index] }

    private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    private func isSymbol(_ text: String) -> Bool { current.kind == .symbol && current.text == text }
    private func isWord(_ text: String) -> Bool { current.kind == .identifier && current.text == text }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private func failure(_ expected: String) -> AIDLDiagnostic {
        AIDLDiagnostic(current.location, "expected \(expected), found \(current.quoted)")
    }

    private mutating func expect(_ symbol: String, _ context: String) throws {
        guard accept(symbol) else { throw failure("'\(symbol)' \(context)") }
    }

    private mutating func identifier(_ what: String) throws -> Token {
        guard current.kind == .identifier else { throw failure(what) }
        return advance()
    }

    /// `a.b.C`
    private mutating func qualifiedName(_ what: String) throws -> String {
        var name = try identifier(what).text
        while isSymbol("."), peek(1).kind == .identifier {
            advance()
            name += "." + advance().text
        }
        return name
    }

    // MARK: File level

    private mutating func document() throws -> DocumentSyntax {
        var package = ""
        if isWord("package") {
            advance()
            package = try qualifiedName("a package name after 'package'")
            try expect(";", "after the package name")
        }
        var imports: [(String, SourceLocation)] = []
        while isWord("import") {
            let location = advance().location
            imports.append((try qualifiedName("a type name after 'import'"), location))
            try expect(";", "after the imported name")
        }
        var declarations: [DeclarationSyntax] = []
        while current.kind != .end {
            declarations.append(try declaration())
        }
        return DocumentSyntax(file: file, package: package, imports: imports, declarations: declarations)
    }

    private mutating func annotations() throws -> [Annotation] {
        var result: [Annotation] = []
        while isSymbol("@") {
            let location = advance().location
            let name = try qualifiedName("an annotation name after '@'")
            var parameters: [String: ConstantExpression] = [:]
            if accept("(") {
                while !isSymbol(")") {
                    var key = "value"
                    if current.kind == .identifier, peek(1).kind == .symbol, peek(1).text == "=" {
                        key = advance().text
                        advance()
                    }
                    parameters[key] = try expression()
                    if !accept(",") { break }
                }
                try expect(")", "to close the annotation's parameters")
            }
            result.append(Annotation(name: name, parameters: parameters, location: location))
        }
        return result
    }

    private mutating func declaration() throws -> DeclarationSyntax {
        try declaration(annotations())
    }

    /// A declaration whose annotations have been read.
    private mutating func declaration(_ annotations: [Annotation]) throws -> DeclarationSyntax {
        let location = current.location
        let oneway = isWord("oneway")
        if oneway { advance() }
        guard current.kind == .identifier, ["parcelable", "interface", "enum", "union"].contains(current.text) else {
            throw failure(oneway ? "'interface' after 'oneway'" : "'parcelable', 'interface', 'enum' or 'union'")
        }
        let keyword = advance().text
        if oneway, keyword != "interface" { throw AIDLDiagnostic(location, "only an interface can be oneway") }
        let name = try identifier("a name for the \(keyword)").text
        var typeParameters: [String] = []
        if accept("<") {
            repeat { typeParameters.append(try identifier("a type parameter name").text) } while accept(",")
            try expect(">", "to close the type parameters")
        }
        if keyword == "parcelable", !isSymbol("{") {
            // `parcelable Foo;` or `parcelable Foo cpp_header "foo.h" swift_type "M.Foo";`
            let natives = try nativeTypes()
            try expect(";", "after the parcelable declaration")
            return DeclarationSyntax(kind: .unstructuredParcelable(natives), name: name, annotations: annotations,
                                     constants: [], typeParameters: typeParameters, location: location)
        }
        try expect("{", "to open the body of \(keyword) \(name)")
        var declaration = DeclarationSyntax(
            kind: .parcelable([]), name: name, annotations: annotations, constants: [],
            typeParameters: typeParameters, location: location)
        switch keyword {
        case "enum":
            declaration.kind = .enumeration(try enumerators())
        case "interface":
            declaration.kind = .interface(isOneway: oneway, try interfaceBody(&declaration.constants, &declaration.nested))
        default:
            let fields = try fieldBody(&declaration.constants, &declaration.nested)
            declaration.kind = keyword == "union" ? .union(fields) : .parcelable(fields)
        }
        try expect("}", "to close the body of \(keyword) \(name)")
        _ = accept(";")
        return declaration
    }

    /// The backends' names for an unstructured parcelable: AOSP's
    /// cpp_header, ndk_header and rust_type, and this compiler's swift_type.
    static let nativeTypeKeywords = ["cpp_header", "ndk_header", "rust_type", "swift_type"]

    private mutating func nativeTypes() throws -> [NativeType] {
        var result: [NativeType] = []
        while current.kind == .identifier, Self.nativeTypeKeywords.contains(current.text) {
            let keyword = advance()
            guard current.kind == .string else { throw failure("a string after \(keyword.text)") }
            result.append(NativeType(backend: keyword.text, value: advance().text, location: keyword.location))
        }
        guard isSymbol(";") else {
            throw failure("'{', ';', cpp_header, ndk_header, rust_type or swift_type after the parcelable's name")
        }
        return result
    }

    // MARK: Bodies

    /// Whether a nested declaration starts here: `parcelable Name {`,
    /// `enum Name {`, `oneway interface Name {` and the like.
    private var atNestedDeclaration: Bool {
        guard current.kind == .identifier else { return false }
        if current.text == "oneway" { return peek(1).kind == .identifier && peek(1).text == "interface" }
        return ["parcelable", "interface", "enum", "union"].contains(current.text)
            && peek(1).kind == .identifier && peek(2).kind == .symbol && ["{", ";", "<"].contains(peek(2).text)
    }

    /// What a parcelable's, union's and interface's body all may hold besides
    /// their own members: a nested declaration or a constant. Parses one if
    /// it starts here and says whether it did.
    private mutating func sharedMember(_ annotations: [Annotation], _ constants: inout [ConstantSyntax],
                                       _ nested: inout [DeclarationSyntax]) throws -> Bool {
        if atNestedDeclaration {
            nested.append(try declaration(annotations))
            return true
        }
        if isWord("const") {
            constants.append(try constant(annotations))
            return true
        }
        return false
    }

    private mutating func fieldBody(_ constants: inout [ConstantSyntax], _ nested: inout [DeclarationSyntax]) throws -> [FieldSyntax] {
        var fields: [FieldSyntax] = []
        while !isSymbol("}"), current.kind != .end {
            let annotations = try annotations()
            if try sharedMember(annotations, &constants, &nested) { continue }
            var type = try type()
            type.annotations = annotations + type.annotations
            let name = try identifier("a field name")
            var value: ConstantExpression?
            if accept("=") { value = try expression() }
            try expect(";", "after field \(name.text)")
            fields.append(FieldSyntax(type: type, name: name.text, defaultValue: value, location: name.location))
        }
        return fields
    }

    private mutating func constant(_ annotations: [Annotation]) throws -> ConstantSyntax {
        advance()
        var type = try type()
        type.annotations = annotations + type.annotations
        let name = try identifier("a constant name")
        try expect("=", "after constant \(name.text): a constant needs a value")
        let value = try expression()
        try expect(";", "after constant \(name.text)")
        return ConstantSyntax(type: type, name: name.text, value: value, location: name.location)
    }

    private mutating func enumerators() throws -> [EnumeratorSyntax] {
        var result: [EnumeratorSyntax] = []
        while !isSymbol("}") {
            _ = try annotations()
            if atNestedDeclaration {
                throw AIDLDiagnostic(current.location, "an enum cannot declare nested types: declare \(peek(1).text) beside it")
            }
            let name = try identifier("an enumerator name or '}'")
            var value: ConstantExpression?
            if accept("=") { value = try expression() }
            result.append(EnumeratorSyntax(name: name.text, value: value, location: name.location))
            if !accept(",") { break }
        }
        return result
    }

    private mutating func interfaceBody(_ constants: inout [ConstantSyntax], _ nested: inout [DeclarationSyntax]) throws -> [MethodSyntax] {
        var methods: [MethodSyntax] = []
        while !isSymbol("}"), current.kind != .end {
            let annotations = try annotations()
            if try sharedMember(annotations, &constants, &nested) { continue }
            methods.append(try method(annotations))
        }
        return methods
    }

    private mutating func method(_ annotations: [Annotation]) throws -> MethodSyntax {
        let location = current.location
        let oneway = isWord("oneway")
        if oneway { advance() }
        var returnType = try type()
        // `@nullable String f()`: annotations before the method belong to its return type.
        returnType.annotations = annotations + returnType.annotations
        let name = try identifier("a method name")
        try expect("(", "after method name \(name.text)")
        var arguments: [ArgumentSyntax] = []
        while !isSymbol(")") {
            let argumentAnnotations = try self.annotations()
            var direction: Direction?
            if current.kind == .identifier, let parsed = Direction(rawValue: current.text),
               peek(1).kind == .identifier || peek(1).text == "@" {
                direction = parsed
                advance()
            }
            var type = try type()
            type.annotations = argumentAnnotations + type.annotations
            let argumentName = try identifier("a parameter name")
            arguments.append(ArgumentSyntax(direction: direction, type: type, name: argumentName.text, location: argumentName.location))
            if !accept(",") { break }
        }
        try expect(")", "to close the parameters of \(name.text)")
        var id: Int?
        if accept("=") {
            let token = current
            guard token.kind == .integer, let value = Int(token.text), value >= 0 else {
                throw failure("a non-negative transaction id after '='")
            }
            advance()
            id = value
        }
        try expect(";", "after method \(name.text)")
        return MethodSyntax(isOneway: oneway, returnType: returnType, name: name.text, arguments: arguments,
                            id: id, annotations: [], location: location)
    }

    // MARK: Types

    private mutating func type() throws -> TypeSyntax {
        let annotations = try annotations()
        let location = current.location
        let name = try qualifiedName("a type")
        var arguments: [TypeSyntax] = []
        if accept("<") {
            repeat { arguments.append(try type()) } while accept(",")
            try closeAngle("to close the type arguments of \(name)")
        }
        var dimensions: [ConstantExpression?] = []
        while accept("[") {
            dimensions.append(isSymbol("]") ? nil : try expression())
            try expect("]", "to close the array type")
        }
        return TypeSyntax(name: name, arguments: arguments, dimensions: dimensions,
                          annotations: annotations, location: location)
    }

    /// `>`, or the first half of `>>` (the lexer's shift), which closes two
    /// type argument lists at once: `Pair<int, List<String>>`.
    private mutating func closeAngle(_ context: String) throws {
        if isSymbol(">>") {
            var rest = current
            rest.text = ">"
            rest.location.column += 1
            tokens[index] = rest
            return
        }
        try expect(">", context)
    }

    // MARK: Constant expressions (precedence climbing, C's levels)

    private static let levels: [[String]] = [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ]

    private mutating func expression(level: Int = 0) throws -> ConstantExpression {
        guard level < Self.levels.count else { return try unary() }
        var left = try expression(level: level + 1)
        while current.kind == .symbol, Self.levels[level].contains(current.text) {
            let op = advance()
            let right = try expression(level: level + 1)
            left = .binary(op.text, left, right, op.location)
        }
        return left
    }

    private mutating func unary() throws -> ConstantExpression {
        let token = current
        if token.kind == .symbol, ["-", "+", "~", "!"].contains(token.text) {
            advance()
            return .unary(token.text, try unary(), token.location)
        }
        return try primary()
    }

    private mutating func primary() throws -> ConstantExpression {
        let token = current
        switch token.kind {
        case .integer:
            advance()
            return .integer(token.text, token.location)
        case .float:
            advance()
            return .float(token.text, token.location)
        case .string:
            advance()
            return .string(token.text, token.location)
        case .character:
            advance()
            return .character(token.text, token.location)
        case .identifier where token.text == "true" || token.text == "false":
            advance()
            return .boolean(token.text == "true", token.location)
        case .identifier:
            return .name(try qualifiedName("a constant"), token.location)
        case .symbol where token.text == "(":
            advance()
            let inner = try expression()
            try expect(")", "to close the parenthesis")
            return inner
        case .symbol where token.text == "{":
            advance()
            var elements: [ConstantExpression] = []
            while !isSymbol("}") {
                elements.append(try expression())
                if !accept(",") { break }
            }
            try expect("}", "to close the array value")
            return .list(elements, token.location)
        default:
            throw failure("a constant value")
        }
    }
}
