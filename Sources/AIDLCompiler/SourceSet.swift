// The .aidl files of one compilation: the ones given to compile, and the
// ones their imports pull in from the include directories (checked, never
// emitted). Each file declares one type, named like the file; the types
// nested in it are entries too, named `package.Outer.Inner`.

import Foundation

/// Finds and parses declarations by qualified name.
final class SourceSet {
    /// A parsed declaration and the file it came from.
    struct Entry {
        var declaration: DeclarationSyntax
        var document: DocumentSyntax
        var qualifiedName: String
        var relativePath: String
        /// The qualified names of the declarations this one is nested in,
        /// innermost first (empty for a file's own type).
        var enclosing: [String] = []

        /// Where a name used inside this declaration is looked up first:
        /// its own nested types, then those of each enclosing declaration.
        var scopes: [String] { [qualifiedName] + enclosing }
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
        // `a.b.Outer.Inner` is declared in a/b/Outer.aidl: try the file for
        // the whole name, then for each shorter prefix not loaded already.
        var components = qualifiedName.split(separator: ".").map(String.init)
        while !components.isEmpty {
            let prefix = components.joined(separator: ".")
            if entries[prefix] == nil, try load(prefix) != nil, let entry = entries[qualifiedName] { return entry }
            if entries[prefix] != nil { break }
            components.removeLast()
        }
        missing.insert(qualifiedName)
        return nil
    }

    /// Loads the file for the top-level type `qualifiedName` from the include directories.
    private func load(_ qualifiedName: String) throws -> Entry? {
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
        try record(entry)
        return entry
    }

    /// Records `entry` and, under their qualified names, the types nested in it.
    private func record(_ entry: Entry) throws {
        entries[entry.qualifiedName] = entry
        var seen: Set<String> = []
        for nested in entry.declaration.nested {
            if nested.name == entry.declaration.name || entry.enclosing.contains(where: { $0.split(separator: ".").last.map(String.init) == nested.name }) {
                throw AIDLDiagnostic(nested.location, "nested type \(nested.name) has the name of a type it is nested in")
            }
            guard seen.insert(nested.name).inserted else {
                throw AIDLDiagnostic(nested.location, "nested type \(nested.name) is declared twice in \(entry.declaration.name)")
            }
            try record(Entry(declaration: nested, document: entry.document, qualifiedName: "\(entry.qualifiedName).\(nested.name)",
                             relativePath: entry.relativePath, enclosing: [entry.qualifiedName] + entry.enclosing))
        }
    }

    /// `/x/y/a/b/IFoo.aidl` with package `a.b` has its root at `/x/y`, and
    /// `a/b/IFoo.aidl` at `.`. Split by hand: Foundation's path methods trap
    /// on Linux when a relative path runs out of components.
    static func includeRoot(of path: String, package: String) -> String? {
        var directories = path.split(separator: "/").dropLast()
        for component in package.split(separator: ".").reversed() {
            guard directories.last == component else { return nil }
            directories.removeLast()
        }
        let root = (path.hasPrefix("/") ? "/" : "") + directories.joined(separator: "/")
        return root.isEmpty ? "." : root
    }
}
