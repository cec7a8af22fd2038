// Resolves the names in parsed declarations and checks AIDL's rules, turning
// syntax into the model the emitter uses. Errors are collected (several per
// run) with the location of the offending name.

final class TypeChecker {
    let sources: SourceSet
    /// The meta-methods every interface gains (versioned interfaces).
    let meta: MetaMethods
    private(set) var diagnostics: [AIDLDiagnostic] = []
    lazy var constants = ConstantEvaluator(checker: self)

    init(sources: SourceSet, meta: MetaMethods = MetaMethods()) {
        self.sources = sources
        self.meta = meta
    }

    func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(AIDLDiagnostic(location, message))
    }

    /// Annotations AIDL defines that this compiler accepts; those that only
    /// steer other backends (Java, C++, Rust) are accepted and ignored.
    static let knownAnnotations: Set<String> = [
        "nullable", "utf8InCpp", "Backing", "Descriptor", "VintfStability", "JavaDerive", "JavaOnlyStableParcelable",
        "NdkOnlyStableParcelable", "RustOnlyStableParcelable", "RustDerive", "Hide", "SuppressWarnings", "UnsupportedAppUsage", "FixedSize",
        "JavaPassthrough", "SensitiveData", "PropagateAllowBlocking", "EnforcePermission", "RequiresNoPermission",
        "PermissionManuallyEnforced", "JavaDefault", "JavaSuppressLint", "JavaOnlyImmutable", "JavaDelegator",
        "CppOnlyImmutable", "Immutable", "Deprecated",
    ]

    // MARK: Declarations

    func resolve(_ entry: SourceSet.Entry) -> ResolvedDeclaration? {
        let before = diagnostics.count
        let declaration = entry.declaration
        checkAnnotations(declaration.annotations)
        checkTypeParameters(declaration)
        let constants = declaration.constants.compactMap { resolveConstant($0, in: entry) }
        checkUnique(declaration.constants.map { ($0.name, $0.location) }, what: "constant")
        var descriptor = entry.qualifiedName
        if let annotation = declaration.annotations.first(where: { $0.name == "Descriptor" }),
           case let .string(text, _)? = annotation.parameters["value"] {
            descriptor = ConstantEvaluator.unescape(text)
        }
        let kind: ResolvedKind
        switch declaration.kind {
        case let .unstructuredParcelable(natives):
            if !entry.enclosing.isEmpty {
                // As in AOSP: a hand-written type lives in a file of its own.
                error(declaration.location, "unstructured parcelable \(declaration.name) cannot be nested: declare it in \(declaration.name).aidl")
            }
            kind = .unstructured(swiftType: swiftTypeName(declaration, natives))
        case let .parcelable(fields):
            kind = .parcelable(resolveFields(fields, in: entry))
        case let .union(fields):
            if fields.isEmpty { error(declaration.location, "union \(declaration.name) needs at least one field") }
            kind = .union(resolveFields(fields, in: entry))
        case let .enumeration(enumerators):
            kind = resolveEnum(declaration, enumerators, in: entry)
        case let .interface(isOneway, methods):
            kind = .interface(resolveMethods(methods, interfaceOneway: isOneway, in: entry))
        }
        guard diagnostics.count == before else { return nil }
        return ResolvedDeclaration(qualifiedName: entry.qualifiedName, descriptor: descriptor, kind: kind,
                                   constants: constants, sourcePath: entry.relativePath, enclosing: entry.enclosing.first,
                                   nested: declaration.nested.map { "\(entry.qualifiedName).\($0.name)" },
                                   typeParameters: declaration.typeParameters)
    }

    /// As in AOSP, only parcelables take type parameters, each named once.
    /// A generic parcelable declares no nested types: a Swift type nested in
    /// a generic one could not be named without its type arguments.
    private func checkTypeParameters(_ declaration: DeclarationSyntax) {
        guard !declaration.typeParameters.isEmpty else { return }
        switch declaration.kind {
        case .parcelable, .unstructuredParcelable: break
        default:
            error(declaration.location, "only a parcelable can have type parameters, not \(declaration.kind.keyword) \(declaration.name)")
        }
        checkUnique(declaration.typeParameters.map { ($0, declaration.location) }, what: "type parameter")
        if let nested = declaration.nested.first {
            error(nested.location, "generic parcelable \(declaration.name) cannot declare nested types: declare \(nested.name) beside it")
        }
    }

    /// The Swift type an unstructured parcelable stands for: `swift_type "..."`
    /// if given (a dotted Swift name), else the parcelable's own name. The
    /// other backends' headers and types are accepted and ignored.
    private func swiftTypeName(_ declaration: DeclarationSyntax, _ natives: [NativeType]) -> String {
        let given = natives.filter { $0.backend == "swift_type" }
        if given.count > 1 { error(given[1].location, "parcelable \(declaration.name) has more than one swift_type") }
        guard let native = given.first else { return declaration.name }
        let isName = { (part: Substring) in
            guard let first = part.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
            return part.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
        let parts = native.value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy(isName), !parts.contains(where: { SwiftNames.keywords.contains(String($0)) }) else {
            error(native.location, "swift_type \"\(native.value)\" is not a Swift type name (Name or Module.Name)")
            return declaration.name
        }
        return native.value
    }

    private func checkAnnotations(_ annotations: [Annotation]) {
        for annotation in annotations where !Self.knownAnnotations.contains(annotation.name) {
            error(annotation.location, "unknown annotation @\(annotation.name)")
        }
    }

    private func checkUnique(_ names: [(String, SourceLocation)], what: String) {
        var seen: Set<String> = []
        for (name, location) in names where !seen.insert(name).inserted {
            error(location, "\(what) \(name) is declared twice")
        }
    }

    private func resolveConstant(_ constant: ConstantSyntax, in entry: SourceSet.Entry) -> ResolvedConstant? {
        guard let type = resolveType(constant.type, in: entry) else { return nil }
        guard type.isPrimitive || type == .string(utf8: false) || type == .string(utf8: true) else {
            error(constant.type.location, "a constant must be a primitive or String, not \(constant.type.name)")
            return nil
        }
        guard let value = constants.value(of: constant.value, as: type, in: entry) else { return nil }
        return ResolvedConstant(name: constant.name, type: type, value: value)
    }

    private func resolveFields(_ fields: [FieldSyntax], in entry: SourceSet.Entry) -> [ResolvedField] {
        checkUnique(fields.map { ($0.name, $0.location) }, what: "field")
        return fields.compactMap { field in
            guard let type = resolveType(field.type, in: entry) else { return nil }
            if type == .void { error(field.type.location, "a field cannot be void") }
            if type == .fileDescriptor || type.element == .fileDescriptor {
                error(field.type.location, "FileDescriptor fields are not supported; use ParcelFileDescriptor")
            }
            var value: ConstantValue?
            if let expression = field.defaultValue {
                if case .typeParameter = type.innermost {
                    // Each use picks the type, so no one literal fits them all.
                    error(expression.location, "field \(field.name) of type parameter \(field.type.name) cannot have a default value")
                    return nil
                }
                value = constants.value(of: expression, as: type, in: entry)
            }
            return ResolvedField(name: field.name, type: type, defaultValue: value)
        }
    }

    private func resolveEnum(_ declaration: DeclarationSyntax, _ enumerators: [EnumeratorSyntax], in entry: SourceSet.Entry) -> ResolvedKind {
        var backing = AIDLType.byte
        if let annotation = declaration.annotations.first(where: { $0.name == "Backing" }) {
            guard case let .string(name, location)? = annotation.parameters["type"] else {
                error(annotation.location, "expected @Backing(type=\"byte\"|\"int\"|\"long\")")
                return .enumeration(backing: backing, [])
            }
            switch name {
            case "byte": backing = .byte
            case "int": backing = .int
            case "long": backing = .long
            default: error(location, "an enum's backing type must be byte, int or long, not \(name)")
            }
        }
        if enumerators.isEmpty { error(declaration.location, "enum \(declaration.name) needs at least one enumerator") }
        checkUnique(enumerators.map { ($0.name, $0.location) }, what: "enumerator")
        var values: [(String, Int64)] = []
        var next: Int64 = 0
        for enumerator in enumerators {
            var value = next
            if let expression = enumerator.value,
               case let .integer(evaluated)? = constants.value(of: expression, as: backing, in: entry) {
                value = evaluated
            }
            values.append((enumerator.name, value))
            next = value &+ 1
        }
        return .enumeration(backing: backing, values)
    }

    // MARK: Methods

    private func resolveMethods(_ methods: [MethodSyntax], interfaceOneway: Bool, in entry: SourceSet.Entry) -> [ResolvedMethod] {
        checkUnique(methods.map { ($0.name, $0.location) }, what: "method (AIDL has no overloading)")
        let explicit = methods.filter { $0.id != nil }
        if !explicit.isEmpty, explicit.count != methods.count, let first = methods.first(where: { $0.id == nil }) {
            error(first.location, "method \(first.name) needs an id: when one method has an explicit id (= N), all must")
        }
        var codes: [UInt32: String] = [:]
        var result: [ResolvedMethod] = []
        for (index, method) in methods.enumerated() {
            checkAnnotations(method.annotations)
            if meta.reservedNames.contains(method.name) {
                error(method.location, "method \(method.name) clashes with the meta-method a versioned interface gains (--version/--hash)")
            }
            let id = method.id ?? index
            guard id <= AIDLCodes.maximumUserId else {
                error(method.location, "method \(method.name) has id \(id): ids above \(AIDLCodes.maximumUserId) are reserved for meta-transactions")
                continue
            }
            let code = AIDLCodes.firstCall + UInt32(id)
            if let other = codes[code] {
                error(method.location, "method \(method.name) has the same id as \(other)")
            }
            codes[code] = method.name
            if let resolved = resolveMethod(method, oneway: interfaceOneway || method.isOneway, code: code, in: entry) {
                result.append(resolved)
            }
        }
        return result
    }

    private func resolveMethod(_ method: MethodSyntax, oneway: Bool, code: UInt32, in entry: SourceSet.Entry) -> ResolvedMethod? {
        guard let returnType = resolveType(method.returnType, in: entry, allowVoid: true) else { return nil }
        if oneway, returnType != .void {
            error(method.returnType.location, "oneway method \(method.name) must return void")
        }
        checkUnique(method.arguments.map { ($0.name, $0.location) }, what: "parameter")
        var arguments: [ResolvedArgument] = []
        for argument in method.arguments {
            guard let type = resolveType(argument.type, in: entry) else { continue }
            if type == .void {
                error(argument.type.location, "parameter \(argument.name) cannot be void")
                continue
            }
            let direction = checkDirection(argument, type: type)
            if oneway, direction != .in {
                error(argument.location, "oneway method \(method.name) cannot have \(direction.rawValue) parameter \(argument.name)")
            }
            arguments.append(ResolvedArgument(name: argument.name, direction: direction, type: type))
        }
        return ResolvedMethod(name: method.name, code: code, isOneway: oneway, returnType: returnType, arguments: arguments)
    }

    /// Primitives, String, IBinder, interfaces and FileDescriptor are only
    /// ever `in`; arrays, lists and parcelables must say which way they go.
    private func checkDirection(_ argument: ArgumentSyntax, type: AIDLType) -> Direction {
        let inOnly: Bool
        switch type.nonNull {
        case .array, .fixedArray, .list, .parcelable, .generic, .union, .parcelFileDescriptor: inOnly = false
        default: inOnly = true
        }
        guard let direction = argument.direction else {
            if !inOnly {
                error(argument.type.location, "parameter \(argument.name) of type \(argument.type.name)\(argument.type.dimensions.isEmpty ? "" : "[]") can be an out type, so it must be declared in, out or inout")
            }
            return .in
        }
        if inOnly, direction != .in {
            error(argument.location, "parameter \(argument.name) cannot be \(direction.rawValue): \(argument.type.name) is passed in only")
            return .in
        }
        if direction != .in, type.element?.isBinderLike ?? false {
            error(argument.location, "parameter \(argument.name): \(direction.rawValue) arrays of binders or interfaces are not supported")
        }
        if direction != .in, case .parcelFileDescriptor = type.nonNull {
            error(argument.location, "parameter \(argument.name): an \(direction.rawValue) ParcelFileDescriptor is not supported")
        }
        return direction
    }

    // MARK: Types

    /// Resolves a written type in the context of `entry`'s file.
    func resolveType(_ syntax: TypeSyntax, in entry: SourceSet.Entry, allowVoid: Bool = false) -> AIDLType? {
        checkAnnotations(syntax.annotations)
        guard var type = resolveBase(syntax, in: entry) else { return nil }
        if type == .void, !allowVoid || !syntax.dimensions.isEmpty {
            error(syntax.location, "void is only a return type")
            return nil
        }
        if !syntax.dimensions.isEmpty {
            guard let array = arrayType(of: type, syntax, in: entry) else { return nil }
            type = array
        }
        if syntax.has("utf8InCpp") {
            // Only the C++ type changes; the wire format stays String16.
            if case .string = type.innermost {
                type = type.replacingInnermost(.string(utf8: true))
            } else {
                error(syntax.location, "@utf8InCpp applies to String, not \(syntax.name)")
            }
        }
        if syntax.has("nullable") {
            switch type {
            case .boolean, .byte, .char, .int, .long, .float, .double, .enumeration, .void, .fileDescriptor:
                error(syntax.location, "@nullable is not available for \(syntax.name): it has no null value on the wire")
                return nil
            case .typeParameter:
                error(syntax.location, "@nullable is not available for type parameter \(syntax.name): its type argument may have no null value")
                return nil
            case let .array(element) where element.canBeNull:
                // As in C++ (optional<vector<optional<T>>>), the elements may be null too.
                type = .nullable(.array(.nullable(element)))
            case let .list(element) where element.canBeNull:
                type = .nullable(.list(.nullable(element)))
            case let .fixedArray(element, count) where element.canBeNull:
                type = .nullable(.fixedArray(.nullable(element), count))
            default:
                type = .nullable(type)
            }
        }
        return type
    }

    /// The largest number of elements a fixed-size array may hold, all
    /// dimensions together: each value of the type starts with that many.
    static let maximumFixedElements = 1 << 20

    /// `T[]`, or `T[N]`, `T[N][M]`...: as in AOSP, only fixed-size arrays
    /// have more than one dimension. Sizes are constant expressions.
    private func arrayType(of base: AIDLType, _ syntax: TypeSyntax, in entry: SourceSet.Entry) -> AIDLType? {
        if base.element != nil {
            error(syntax.location, "arrays of lists are not supported")
            return nil
        }
        if syntax.dimensions.count == 1, syntax.dimensions[0] == nil { return .array(base) }
        let sizes = syntax.dimensions.compactMap { $0 }
        guard sizes.count == syntax.dimensions.count else {
            error(syntax.location, "arrays of arrays must be fixed-size in every dimension (\(syntax.name)[N][M])")
            return nil
        }
        if base.isBinderLike || base == .fileDescriptor || base == .typeParameter(syntax.name) {
            error(syntax.location, "fixed-size arrays of \(syntax.name) are not supported")
            return nil
        }
        var type = base
        var total = 1
        for size in sizes.reversed() {
            guard case let .integer(count)? = constants.value(of: size, as: .int, in: entry) else { return nil }
            guard count > 0 else {
                error(size.location, "a fixed-size array needs a positive size, not \(count)")
                return nil
            }
            total = total.multipliedReportingOverflow(by: Int(count)).overflow ? .max : total * Int(count)
            guard total <= Self.maximumFixedElements else {
                error(size.location, "a fixed-size array may hold at most \(Self.maximumFixedElements) elements")
                return nil
            }
            type = .fixedArray(type, Int(count))
        }
        return type
    }

    private func resolveBase(_ syntax: TypeSyntax, in entry: SourceSet.Entry) -> AIDLType? {
        switch syntax.name {
        case "void": return .void
        case "boolean": return .boolean
        case "byte": return .byte
        case "char": return .char
        case "int": return .int
        case "long": return .long
        case "float": return .float
        case "double": return .double
        case "String", "java.lang.String": return .string(utf8: false)
        case "IBinder", "android.os.IBinder": return .binder
        case "FileDescriptor", "java.io.FileDescriptor": return .fileDescriptor
        case "ParcelFileDescriptor", "android.os.ParcelFileDescriptor": return .parcelFileDescriptor
        case "List", "java.util.List":
            guard syntax.arguments.count == 1, let element = resolveType(syntax.arguments[0], in: entry) else {
                if syntax.arguments.count != 1 { error(syntax.location, "expected List<T> with one type argument") }
                return nil
            }
            if element.isPrimitive || element.nonNull == .void {
                // Android only allows List<T> of objects; primitives use T[].
                error(syntax.location, "List<\(syntax.arguments[0].name)> is not allowed: use \(syntax.arguments[0].name)[]")
                return nil
            }
            if element.element != nil {
                error(syntax.location, "lists of arrays or lists are not supported")
                return nil
            }
            if case .typeParameter = element {
                // Its argument may be a primitive, which a List may not hold.
                error(syntax.location, "List<\(syntax.arguments[0].name)> of a type parameter is not allowed: use \(syntax.arguments[0].name)[]")
                return nil
            }
            return .list(element)
        case "Map", "java.util.Map":
            error(syntax.location, "Map is not supported")
            return nil
        case "CharSequence", "java.lang.CharSequence":
            error(syntax.location, "CharSequence is Java-only; use String")
            return nil
        default:
            if entry.declaration.typeParameters.contains(syntax.name) {
                if !syntax.arguments.isEmpty { error(syntax.location, "type parameter \(syntax.name) takes no type arguments") }
                return syntax.arguments.isEmpty ? .typeParameter(syntax.name) : nil
            }
            guard let target = lookupDeclaration(syntax.name, from: entry, at: syntax.location) else { return nil }
            let parameters = target.declaration.typeParameters
            guard syntax.arguments.count == parameters.count else {
                // AOSP's wording (AidlTypeSpecifier::CheckValid).
                error(syntax.location, parameters.isEmpty ? "\(syntax.name) is not a generic type"
                      : "\(syntax.name) must have \(parameters.count) type parameters, but got \(syntax.arguments.count)")
                return nil
            }
            if !parameters.isEmpty {
                let arguments = syntax.arguments.compactMap { typeArgument($0, in: entry) }
                return arguments.count == parameters.count ? .generic(target.qualifiedName, arguments) : nil
            }
            switch target.declaration.kind {
            case .interface: return .interface(target.qualifiedName)
            case .parcelable, .unstructuredParcelable: return .parcelable(target.qualifiedName)
            case .union: return .union(target.qualifiedName)
            case .enumeration: return .enumeration(target.qualifiedName)
            }
        }
    }

    /// A generic parcelable's type argument: a value type that is written the
    /// same wherever it stands (a primitive, String, an enum, a parcelable, a
    /// union, or an array of one), as C++ templates instantiate AOSP's
    /// generic parcelables. Binders and fds (written as objects), @nullable
    /// types and fixed-size arrays (their count is checked where declared) are not.
    private func typeArgument(_ syntax: TypeSyntax, in entry: SourceSet.Entry) -> AIDLType? {
        guard let type = resolveType(syntax, in: entry) else { return nil }
        switch type.innermost {
        case .binder, .interface, .fileDescriptor, .parcelFileDescriptor:
            error(syntax.location, "\(syntax.name) cannot be a type argument: binders and file descriptors are not supported in generic parcelables")
            return nil
        default: break
        }
        if type.isNullable || type.element?.isNullable == true {
            error(syntax.location, "a @nullable type cannot be a type argument")
            return nil
        }
        if case .fixedArray = type {
            error(syntax.location, "a fixed-size array cannot be a type argument")
            return nil
        }
        return type
    }

    /// Finds a user type: nested in this declaration or one around it, then
    /// qualified, imported by its last name, or in the same package. In a
    /// dotted name (`Outer.Inner`) the first component is looked up that way.
    func lookupDeclaration(_ name: String, from entry: SourceSet.Entry, at location: SourceLocation) -> SourceSet.Entry? {
        let head = String(name.split(separator: ".").first ?? "")
        let rest = name.dropFirst(head.count)
        var candidates = entry.scopes.map { "\($0).\(name)" }
        if name.contains(".") { candidates.append(name) }
        if let imported = entry.document.imports.first(where: { $0.name.split(separator: ".").last.map(String.init) == head }) {
            candidates.append(imported.name + rest)
        }
        candidates.append(entry.document.package.isEmpty ? name : "\(entry.document.package).\(name)")
        do {
            for candidate in candidates {
                if let found = try sources.lookup(candidate) { return found }
            }
        } catch let diagnostic as AIDLDiagnostic {
            diagnostics.append(diagnostic)
            return nil
        } catch {
            self.error(location, "cannot load \(name): \(error)")
            return nil
        }
        self.error(location, "unknown type \(name): expected a built-in type or an .aidl file for it (import it, or add its directory with -I)")
        return nil
    }
}

/// Transaction-code constants the compiler needs (mirrors BinderKit's AIDLTransaction).
enum AIDLCodes {
    static let firstCall: UInt32 = 1
    /// The largest id (`= N`) a method may take: AOSP keeps the 100 ids
    /// below getInterfaceVersion's (16777213) for meta-transactions.
    static let maximumUserId = 16_777_113
}
