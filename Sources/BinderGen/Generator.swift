// Turns a validated spec into the set of generated files, and writes or
// checks them against a source tree.

import BinderSpec
import Foundation

/// One output file: a path relative to the repository root and its text.
public struct GeneratedFile: Equatable, Sendable {
    public let path: String
    public let contents: String
}

public enum GeneratorError: Error, CustomStringConvertible {
    case invalidSpec([SpecProblem])

    public var description: String {
        switch self {
        case .invalidSpec(let problems):
            return "the spec is inconsistent:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

public struct Generator {
    public let spec: ProtocolSpec

    public init(spec: ProtocolSpec) {
        self.spec = spec
    }

    /// Every generated file, in a fixed order. Throws if the spec is invalid.
    public func files() throws -> [GeneratedFile] {
        let problems = spec.validate()
        guard problems.isEmpty else { throw GeneratorError.invalidSpec(problems) }
        let uapi = UAPIHeaderRenderer(spec: spec)
        let tables = KernelTablesRenderer(spec: spec)
        let netlinkTables = NetlinkTablesRenderer(spec: spec)
        let abi = ABICheckRenderer(spec: spec)
        let swift = SwiftRenderer(spec: spec)
        let fuzz = FuzzTablesRenderer(spec: spec)
        return [
            GeneratedFile(path: "kmod/include/uapi/linux/android/binder.h", contents: uapi.render(.binder)),
            GeneratedFile(path: "kmod/include/uapi/linux/android/binderfs.h", contents: uapi.render(.binderfs)),
            GeneratedFile(path: "kmod/include/uapi/linux/android/binder_netlink.h", contents: uapi.render(.binderNetlink)),
            GeneratedFile(path: "kmod/generated/swb_protocol.h", contents: tables.renderHeader()),
            GeneratedFile(path: "kmod/generated/swb_protocol.c", contents: tables.renderSource()),
            GeneratedFile(path: "kmod/generated/swb_netlink.h", contents: netlinkTables.renderHeader()),
            GeneratedFile(path: "kmod/generated/swb_netlink.c", contents: netlinkTables.renderSource()),
            GeneratedFile(path: "kmod/generated/abi_check_ours.c", contents: abi.render(.ours)),
            GeneratedFile(path: "kmod/generated/abi_check_upstream.c", contents: abi.render(.upstream)),
            GeneratedFile(path: "Sources/BinderABI/BinderProtocol.generated.swift", contents: swift.renderBindings()),
            GeneratedFile(path: "Tests/BinderABITests/HeaderAgreementTests.generated.swift",
                          contents: swift.renderHeaderAgreementTests()),
            GeneratedFile(path: "docs/protocol.md", contents: MarkdownRenderer(spec: spec).render()),
            GeneratedFile(path: FuzzTablesRenderer.headerPath, contents: fuzz.renderHeader()),
            GeneratedFile(path: FuzzTablesRenderer.sourcePath, contents: fuzz.renderSource()),
        ]
    }
}

/// What differs between the generated files and a tree.
public struct TreeDifference: Equatable {
    /// Files that are missing or whose content differs.
    public var stale: [String] = []
    /// Files that carry the banner but are no longer generated.
    public var orphaned: [String] = []

    public var isEmpty: Bool { stale.isEmpty && orphaned.isEmpty }
}

/// Reads and writes generated files under a repository root.
public struct GeneratedTree {
    public let root: URL

    /// Folders searched for files that carry the banner.
    static let searchedFolders = ["kmod", "Sources", "Tests", "docs"]

    public init(root: URL) {
        self.root = root
    }

    public func difference(from files: [GeneratedFile]) -> TreeDifference {
        var diff = TreeDifference()
        for file in files where read(file.path) != file.contents {
            diff.stale.append(file.path)
        }
        let generated = Set(files.map(\.path))
        // The coverage table is generated too, from test logs (binder-gen --coverage).
        diff.orphaned = bannerFiles().filter { !generated.contains($0) && $0 != CoverageReport.path }
        return diff
    }

    /// Writes the files whose content changed; returns their paths.
    public func write(_ files: [GeneratedFile]) throws -> [String] {
        var written: [String] = []
        for file in files where read(file.path) != file.contents {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
            written.append(file.path)
        }
        return written
    }

    private func read(_ path: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Paths of files whose first three lines carry the generator's marker.
    func bannerFiles() -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for folder in Self.searchedFolders {
            let base = root.appendingPathComponent(folder)
            guard let walker = fm.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker {
                // Golden copies of generator output for test specs are not outputs.
                if url.lastPathComponent == "Golden" {
                    walker.skipDescendants()
                    continue
                }
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                      let head = try? FileHandle(forReadingFrom: url).read(upToCount: 1024),
                      let text = String(data: head, encoding: .utf8)
                else { continue }
                if text.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).prefix(3).contains(where: { $0.contains(Banner.marker + " ") }) {
                    found.append(String(url.path.dropFirst(root.path.count + 1)))
                }
            }
        }
        return found.sorted()
    }
}
