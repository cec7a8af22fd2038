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

    @Option(help: ArgumentHelp(
        "Instead: write docs/protocol-coverage.md from DriverTests coverage logs, one per kernel; exit 1 if an item has no test on some kernel.",
        valueName: "label=log"))
    var coverage: [String] = []

    func run() throws {
        if !coverage.isEmpty {
            try writeCoverage()
            return
        }
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

    private func writeCoverage() throws {
        let logs = coverage.map { argument -> CoverageReport.KernelLog in
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let path = parts.count == 2 ? parts[1] : ""
            return CoverageReport.KernelLog(label: parts[0], text: try? String(contentsOfFile: path, encoding: .utf8))
        }
        let report = CoverageReport(spec: .binder, logs: logs)
        let url = URL(fileURLWithPath: root).appendingPathComponent(CoverageReport.path)
        try report.render().write(to: url, atomically: true, encoding: .utf8)
        let gaps = report.uncovered
        for gap in gaps { print("uncovered: \(gap.item) (no DriverTest on swbinder on \(gap.kernels.joined(separator: ", ")))") }
        print("binder-gen: \(report.items.count - gaps.count) of \(report.items.count) protocol items covered; wrote \(CoverageReport.path)")
        if !gaps.isEmpty { throw ExitCode(1) }
    }
}
