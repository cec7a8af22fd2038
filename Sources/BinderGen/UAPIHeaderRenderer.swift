// Renders the C uapi headers: kmod/include/uapi/linux/android/{binder,binderfs}.h
// (binder_netlink.h: NetlinkHeaderRenderer).
// ABI-identical to upstream; ioctls are an anonymous enum as in 6.12, so
// Swift (like bindgen) can import their values.

import BinderSpec

struct UAPIHeaderRenderer {
    let spec: ProtocolSpec

    func render(_ header: Header) -> String {
        if header == .binderNetlink {
            return NetlinkHeaderRenderer(spec: spec).render()
        }
        var w = CodeWriter()
        w.lines(Banner.lines(.c, kind: "uapi-header", spdx: "GPL-2.0 WITH Linux-syscall-note"))
        let guardName = header == .binder ? "_UAPI_LINUX_BINDER_H" : "_UAPI_LINUX_BINDERFS_H"
        w.line("/*")
        w.line(" * The Android Binder userspace ABI (<\(header.rawValue)>), as of Linux \(KernelVersion.specTarget).")
        w.line(" * Each item notes the upstream release it first appeared in.")
        w.line(" */")
        w.line("#ifndef \(guardName)")
        w.line("#define \(guardName)")
        w.line()
        w.line("#include <linux/types.h>")
        w.line("#include <linux/ioctl.h>")
        if header == .binder {
            renderObjectTypes(&w)
        }
        for group in spec.constantGroups where group.header == header {
            renderConstants(group, &w)
        }
        if header == .binder {
            renderTypedefs(&w)
        }
        for s in spec.structs where s.header == header {
            renderStruct(s, &w)
        }
        if header == .binder {
            renderProtocolVersion(&w)
        }
        renderIoctls(spec.ioctls.filter { $0.header == header }, &w)
        if header == .binder {
            renderCodes("binder_driver_return_protocol", "Driver -> userspace: the read buffer of BINDER_WRITE_READ.", spec.returns, &w)
            renderCodes("binder_driver_command_protocol", "Userspace -> driver: the write buffer of BINDER_WRITE_READ.", spec.commands, &w)
        }
        w.line()
        w.line("#endif /* \(guardName) */")
        return w.text
    }

    private func renderObjectTypes(_ w: inout CodeWriter) {
        w.line()
        w.line("#define B_PACK_CHARS(c1, c2, c3, c4) \\")
        w.line("\t(((c1) << 24) | ((c2) << 16) | ((c3) << 8) | (c4))")
        w.line(aligned("#define B_TYPE_LARGE", "0x\(String(spec.typeLarge, radix: 16))"))
        w.line()
        w.line("/* Object types in a transaction buffer (struct binder_object_header.type). */")
        w.block("enum {", close: "};") { w in
            for o in spec.objectTypes {
                let (a, b, c) = o.chars
                w.line("/* \(o.doc) (since \(o.since)) */")
                w.line(aligned(o.name, "= B_PACK_CHARS('\(a)', '\(b)', '\(c)', B_TYPE_LARGE),"))
            }
        }
    }

    private func renderConstants(_ group: ConstantGroup, _ w: inout CodeWriter) {
        w.line()
        let tagNote = group.tagSince.map { " (enum tag since \($0))" } ?? ""
        w.line("/* \(group.doc)\(tagNote) */")
        switch group.style {
        case .defines:
            for c in group.constants {
                w.line(aligned("#define \(c.name)", "\(c.value)") + "\t/* \(c.doc) (since \(c.since)) */")
            }
        case .enumeration(let name):
            w.block(name.map { "enum \($0) {" } ?? "enum {", close: "};") { w in
                for c in group.constants {
                    w.line("/* \(c.doc) (since \(c.since)) */")
                    w.line(aligned(c.name, "= 0x\(String(c.value, radix: 16)),"))
                }
            }
        }
    }

    private func renderTypedefs(_ w: inout CodeWriter) {
        w.line()
        w.line("/* Pointers and sizes are 64-bit in protocol version 8 on every architecture. */")
        w.line("#ifdef BINDER_IPC_32BIT")
        w.line("typedef __u32 binder_size_t;")
        w.line("typedef __u32 binder_uintptr_t;")
        w.line("#else")
        w.line("typedef __u64 binder_size_t;")
        w.line("typedef __u64 binder_uintptr_t;")
        w.line("#endif")
    }

    private func renderStruct(_ s: StructSpec, _ w: inout CodeWriter) {
        w.line()
        w.line("/* \(s.doc) (since \(s.since); \(s.size) bytes) */")
        let close = s.packed ? "} __attribute__((packed));" : "};"
        w.block("\(s.body.kind.rawValue) \(s.name) {", close: close) { w in
            renderFields(s.body.fields, &w)
        }
    }

    private func renderFields(_ fields: [Field], _ w: inout CodeWriter) {
        for field in fields {
            if case .record(let inner) = field.type {
                let name = field.name.map { " \($0)" } ?? ""
                w.block("\(inner.kind.rawValue) {", close: "}\(name);") { w in
                    renderFields(inner.fields, &w)
                }
            } else {
                w.line(Naming.cDeclaration(field.type, field.name ?? "") + ";")
            }
        }
    }

    private func renderProtocolVersion(_ w: inout CodeWriter) {
        w.line()
        w.line("/* What BINDER_VERSION answers; 7 was the retired 32-bit protocol. */")
        w.line("#ifdef BINDER_IPC_32BIT")
        w.line(aligned("#define BINDER_CURRENT_PROTOCOL_VERSION", "7"))
        w.line("#else")
        w.line(aligned("#define BINDER_CURRENT_PROTOCOL_VERSION", "\(spec.protocolVersion)"))
        w.line("#endif")
    }

    private func renderIoctls(_ ioctls: [IoctlSpec], _ w: inout CodeWriter) {
        guard !ioctls.isEmpty else { return }
        w.line()
        w.line("/* ioctls on a binder device (binderfs: on binder-control). */")
        w.block("enum {", close: "};") { w in
            for i in ioctls {
                w.line("/* \(i.doc) (since \(i.since)) */")
                w.line(aligned(i.name, "= \(encoding(i.code)),", column: 48))
            }
        }
    }

    private func renderCodes(_ name: String, _ doc: String, _ codes: [ProtocolCode], _ w: inout CodeWriter) {
        w.line()
        w.line("/* \(doc) */")
        w.block("enum \(name) {", close: "};") { w in
            for c in codes {
                w.line("/* \(c.doc) (since \(c.since)) */")
                w.line(aligned(c.name, "= \(encoding(c.code)),", column: 48))
            }
        }
    }

    private func encoding(_ code: IocCode) -> String {
        guard let payload = code.payload else { return "_IO('\(code.type)', \(code.nr))" }
        return "\(code.direction.rawValue)('\(code.type)', \(code.nr), \(Naming.cTypeName(payload)))"
    }
}
