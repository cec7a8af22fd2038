// The .aidl files of one compilation: the ones given to compile, and the
// ones their imports pull in from the include directories (checked, never
// emitted). Each file declares one type, named like the file.

import Foundation

/// Finds and parses declarations by qualified name.
final class SourceSet {
    /// A parsed declaration and the file it came from.
    struct Entry {
        var declaration: DeclarationSyntax
        var document: DocumentSyntax
        var qualifiedName: String
        var relativePath: String
    }

    private(set) var entries: [String: Entry] = [:]
    private var includeDirectories: [String]
    private var missing: Set<String> = []

    init(includeDirectories: [String]) {
        self.includeDirectories = includeDirectories
    }

    /// Parses a file given on the command line; its include root (the
    /// directory above its package path) is searched for imports too.
    func add(path: String) throws -> Entry {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AIDLDiagnostic(SourceLocation(file: path, line: 1, column: 1), "cannot read the file: \(error.localizedDescription)")
        }
        let document = try Parser.parse(source: source, file: path)
        let entry = try register(document, path: path)
        if let root = Self.includeRoot(of: path, package: document.package), !includeDirectories.contains(root) {
            includeDirectories.append(root)
        }
        return entry
    }

    /// The declaration named `qualifiedName`, loading `a/b/Name.aidl` from an
    /// include directory the first time; nil if no such file exists.
    func lookup(_ qualifiedName: String) throws -> Entry? {
        if let entry = entries[qualifiedName] { return entry }
        if missing.contains(qualifiedName) { return nil }
        let relative = qualifiedName.replacingOccurrences(of: ".", with: "/") + ".aidl"
        for directory in includeDirectories {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let document = try Parser.parse(source: source, file: path)
            let entry = try register(document, path: path)
            if entry.qualifiedName == qualifiedName { return entry }
        }
        missing.insert(qualifiedName)
        return nil
    }

    /// Checks the one-type-per-file rule and records the declaration.
    private func register(_ document: DocumentSyntax, path: String) throws -> Entry {
        guard let declaration = document.declarations.first else {
            throw AIDLDiagnostic(SourceLocation(file: path, line: 1, column: 1), "expected a type declaration; the file declares none")
        }
        if document.declarations.count > 1 {
            let extra = document.declarations[1]
            throw AIDLDiagnostic(extra.location, "a file declares one type; move \(extra.name) to \(extra.name).aidl")
        }
        let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard fileName == declaration.name else {
            throw AIDLDiagnostic(declaration.location, "\(declaration.kind.keyword) \(declaration.name) must be declared in \(declaration.name).aidl, not \(fileName).aidl")
        }
        let qualified = document.package.isEmpty ? declaration.name : "\(document.package).\(declaration.name)"
        let relative = document.package.replacingOccurrences(of: ".", with: "/")
        let entry = Entry(declaration: declaration, document: document, qualifiedName: qualified,
                          relativePath: relative.isEmpty ? "\(fileName).aidl" : "\(relative)/\(fileName).aidl")
        if let existing = entries[qualified], existing.document.file != path {
            throw AIDLDiagnostic(declaration.location, "\(qualified) is also declared in \(existing.document.file)")
        }
        entries[qualified] = entry
        return entry
    }

    /// `/x/y/a/b/IFoo.aidl` with package `a.b` has its root at `/x/y`.
    static func includeRoot(of path: String, package: String) -> String? {
        var directory = (path as NSString).deletingLastPathComponent
        for component in package.split(separator: ".").reversed() {
            guard (directory as NSString).lastPathComponent == component else { return nil }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return directory.isEmpty ? "." : directory
    }
}
