// binderctl list / ping / call: talk to services through the service manager.

import ArgumentParser
import BinderKit
import Foundation

/// The device option every service command shares.
struct DeviceOption: ParsableArguments {
    @Option(name: .shortAndLong, help: "The binder device whose service manager to ask.")
    var device = "/dev/binder"

    func process() throws -> BinderProcess {
        do {
            return try BinderProcess(device: device, mapSize: 128 * 1024, maxThreads: 0)
        } catch {
            throw explain(error, device: device)
        }
    }

    /// The named service, or a message saying how to get it registered.
    func service(_ name: String, in process: BinderProcess) throws -> any Binder {
        do {
            guard let service = try ServiceManager(process).checkService(name) else {
                print("binderctl: no service called '\(name)' on \(device)")
                print("hint: `binderctl list` shows what is registered")
                throw ExitCode(1)
            }
            return service
        } catch let error as BinderCallError {
            throw noServiceManager(error)
        }
    }

    func noServiceManager(_ error: BinderCallError) -> ExitCode {
        print("binderctl: the service manager of \(device) did not answer: \(error)")
        print("hint: start one first: binder-servicemanager \(device) &")
        return ExitCode(1)
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the services registered with the service manager.")

    @OptionGroup var options: DeviceOption

    func run() throws {
        let process = try options.process()
        do {
            let names = try ServiceManager(process).listServices()
            print(names.isEmpty ? "(no services registered on \(options.device))" : names.joined(separator: "\n"))
        } catch let error as BinderCallError {
            throw options.noServiceManager(error)
        }
    }
}

struct Ping: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that a service is alive (PING_TRANSACTION) and show its interface.")

    @OptionGroup var options: DeviceOption
    @Argument(help: "The service's name, as `binderctl list` shows it.")
    var name: String

    func run() throws {
        let process = try options.process()
        let service = try options.service(name, in: process)
        do {
            try service.ping()
            let descriptor = (try? service.interfaceDescriptor()) ?? nil
            print("\(name) is alive (interface \(descriptor.map { "'\($0)'" } ?? "unknown"))")
        } catch {
            print("\(name) did not answer the ping: \(error)")
            throw ExitCode(1)
        }
    }
}

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call a service with a transaction code and typed arguments; print the reply.",
        discussion: """
            Arguments are written into the parcel in order, each TYPE:VALUE:
              i32:5  i64:5  bool:true  f64:1.5  str:hello (String16)  str8:hello (UTF-8)
              fd:/path/to/file (opened read-only and passed as a file descriptor)
              token:android.os.IServiceManager (an Android 10 interface token)
              aidl:demo.IGreeter (the token an Android 11+ AIDL proxy writes, 'SYST' header)
            Example: binderctl call demo.greeter 1 aidl:demo.IGreeter str:world
            """)

    @OptionGroup var options: DeviceOption
    @Flag(help: "Send the call oneway: no reply is awaited.")
    var oneway = false
    @Argument(help: "The service's name.")
    var name: String
    @Argument(help: "The transaction code (decimal or 0x hex).")
    var code: String
    @Argument(help: "Typed arguments, e.g. i32:5 str:hello.")
    var arguments: [String] = []

    func run() throws {
        guard let number = UInt32(code) ?? UInt32(code.replacingOccurrences(of: "0x", with: ""), radix: 16) else {
            throw ValidationError("'\(code)' is not a transaction code: give a number such as 1 or 0x5f504e47")
        }
        var data = ParcelWriter()
        var files: [Int32] = []
        defer { files.forEach { close($0) } }
        for argument in arguments {
            try CallArgument.write(argument, into: &data, files: &files)
        }
        let process = try options.process()
        let service = try options.service(name, in: process)
        do {
            if oneway {
                try service.transactOneway(code: number, data: data)
                print("sent oneway code \(number) to \(name)")
            } else {
                print(ReplyDump.describe(try service.transact(code: number, data: data)))
            }
        } catch {
            print("binderctl: calling \(name) failed: \(error)")
            throw ExitCode(1)
        }
    }
}

/// The TYPE:VALUE arguments of `binderctl call`.
enum CallArgument {
    static func write(_ argument: String, into data: inout ParcelWriter, files: inout [Int32]) throws {
        guard let colon = argument.firstIndex(of: ":") else {
            throw ValidationError("'\(argument)' has no type: write TYPE:VALUE, e.g. i32:5 or str:hello")
        }
        let type = argument[..<colon], value = String(argument[argument.index(after: colon)...])
        let bad = ValidationError("'\(value)' is not a valid \(type) value")
        switch type {
        case "i32": guard let v = Int32(value) else { throw bad }; data.writeInt32(v)
        case "i64": guard let v = Int64(value) else { throw bad }; data.writeInt64(v)
        case "bool": guard let v = Bool(value) else { throw bad }; data.writeBool(v)
        case "f64": guard let v = Double(value) else { throw bad }; data.writeDouble(v)
        case "str": data.writeString16(value)
        case "str8": data.writeString8(value)
        case "token": data.writeInterfaceToken(value, format: .android10)
        case "aidl": data.writeAIDLInterfaceToken(value, .current)
        case "fd":
            let fd = open(value, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ValidationError("cannot open \(value): \(String(cString: strerror(errno)))") }
            files.append(fd)
            data.writeFileDescriptor(fd, takeOwnership: false)
        default:
            throw ValidationError("unknown type '\(type)': use i32, i64, bool, f64, str, str8, token, aidl or fd")
        }
    }
}

/// A reply shown every way it might be meant.
enum ReplyDump {
    static func describe(_ reply: IncomingParcel) -> String {
        let bytes = reply.reader.bytes
        var lines = ["reply: \(bytes.count) bytes"]
        for start in stride(from: 0, to: bytes.count, by: 16) {
            let row = bytes[start..<min(start + 16, bytes.count)]
            lines.append("  " + String(format: "%04x", start) + "  " + row.map { String(format: "%02x", $0) }.joined(separator: " "))
        }
        var asString = reply.reader
        var asAIDL = reply.reader
        let aidlStatus = Result { try asAIDL.readAIDLStatus() }
        if let string = try? asString.readString16(), asString.remaining == 0 {
            lines.append("as String16: \"\(string)\"")
        } else if case .success(nil) = aidlStatus, let string = try? asAIDL.readString16(), asAIDL.remaining == 0 {
            lines.append("as an AIDL reply: EX_NONE, String16 \"\(string)\"")
        } else if case let .success(status?) = aidlStatus {
            lines.append("as an AIDL reply: \(status)")
        } else if bytes.count % 4 == 0, !bytes.isEmpty, bytes.count <= 64 {
            var words = reply.reader
            let values = (0..<bytes.count / 4).compactMap { _ in try? words.readInt32() }
            lines.append("as int32: " + values.map(String.init).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
