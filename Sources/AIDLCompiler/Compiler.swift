// The compiler's entry point: parse the given files (and what they import),
// check everything, and only if nothing is wrong, produce one Swift file per
// given .aidl file.

/// One generated Swift file.
public struct GeneratedFile: Equatable, Sendable {
    /// The file name: the declared type's name with `.swift`.
    public var name: String
    public var contents: String
}

public struct AIDLCompiler {
    /// Directories that hold imported .aidl files under their package paths.
    public var includeDirectories: [String]

    /// Set when the output is compiled into BinderKit itself, which then
    /// must not import itself (its own IServiceManager, say).
    public var insideBinderKit: Bool

    /// The interface version (`--version N`, N > 0): each interface then
    /// answers getInterfaceVersion with it and its proxy can ask for it.
    public var version: Int32?

    /// The hash of the frozen API dump (`--hash H`): each interface then
    /// answers getInterfaceHash with it and its proxy can ask for it.
    public var hash: String?

    public init(includeDirectories: [String] = [], insideBinderKit: Bool = false,
                version: Int32? = nil, hash: String? = nil) {
        self.includeDirectories = includeDirectories
        self.insideBinderKit = insideBinderKit
        self.version = version
        self.hash = hash
    }

    /// Compiles `paths`. Throws `AIDLErrors` listing every error found; in
    /// that case nothing is returned for any file.
    public func compile(paths: [String]) throws -> [GeneratedFile] {
        let sources = SourceSet(includeDirectories: includeDirectories)
        var diagnostics: [AIDLDiagnostic] = []
        var inputs: [SourceSet.Entry] = []
        for path in paths {
            do {
                inputs.append(try sources.add(path: path))
            } catch let diagnostic as AIDLDiagnostic {
                diagnostics.append(diagnostic)
            }
        }
        let meta = MetaMethods(version: version, hash: hash)
        let checker = TypeChecker(sources: sources, meta: meta)
        var resolved: [String: ResolvedDeclaration] = [:]
        for entry in inputs {
            if let declaration = checker.resolve(entry) { resolved[entry.qualifiedName] = declaration }
        }
        // Imported declarations are checked too: the emitter asks about them.
        var checked = Set(inputs.map(\.qualifiedName))
        while let next = sources.entries.values.first(where: { !checked.contains($0.qualifiedName) }) {
            checked.insert(next.qualifiedName)
            if let declaration = checker.resolve(next) { resolved[next.qualifiedName] = declaration }
        }
        diagnostics += checker.diagnostics
        guard diagnostics.isEmpty else {
            throw AIDLErrors(diagnostics: Self.unique(diagnostics))
        }
        let emitter = SwiftEmitter(declarations: resolved, importsBinderKit: !insideBinderKit, meta: meta)
        return inputs.compactMap { entry in
            resolved[entry.qualifiedName].map { GeneratedFile(name: "\($0.swiftName).swift", contents: emitter.emit($0)) }
        }
    }

    /// Each error once, in file and position order.
    private static func unique(_ diagnostics: [AIDLDiagnostic]) -> [AIDLDiagnostic] {
        var seen: Set<AIDLDiagnostic> = []
        return diagnostics.filter { seen.insert($0).inserted }.sorted {
            ($0.location.file, $0.location.line, $0.location.column) < ($1.location.file, $1.location.line, $1.location.column)
        }
    }
}
