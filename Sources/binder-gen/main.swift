// binder-gen: regenerate every file derived from Sources/BinderSpec, or
// (--check) report the ones that are stale without touching anything.

import ArgumentParser
import BinderGen
import BinderSpec
import Foundation

@main
struct BinderGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binder-gen",
        abstract: "Generate the uapi headers, kernel tables, ABI checks, Swift bindings and docs from the Binder spec.",
        discussion: """
            Only files whose content changes are rewritten. With --check nothing is written: \
            the command names every stale or orphaned generated file and exits 1.
            """)

    @Flag(help: "Do not write; exit 1 and name every file that differs from what the spec generates.")
    var check = false

    @Option(help: "Repository root (default: the current directory).")
    var root: String = FileManager.default.currentDirectoryPath

    func run() throws {
        let files: [GeneratedFile]
        do {
            files = try Generator(spec: .binder).files()
        } catch {
            FileHandle.standardError.write(Data("binder-gen: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let tree = GeneratedTree(root: URL(fileURLWithPath: root))
        if check {
            let diff = tree.difference(from: files)
            for path in diff.stale { print("stale: \(path) (run `swift run binder-gen`)") }
            for path in diff.orphaned { print("orphaned: \(path) carries the generated banner but is no longer generated") }
            if !diff.isEmpty { throw ExitCode(1) }
            print("binder-gen: all \(files.count) generated files are up to date")
        } else {
            let written = try tree.write(files)
            for path in written { print("wrote \(path)") }
            print("binder-gen: \(written.count) of \(files.count) files changed")
        }
    }
}
