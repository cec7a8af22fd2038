// swift-tools-version:6.0
// SwiftBinder: the Android Binder driver generated from Swift protocol tables.
import PackageDescription

let package = Package(
    name: "SwiftBinder",
    products: [
        .executable(name: "binder-gen", targets: ["binder-gen"]),
        .library(name: "BinderKit", targets: ["BinderKit"]),
        .executable(name: "binder-servicemanager", targets: ["binder-servicemanager"]),
        .executable(name: "binderctl", targets: ["binderctl"]),
        .executable(name: "binder-aidl", targets: ["binder-aidl"]),
        .library(name: "AIDLCompiler", targets: ["AIDLCompiler"]),
        .plugin(name: "AIDLPlugin", targets: ["AIDLPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The protocol as Swift values: the single source of truth.
        .target(name: "BinderSpec"),
        // Spec -> validated model -> one renderer per generated file.
        .target(name: "BinderGen", dependencies: ["BinderSpec"]),
        .executableTarget(
            name: "binder-gen",
            dependencies: [
                "BinderGen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // C view of the generated uapi header (module map points into kmod/include/uapi).
        .target(name: "CBinderUAPI"),
        // Generated Swift bindings over the uapi header.
        .target(name: "BinderABI", dependencies: ["CBinderUAPI"]),
        // Userspace library: driver handle, typed ioctls and errors.
        .target(name: "BinderKit", dependencies: ["BinderABI", "CBinderUAPI"], plugins: ["AIDLPlugin"]),
        // SplitMix64, the seeded generator of every replayable random run.
        .target(name: "SeededRandom"),
        // A scripted binder peer the DriverTests run as a real child process.
        .executableTarget(name: "binder-test-peer", dependencies: ["BinderKit", "BinderABI", "CBinderUAPI"]),
        // One process of the DriverTests' kill storm (KillStormTests).
        .executableTarget(name: "binder-storm-peer", dependencies: ["BinderKit", "BinderABI", "CBinderUAPI", "SeededRandom"]),
        // The command-line tool.
        .executableTarget(
            name: "binderctl",
            dependencies: ["BinderKit", "BinderABI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The context manager: Android 10's IServiceManager and the AIDL one of one release of 11 to 16.
        .executableTarget(name: "binder-servicemanager", dependencies: ["BinderKit"], path: "Sources/servicemanager"),
        // make demo: an example service and its client, over demo/IGreeter.aidl (AIDLGreeter).
        .executableTarget(name: "binder-demo-service", dependencies: ["AIDLGreeter", "BinderKit"]),
        .executableTarget(name: "binder-demo-client", dependencies: ["AIDLGreeter", "BinderKit"]),
        // The README's ten-line example, compiled so it cannot rot.
        .executableTarget(name: "binder-hello", dependencies: ["BinderKit"], plugins: ["AIDLPlugin"]),
        // A BinderKit peer for the BinderKit DriverTests.
        .executableTarget(name: "binderkit-test-peer", dependencies: ["BinderKit", "CBinderUAPI"]),
        // The AIDL compiler: lexer, parser, type checker and Swift emitter.
        .target(name: "AIDLCompiler"),
        .executableTarget(
            name: "binder-aidl",
            dependencies: ["AIDLCompiler", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Compiles the .aidl files of a target at build time with binder-aidl.
        .plugin(name: "AIDLPlugin", capability: .buildTool(), dependencies: ["binder-aidl"]),
        // An example of the plugin: the demo's greeter interface, compiled from .aidl.
        .target(name: "AIDLGreeter", dependencies: ["BinderKit"], plugins: ["AIDLPlugin"]),
        // An ITestService-style interface set and its implementation, for the AIDL tests,
        // and a process serving it for the AIDL DriverTests.
        .target(name: "AIDLTestService", dependencies: ["BinderKit"], plugins: ["AIDLPlugin"]),
        .executableTarget(name: "aidl-test-peer", dependencies: ["AIDLTestService", "BinderKit", "CBinderUAPI"]),
        // make bench: one measurement on one device, in plain C with no per-call
        // allocation, against our generated uapi header.
        .executableTarget(
            name: "binder-bench",
            cSettings: [.headerSearchPath("../../kmod/include/uapi"), .unsafeFlags(["-Wall", "-Wextra", "-Werror"])],
            linkerSettings: [.linkedLibrary("pthread")]),
        // make fuzz: a seeded multi-process protocol fuzzer, in C, whose command and
        // ioctl tables binder-gen writes from the spec (fuzz_protocol.{h,c}).
        .executableTarget(
            name: "binder-fuzz",
            cSettings: [.headerSearchPath("../../kmod/include/uapi"), .unsafeFlags(["-Wall", "-Wextra", "-Werror"])],
            linkerSettings: [.linkedLibrary("pthread")]),
        .testTarget(name: "BinderSpecTests", dependencies: ["BinderSpec"]),
        .testTarget(
            name: "BinderGenTests", dependencies: ["BinderGen", "BinderSpec"],
            resources: [.copy("Golden")]),
        .testTarget(name: "BinderABITests", dependencies: ["BinderABI", "CBinderUAPI"]),
        .testTarget(name: "BinderKitTests", dependencies: ["BinderKit", "BinderABI", "SeededRandom"]),
        .testTarget(
            name: "AIDLTests", dependencies: ["AIDLCompiler", "AIDLGreeter", "AIDLTestService", "BinderKit", "SeededRandom"]),
        // Needs a live binder device: run inside the VM by `make test`.
        .testTarget(
            name: "DriverTests", dependencies: ["AIDLTestService", "BinderKit", "BinderABI", "CBinderUAPI", "SeededRandom"]),
    ]
)
