// binder-aidl: compiles .aidl files into Swift for BinderKit.
//
//   binder-aidl [-I DIR]... [-o OUTDIR] [--version N] [--hash H] FILE.aidl...
//
// --version and --hash make the interfaces versioned, as AOSP's aidl options
// of those names do: they answer getInterfaceVersion / getInterfaceHash.
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

    @Option(name: [.customShort("v"), .long],
            help: "The interface version (a positive integer): interfaces answer getInterfaceVersion with it.")
    var version: Int32?

    @Option(help: "The hash of the frozen API: interfaces answer getInterfaceHash with it.")
    var hash: String?

    @Argument(help: "The .aidl files to compile.")
    var files: [String]

    func validate() throws {
        if let version, version <= 0 {
            throw ValidationError("invalid version number \(version): the version must be a positive integer")
        }
    }

    func run() throws {
        let generated: [GeneratedFile]
        do {
            generated = try AIDLCompiler(includeDirectories: include, insideBinderKit: insideBinderKit, version: version, hash: hash).compile(paths: files)
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
