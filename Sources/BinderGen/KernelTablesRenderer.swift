// Renders the module's protocol tables: kmod/generated/swb_protocol.{h,c}.
//
// The header declares one handler per BC_ command and per implemented ioctl;
// the driver must define every one of them or the module fails to link.

import BinderSpec

struct KernelTablesRenderer {
    let spec: ProtocolSpec

    var deviceIoctls: [IoctlSpec] { spec.ioctls.filter { $0.header == .binder } }

    func renderHeader() -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "kernel-tables-header", spdx: "GPL-2.0-only"))
        w.line("#ifndef SWB_GENERATED_PROTOCOL_H")
        w.line("#define SWB_GENERATED_PROTOCOL_H")
        w.line()
        w.line("#include <linux/types.h>")
        w.line("#include <linux/compiler_types.h>")
        w.line("#include \"../include/uapi/linux/android/binder.h\"")
        w.line()
        w.line("struct file;")
        w.line("struct swb_thread;")
        w.line()
        w.line(aligned("#define SWB_BC_COUNT", "\(spec.commands.count)"))
        w.line(aligned("#define SWB_BR_COUNT", "\(returnNameSlots)"))
        w.line(aligned("#define SWB_IOCTL_SLOTS", "\(ioctlSlots)"))
        w.line(aligned("#define SWB_BC_PAYLOAD_MAX", "\(largestCommandPayload)"))
        w.line()
        w.line("/* A BC_ command as the write loop dispatches it. */")
        w.block("struct swb_command {", close: "};") { w in
            w.line("__u32 code;")
            w.line("__u32 payload_size;")
            w.line("const char *name;")
            w.line("int (*handle)(struct swb_thread *thread, const void *payload);")
        }
        w.line()
        w.line("/* An ioctl of a binder device; handle is NULL where upstream answers EINVAL. */")
        w.block("struct swb_ioctl {", close: "};") { w in
            w.line("unsigned int cmd;")
            w.line("const char *name;")
            w.line("long (*handle)(struct file *filp, struct swb_thread *thread,")
            w.line("\t       void __user *arg);")
        }
        w.line()
        w.line("/* Indexed by _IOC_NR(code). */")
        w.line("extern const struct swb_command swb_commands[SWB_BC_COUNT];")
        w.line("/* Indexed by _IOC_NR(code); nr 2 is named BR_TRANSACTION. */")
        w.line("extern const char *const swb_return_names[SWB_BR_COUNT];")
        w.line("/* Indexed by _IOC_NR(cmd); unused numbers have cmd 0. */")
        w.line("extern const struct swb_ioctl swb_ioctls[SWB_IOCTL_SLOTS];")
        w.line()
        renderFeatureDeclarations(&w)
        w.line("/* BC_ command handlers: a negative errno fails the BINDER_WRITE_READ. */")
        for c in spec.commands {
            w.line(commandPrototype(c) + ";")
        }
        w.line()
        w.line("/* ioctl handlers. */")
        for i in deviceIoctls where !i.unimplementedUpstream {
            w.line(ioctlPrototype(i) + ";")
        }
        w.line()
        w.line("#endif /* SWB_GENERATED_PROTOCOL_H */")
        return w.text
    }

    func renderSource() -> String {
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "kernel-tables-source", spdx: "GPL-2.0-only"))
        w.line("#include <linux/ioctl.h>")
        w.line("#include \"swb_protocol.h\"")
        w.line()
        w.line("/* Typed handlers behind one table signature; payload is suitably aligned. */")
        for c in spec.commands {
            renderThunk(c, &w)
        }
        w.line()
        w.block("const struct swb_command swb_commands[SWB_BC_COUNT] = {", close: "};") { w in
            for c in spec.commands {
                let size = c.code.payload.map { "sizeof(\(Naming.cTypeName($0)))" } ?? "0"
                w.line("[\(c.code.nr)] = { \(c.name), \(size), \"\(c.name)\", \(thunkName(c)) },")
            }
        }
        w.line()
        w.block("const char *const swb_return_names[SWB_BR_COUNT] = {", close: "};") { w in
            for (nr, name) in returnNamesByNumber {
                w.line("[\(nr)] = \"\(name)\",")
            }
        }
        w.line()
        w.block("const struct swb_ioctl swb_ioctls[SWB_IOCTL_SLOTS] = {", close: "};") { w in
            for i in deviceIoctls {
                let handler = i.unimplementedUpstream ? "NULL" : ioctlHandlerName(i)
                w.line("[\(i.code.nr)] = { \(i.name), \"\(i.name)\", \(handler) },")
            }
        }
        renderFeatureNames(&w)
        return w.text
    }

    /// binderfs `features/`: one enum value per feature of the spec, the file
    /// names, and the predicate the driver must define (a switch over the
    /// enum, so a new feature without a case warns, and W=1 builds fail).
    private func renderFeatureDeclarations(_ w: inout CodeWriter) {
        w.line("/* binderfs features/ files, in the spec's order. */")
        w.block("enum swb_feature {", close: "};") { w in
            for f in spec.features {
                w.line(featureEnumName(f) + ",")
            }
            w.line("SWB_FEATURE_COUNT")
        }
        w.line()
        w.line("extern const char *const swb_feature_names[SWB_FEATURE_COUNT];")
        w.line("/* Whether swbinder on the running kernel has @feature (its file says 1). */")
        w.line("bool swb_feature_supported(enum swb_feature feature);")
        w.line()
    }

    private func renderFeatureNames(_ w: inout CodeWriter) {
        w.line()
        w.block("const char *const swb_feature_names[SWB_FEATURE_COUNT] = {", close: "};") { w in
            for f in spec.features {
                w.line("[\(featureEnumName(f))] = \"\(f.name)\",")
            }
        }
    }

    func featureEnumName(_ f: FeatureSpec) -> String { "SWB_FEATURE_" + f.name.uppercased() }

    private func renderThunk(_ c: ProtocolCode, _ w: inout CodeWriter) {
        w.line()
        w.line("static int \(thunkName(c))(struct swb_thread *thread, const void *payload)")
        w.block("{") { w in
            switch c.code.payload {
            case nil:
                w.line("return \(commandHandlerName(c))(thread);")
            case .scalar(let s)?:
                w.line("return \(commandHandlerName(c))(thread, *(const \(s.cName) *)payload);")
            case let payload?:
                w.line("const \(Naming.cTypeName(payload)) *arg = payload;")
                w.line()
                w.line("return \(commandHandlerName(c))(thread, arg);")
            }
        }
    }

    func commandHandlerName(_ c: ProtocolCode) -> String { "swb_bc_" + Naming.cSuffix(c.name, prefix: "BC_") }

    func ioctlHandlerName(_ i: IoctlSpec) -> String { "swb_ioctl_" + Naming.cSuffix(i.name, prefix: "BINDER_") }

    private func thunkName(_ c: ProtocolCode) -> String { "dispatch_" + Naming.cSuffix(c.name, prefix: "BC_") }

    func commandPrototype(_ c: ProtocolCode) -> String {
        let head = "int \(commandHandlerName(c))(struct swb_thread *thread"
        switch c.code.payload {
        case nil: return head + ")"
        case .scalar(let s)?: return head + ", \(s.cName) arg)"
        case let payload?: return head + ",\n\t\tconst \(Naming.cTypeName(payload)) *arg)"
        }
    }

    func ioctlPrototype(_ i: IoctlSpec) -> String {
        "long \(ioctlHandlerName(i))(struct file *filp, struct swb_thread *thread,\n\t\tvoid __user *arg)"
    }

    /// BR_ numbers share nr 2; the table is named after the first code spelled
    /// BR_TRANSACTION, as upstream's statistics do.
    private var returnNamesByNumber: [(Int, String)] {
        var names: [Int: String] = [:]
        for r in spec.returns where names[r.code.nr] == nil || r.name == "BR_TRANSACTION" {
            names[r.code.nr] = r.name
        }
        return names.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private var returnNameSlots: Int { (spec.returns.map(\.code.nr).max() ?? -1) + 1 }

    private var ioctlSlots: Int { (deviceIoctls.map(\.code.nr).max() ?? -1) + 1 }

    private var largestCommandPayload: Int {
        spec.commands.compactMap { $0.code.payload.flatMap { spec.layout(of: $0)?.size } }.max() ?? 0
    }
}
