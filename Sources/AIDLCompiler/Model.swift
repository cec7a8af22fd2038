// The checked model the emitter works from: every type resolved, every
// constant evaluated, every method numbered.

/// An AIDL type after resolution.
public indirect enum AIDLType: Equatable, Sendable {
    case void, boolean, byte, char, int, long, float, double
    /// `String`; `utf8` records @utf8InCpp (same wire format).
    case string(utf8: Bool)
    case binder
    case fileDescriptor
    case parcelFileDescriptor
    /// A user-declared type, by qualified name.
    case interface(String)
    case parcelable(String)
    case union(String)
    case enumeration(String)
    /// A generic parcelable with its type arguments: `Pair<int, String>`.
    case generic(String, [AIDLType])
    /// A type parameter of the generic parcelable being declared (`T`), in
    /// its fields: written as whatever type the user of the parcelable chose.
    case typeParameter(String)
    /// `T[]`
    case array(AIDLType)
    /// `T[N]`: as `T[]` on the wire, with exactly N elements (and `T[N][M]`
    /// an array of such arrays, each with its own count).
    case fixedArray(AIDLType, Int)
    /// `List<T>`: the same wire format as `T[]`.
    case list(AIDLType)
    /// `@nullable T`
    case nullable(AIDLType)

    /// The type without @nullable.
    var nonNull: AIDLType {
        if case let .nullable(inner) = self { return inner }
        return self
    }

    var isNullable: Bool {
        if case .nullable = self { return true }
        return false
    }

    /// Element type of an array or list.
    var element: AIDLType? {
        switch nonNull {
        case let .array(element), let .list(element), let .fixedArray(element, _): return element
        default: return nil
        }
    }

    /// The element type inside all array and list levels.
    var innermost: AIDLType { element?.innermost ?? nonNull }

    /// The same arrays and lists around `replacement` instead of the innermost type.
    func replacingInnermost(_ replacement: AIDLType) -> AIDLType {
        switch self {
        case let .array(element): return .array(element.replacingInnermost(replacement))
        case let .list(element): return .list(element.replacingInnermost(replacement))
        case let .fixedArray(element, count): return .fixedArray(element.replacingInnermost(replacement), count)
        case let .nullable(inner): return .nullable(inner.replacingInnermost(replacement))
        default: return replacement
        }
    }

    var isPrimitive: Bool {
        switch self {
        case .boolean, .byte, .char, .int, .long, .float, .double: return true
        default: return false
        }
    }

    /// Types with a null form of their own (a -1 length, a 0 marker, a null binder).
    var canBeNull: Bool {
        switch self {
        case .string, .binder, .interface, .parcelable, .generic, .union, .parcelFileDescriptor: return true
        default: return false
        }
    }

    /// Binders and interfaces are written as objects, not `AIDLValue`s.
    var isBinderLike: Bool {
        switch nonNull {
        case .binder, .interface: return true
        default: return false
        }
    }
}

/// A constant's value; integers are kept as Int64 and narrowed by the emitter.
public indirect enum ConstantValue: Equatable, Sendable {
    case integer(Int64)
    case float(Double)
    case string(String)
    case boolean(Bool)
    /// An enumerator of an enum, by the enum's qualified name.
    case enumerator(type: String, name: String)
    case list([ConstantValue])
}

public struct ResolvedField: Sendable {
    public var name: String
    public var type: AIDLType
    public var defaultValue: ConstantValue?
}

public struct ResolvedConstant: Sendable {
    public var name: String
    public var type: AIDLType
    public var value: ConstantValue
}

public struct ResolvedArgument: Sendable {
    public var name: String
    public var direction: Direction
    public var type: AIDLType
}

public struct ResolvedMethod: Sendable {
    public var name: String
    /// The transaction code: FIRST_CALL_TRANSACTION + the method's index or id.
    public var code: UInt32
    public var isOneway: Bool
    public var returnType: AIDLType
    public var arguments: [ResolvedArgument]
}

public enum ResolvedKind: Sendable {
    case parcelable([ResolvedField])
    case union([ResolvedField])
    /// Backing type (.byte, .int or .long) and enumerators in order.
    case enumeration(backing: AIDLType, [(name: String, value: Int64)])
    case interface([ResolvedMethod])
    /// `parcelable Foo;`: a hand-written Swift type (by this name) conforming
    /// to AIDLParcelable stands for it; nothing but a check is generated.
    case unstructured(swiftType: String)
}

/// One declaration ready to emit.
public struct ResolvedDeclaration: Sendable {
    public var qualifiedName: String
    /// The interface descriptor (qualified name unless @Descriptor changes it).
    public var descriptor: String
    public var kind: ResolvedKind
    public var constants: [ResolvedConstant]
    /// The source path relative to its include root (`a/b/IFoo.aidl`), for the banner.
    public var sourcePath: String
    /// The qualified name of the declaration this one is nested in, if any.
    public var enclosing: String?
    /// The qualified names of the types nested in this one.
    public var nested: [String] = []
    /// A generic parcelable's type parameters (`<A, B>`), in order.
    public var typeParameters: [String] = []

    /// The Swift name: the last component of the qualified name.
    public var swiftName: String { String(qualifiedName.split(separator: ".").last ?? "") }
}


