// Renders binder-fuzz's view of the protocol: Sources/binder-fuzz/include/
// fuzz_protocol.h (payload shapes, table types) and fuzz_protocol.c (every
// BC_ command and ioctl with its payload size and shape, every object type,
// the flag groups). The fuzzer builds its inputs from these tables, so a row
// added to the spec is fuzzed without touching the fuzzer.

import BinderSpec

struct FuzzTablesRenderer {
    let spec: ProtocolSpec

    static let headerPath = "Sources/binder-fuzz/include/fuzz_protocol.h"
    static let sourcePath = "Sources/binder-fuzz/fuzz_protocol.c"

    /// The flag groups a hostile input mixes into its flag fields.
    static let flagGroups = ["TransactionFlags", "FlatBinderFlags", "BufferObjectFlags"]

    func renderHeader() -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "fuzz-tables-header", spdx: "GPL-2.0-only"))
        w.line("#ifndef FUZZ_PROTOCOL_H")
        w.line("#define FUZZ_PROTOCOL_H")
        w.line()
        w.line("#include <linux/types.h>")
        w.line("#include <linux/android/binder.h>")
        w.line()
        w.line("/* One shape per distinct payload type of a BC_ command or an ioctl. */")
        w.block("enum fuzz_shape {", close: "};") { w in
            w.line("FUZZ_SHAPE_NONE,")
            for shape in shapes {
                w.line(shapeName(shape) + ",")
            }
            w.line("FUZZ_SHAPE_COUNT")
        }
        w.line()
        w.block("struct fuzz_command {", close: "};") { w in
            w.line("__u32 code;")
            w.line("__u32 payload_size;")
            w.line("enum fuzz_shape shape;")
            w.line("/* Upstream refuses it (EINVAL): sent, but rarely. */")
            w.line("int unsupported;")
            w.line("const char *name;")
        }
        w.line()
        w.block("struct fuzz_ioctl {", close: "};") { w in
            w.line("unsigned int cmd;")
            w.line("__u32 arg_size;")
            w.line("enum fuzz_shape shape;")
            w.line("const char *name;")
        }
        w.line()
        w.block("struct fuzz_object_type {", close: "};") { w in
            w.line("__u32 type;")
            w.line("__u32 object_size;")
            w.line("const char *name;")
        }
        w.line()
        w.block("struct fuzz_flag {", close: "};") { w in
            w.line("__u32 value;")
            w.line("const char *name;")
        }
        w.line()
        w.line(aligned("#define FUZZ_COMMAND_COUNT", "\(spec.commands.count)"))
        w.line(aligned("#define FUZZ_IOCTL_COUNT", "\(spec.ioctls.count)"))
        w.line(aligned("#define FUZZ_OBJECT_TYPE_COUNT", "\(spec.objectTypes.count)"))
        for group in flagGroups {
            w.line(aligned("#define \(flagCountName(group))", "\(group.constants.count)"))
        }
        w.line()
        w.line("extern const struct fuzz_command fuzz_commands[FUZZ_COMMAND_COUNT];")
        w.line("extern const struct fuzz_ioctl fuzz_ioctls[FUZZ_IOCTL_COUNT];")
        w.line("extern const struct fuzz_object_type fuzz_object_types[FUZZ_OBJECT_TYPE_COUNT];")
        for group in flagGroups {
            w.line("extern const struct fuzz_flag \(flagTableName(group))[\(flagCountName(group))];")
        }
        w.line()
        w.line("#endif /* FUZZ_PROTOCOL_H */")
        return w.text
    }

    func renderSource() -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "fuzz-tables-source", spdx: "GPL-2.0-only"))
        w.line("#include <linux/android/binderfs.h>")
        w.line("#include \"fuzz_protocol.h\"")
        w.line()
        w.block("const struct fuzz_command fuzz_commands[FUZZ_COMMAND_COUNT] = {", close: "};") { w in
            for c in spec.commands {
                let size = c.code.payload.map { "sizeof(\(Naming.cTypeName($0)))" } ?? "0"
                let shape = c.code.payload.map(shapeName) ?? "FUZZ_SHAPE_NONE"
                w.line("{ \(c.name), \(size), \(shape), \(c.unsupportedUpstream ? 1 : 0), \"\(c.name)\" },")
            }
        }
        w.line()
        w.block("const struct fuzz_ioctl fuzz_ioctls[FUZZ_IOCTL_COUNT] = {", close: "};") { w in
            for i in spec.ioctls {
                let size = i.code.payload.map { "sizeof(\(Naming.cTypeName($0)))" } ?? "0"
                let shape = i.code.payload.map(shapeName) ?? "FUZZ_SHAPE_NONE"
                w.line("{ \(i.name), \(size), \(shape), \"\(i.name)\" },")
            }
        }
        w.line()
        w.block("const struct fuzz_object_type fuzz_object_types[FUZZ_OBJECT_TYPE_COUNT] = {", close: "};") { w in
            for o in spec.objectTypes {
                w.line("{ \(o.name), sizeof(struct \(o.objectStruct)), \"\(o.name)\" },")
            }
        }
        for group in flagGroups {
            w.line()
            w.block("const struct fuzz_flag \(flagTableName(group))[\(flagCountName(group))] = {", close: "};") { w in
                for c in group.constants {
                    w.line("{ \(c.name), \"\(c.name)\" },")
                }
            }
        }
        return w.text
    }

    /// Distinct payload types, commands first, in spec order.
    private var shapes: [CType] {
        var seen: [String] = []
        var result: [CType] = []
        for payload in spec.commands.compactMap(\.code.payload) + spec.ioctls.compactMap(\.code.payload) {
            let name = Naming.cTypeName(payload)
            if !seen.contains(name) {
                seen.append(name)
                result.append(payload)
            }
        }
        return result
    }

    func shapeName(_ type: CType) -> String {
        let base: String
        switch type {
        case .scalar(let s): base = s.cName.replacingOccurrences(of: "__", with: "")
        case .structRef(let s): base = s
        case .array, .record: base = "raw"
        }
        return "FUZZ_SHAPE_" + base.uppercased()
    }

    private var flagGroups: [ConstantGroup] {
        Self.flagGroups.compactMap { name in spec.constantGroups.first { $0.swiftName == name } }
    }

    private func flagTableName(_ g: ConstantGroup) -> String { "fuzz_" + snake(g.swiftName) }

    private func flagCountName(_ g: ConstantGroup) -> String { "FUZZ_" + snake(g.swiftName).uppercased() + "_COUNT" }

    /// `TransactionFlags` -> `transaction_flags`.
    private func snake(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.isUppercase && !out.isEmpty { out += "_" }
            out += ch.lowercased()
        }
        return out
    }
}
