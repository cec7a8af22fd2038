// The syntax tree of one .aidl file, as written (names not yet resolved).

/// `@name` or `@name(key=value, ...)`; a lone value has the key "value".
struct Annotation {
    var name: String
    var parameters: [String: ConstantExpression]
    var location: SourceLocation
}

/// A type as written: `List<String>`, `int[]`, `@nullable IFoo`.
struct TypeSyntax {
    var name: String
    var arguments: [TypeSyntax]
    /// Each `[]` (nil) or `[N]` (its size) after the name, outermost first.
    var dimensions: [ConstantExpression?]
    var annotations: [Annotation]
    var location: SourceLocation

    func has(_ annotation: String) -> Bool { annotations.contains { $0.name == annotation } }
}

/// A constant expression, evaluated by the type checker.
indirect enum ConstantExpression {
    case integer(String, SourceLocation)
    case float(String, SourceLocation)
    case string(String, SourceLocation)
    case character(String, SourceLocation)
    case boolean(Bool, SourceLocation)
    /// A constant or enumerator: `NAME`, `Type.NAME`, `a.b.Type.NAME`.
    case name(String, SourceLocation)
    case unary(String, ConstantExpression, SourceLocation)
    case binary(String, ConstantExpression, ConstantExpression, SourceLocation)
    case list([ConstantExpression], SourceLocation)

    var location: SourceLocation {
        switch self {
        case let .integer(_, at), let .float(_, at), let .string(_, at), let .character(_, at),
             let .boolean(_, at), let .name(_, at), let .unary(_, _, at), let .binary(_, _, _, at), let .list(_, at):
            return at
        }
    }
}

/// A field of a parcelable or union.
struct FieldSyntax {
    var type: TypeSyntax
    var name: String
    var defaultValue: ConstantExpression?
    var location: SourceLocation
}

/// `const T NAME = value;`
struct ConstantSyntax {
    var type: TypeSyntax
    var name: String
    var value: ConstantExpression
    var location: SourceLocation
}

public enum Direction: String, Sendable {
    case `in`, out, `inout`
}

struct ArgumentSyntax {
    var direction: Direction?
    var type: TypeSyntax
    var name: String
    var location: SourceLocation
}

struct MethodSyntax {
    var isOneway: Bool
    var returnType: TypeSyntax
    var name: String
    var arguments: [ArgumentSyntax]
    /// An explicit transaction code offset (`= 5`).
    var id: Int?
    var annotations: [Annotation]
    var location: SourceLocation
}

struct EnumeratorSyntax {
    var name: String
    var value: ConstantExpression?
    var location: SourceLocation
}

/// What a declaration is, with its members.
enum DeclarationKind {
    /// `parcelable Foo;` with no body: a hand-written type in each language,
    /// named after the name by `cpp_header "..."`, `rust_type "..."`,
    /// `swift_type "..."` and the like.
    case unstructuredParcelable([NativeType])
    case parcelable([FieldSyntax])
    case union([FieldSyntax])
    case enumeration([EnumeratorSyntax])
    case interface(isOneway: Bool, [MethodSyntax])

    var keyword: String {
        switch self {
        case .unstructuredParcelable, .parcelable: return "parcelable"
        case .union: return "union"
        case .enumeration: return "enum"
        case .interface: return "interface"
        }
    }
}

/// `cpp_header "foo.h"`, `rust_type "crate::Foo"`, `swift_type "Module.Foo"`
/// after an unstructured parcelable's name: where each backend finds the type.
struct NativeType {
    var backend: String
    var value: String
    var location: SourceLocation
}

struct DeclarationSyntax {
    var kind: DeclarationKind
    var name: String
    var annotations: [Annotation]
    var constants: [ConstantSyntax]
    /// Type parameters (`parcelable Foo<T>`): only parcelables have them.
    var typeParameters: [String]
    var location: SourceLocation
    /// Types declared inside a parcelable, union or interface.
    var nested: [DeclarationSyntax] = []
}

/// One parsed .aidl file.
struct DocumentSyntax {
    var file: String
    var package: String
    var imports: [(name: String, location: SourceLocation)]
    var declarations: [DeclarationSyntax]
}
