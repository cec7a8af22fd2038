// A build-tool plugin: every .aidl file in a target becomes a Swift file
// (binder-aidl) compiled into that target. Files are found under their
// package paths (demo/IGreeter.aidl for package demo), so that a file's
// imports of other files of the target resolve.
//
// A file named `aidl-options` beside .aidl files holds binder-aidl options
// for the files of that directory (`--version 2 --hash <hash>` for a frozen
// version of a stable interface), as a build system passes them per module.

import Foundation
import PackagePlugin

@main
struct AIDLPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let files = module.sourceFiles(withSuffix: "aidl").map(\.url)
        let compiler = try context.tool(named: "binder-aidl").url
        let output = context.pluginWorkDirectoryURL.appending(path: "aidl")
        let optionFiles = module.sourceFiles.map(\.url).filter { $0.lastPathComponent == "aidl-options" }
        return try files.map { file in
            let name = file.deletingPathExtension().lastPathComponent
            let directory = file.deletingLastPathComponent().standardizedFileURL
            let optionFile = optionFiles.first { $0.deletingLastPathComponent().standardizedFileURL == directory }
            let options = try optionFile.map { try String(contentsOf: $0, encoding: .utf8).split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
            return .buildCommand(
                displayName: "binder-aidl \(file.lastPathComponent)",
                executable: compiler,
                // The include root (the directory above the package path) is
                // found from the file's package, so imports need no -I.
                // BinderKit's own interfaces (IServiceManager) must not import it.
                arguments: (target.name == "BinderKit" ? ["--inside-binder-kit"] : []) + options + ["-o", output.path(), file.path()],
                // Any .aidl of the target may be imported, so any change reruns it.
                inputFiles: files + (optionFile.map { [$0] } ?? []),
                outputFiles: [output.appending(path: "\(name).swift")])
        }
    }
}
