// binder-aidl: compiles .aidl files into Swift for BinderKit.
//
//   binder-aidl [-I DIR]... [-o OUTDIR] FILE.aidl...
//
// Writes OUTDIR/<Type>.swift for each file. On any error it prints every
// error as file:line:column, writes nothing, and exits 1.

import AIDLCompiler
import ArgumentParser
import Foundation

@main
struct BinderAIDL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binder-aidl",
        abstract: "Generate Swift protocols, proxies, services and parcelables from AIDL files.")

    @Option(name: .customShort("I"), help: "A directory holding imported .aidl files under their package paths.")
    var include: [String] = []

    @Option(name: .shortAndLong, help: "Where to write the generated Swift files.")
    var output: String = "."

    @Flag(help: "The output is compiled into BinderKit itself: no `import BinderKit`.")
    var insideBinderKit = false

    @Argument(help: "The .aidl files to compile.")
    var files: [String]

    func run() throws {
        let generated: [GeneratedFile]
        do {
            generated = try AIDLCompiler(includeDirectories: include, insideBinderKit: insideBinderKit).compile(paths: files)
        } catch let errors as AIDLErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for file in generated {
            let path = (output as NSString).appendingPathComponent(file.name)
            // Unchanged output keeps its timestamp, so builds do not redo work.
            if (try? String(contentsOfFile: path, encoding: .utf8)) == file.contents { continue }
            try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
