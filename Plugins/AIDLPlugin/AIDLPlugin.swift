// A build-tool plugin: every .aidl file in a target becomes a Swift file
// (binder-aidl) compiled into that target. Files are found under their
// package paths (demo/IGreeter.aidl for package demo), so that a file's
// imports of other files of the target resolve.

import Foundation
import PackagePlugin

@main
struct AIDLPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target.sourceModule else { return [] }
        let files = module.sourceFiles(withSuffix: "aidl").map(\.url)
        let compiler = try context.tool(named: "binder-aidl").url
        let output = context.pluginWorkDirectoryURL.appending(path: "aidl")
        return files.map { file in
            let name = file.deletingPathExtension().lastPathComponent
            return .buildCommand(
                displayName: "binder-aidl \(file.lastPathComponent)",
                executable: compiler,
                // The include root (the directory above the package path) is
                // found from the file's package, so imports need no -I.
                // BinderKit's own interfaces (IServiceManager) must not import it.
                arguments: (target.name == "BinderKit" ? ["--inside-binder-kit"] : []) + ["-o", output.path(), file.path()],
                // Any .aidl of the target may be imported, so any change reruns it.
                inputFiles: files,
                outputFiles: [output.appending(path: "\(name).swift")])
        }
    }
}
