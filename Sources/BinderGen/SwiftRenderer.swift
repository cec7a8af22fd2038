// Renders the Swift bindings (Sources/BinderABI) and the Swift test that
// proves they agree with the C header as clang imports it.

import BinderSpec

struct SwiftRenderer {
    let spec: ProtocolSpec

    func renderBindings() -> String {
        var w = CodeWriter(indent: "    ")
        w.lines(Banner.lines(.swift, kind: "swift-bindings", spdx: nil))
        w.line("// The Binder protocol's codes, object types, flags and netlink family as Swift types.")
        w.line("// Struct layouts come from the C header through the CBinderUAPI module.")
        w.line()
        renderReleaseType(&w)
        renderCodeEnum("BinderCommand", "A BC_ command: userspace -> driver, in the write buffer.", spec.commands, prefix: "BC_", &w)
        renderCodeEnum("BinderReturn", "A BR_ return: driver -> userspace, in the read buffer.", spec.returns, prefix: "BR_", &w)
        for header in [Header.binder, .binderfs] {
            let ioctls = spec.ioctls.filter { $0.header == header }
            let name = header == .binder ? "BinderIoctl" : "BinderfsIoctl"
            renderEnum(name, "An ioctl request number of <\(header.rawValue)>.",
                       ioctls.map { Row(name: $0.name, value: $0.value, since: $0.since, doc: $0.doc) }, prefix: "BINDER_", &w)
        }
        renderEnum("BinderObjectType", "The type of an object embedded in a transaction buffer.",
                   spec.objectTypes.map { Row(name: $0.name, value: $0.value, since: $0.since, doc: $0.doc) },
                   prefix: "BINDER_TYPE_", &w)
        for group in spec.constantGroups {
            group.isFlags ? renderFlags(group, &w) : renderConstants(group, &w)
        }
        SwiftNetlinkRenderer(spec: spec).renderBindings(&w)
        renderProtocolFacts(&w)
        return w.text
    }

    func renderHeaderAgreementTests() -> String {
        var w = CodeWriter(indent: "    ")
        w.lines(Banner.lines(.swift, kind: "swift-abi-tests", spdx: nil))
        w.line("// The generated Swift bindings must agree with the generated C header as")
        w.line("// clang imports it: every value, every struct size and named field offset.")
        w.line()
        w.line("import BinderABI")
        w.line("import CBinderUAPI")
        w.line("import XCTest")
        w.line()
        w.line("private func value<T: BinaryInteger>(_ v: T) -> UInt32 { UInt32(truncatingIfNeeded: v) }")
        w.line("private func value<T: RawRepresentable>(_ v: T) -> UInt32 where T.RawValue: BinaryInteger {")
        w.line("    UInt32(truncatingIfNeeded: v.rawValue)")
        w.line("}")
        w.line()
        w.block("final class HeaderAgreementTests: XCTestCase {") { w in
            w.block("func testCommandValues() {") { w in
                for c in spec.commands {
                    w.line("XCTAssertEqual(BinderCommand.\(Naming.swiftCase(c.name, prefix: "BC_")).rawValue, value(\(c.name)), \"\(c.name)\")")
                }
            }
            w.line()
            w.block("func testReturnValues() {") { w in
                for r in spec.returns {
                    w.line("XCTAssertEqual(BinderReturn.\(Naming.swiftCase(r.name, prefix: "BR_")).rawValue, value(\(r.name)), \"\(r.name)\")")
                }
            }
            w.line()
            w.block("func testIoctlValues() {") { w in
                for i in spec.ioctls {
                    let type = i.header == .binder ? "BinderIoctl" : "BinderfsIoctl"
                    w.line("XCTAssertEqual(\(type).\(Naming.swiftCase(i.name, prefix: "BINDER_")).rawValue, value(\(i.name)), \"\(i.name)\")")
                }
            }
            w.line()
            w.block("func testObjectTypesAndFlags() {") { w in
                for o in spec.objectTypes {
                    w.line("XCTAssertEqual(BinderObjectType.\(Naming.swiftCase(o.name, prefix: "BINDER_TYPE_")).rawValue, value(\(o.name)), \"\(o.name)\")")
                }
                for g in spec.constantGroups {
                    let prefix = g.prefix
                    for c in g.constants {
                        let member = "\(g.swiftName).\(Naming.swiftCase(c.name, prefix: prefix))"
                        let swiftValue = g.isFlags ? "\(member).rawValue" : member
                        w.line("XCTAssertEqual(\(swiftValue), value(\(c.name)), \"\(c.name)\")")
                    }
                }
                w.line("XCTAssertEqual(BinderProtocolInfo.version, Int32(BINDER_CURRENT_PROTOCOL_VERSION))")
            }
            w.line()
            SwiftNetlinkRenderer(spec: spec).renderAgreementTest(&w)
            w.line()
            w.block("func testStructLayouts() {") { w in
                for s in spec.structs {
                    w.line("XCTAssertEqual(MemoryLayout<\(s.name)>.size, \(s.size), \"sizeof(struct \(s.name))\")")
                    for f in s.body.fields {
                        guard let name = f.name else { continue }
                        w.line("XCTAssertEqual(MemoryLayout<\(s.name)>.offset(of: \\.\(name)), \(f.offset), \"\(s.name).\(name)\")")
                    }
                }
            }
        }
        return w.text
    }

    private struct Row {
        let name: String
        let value: UInt32
        let since: KernelVersion
        let doc: String
    }

    private func renderReleaseType(_ w: inout CodeWriter) {
        w.line("/// An upstream Linux release, for saying when a protocol item appeared.")
        w.block("public struct KernelRelease: Comparable, Hashable, Sendable, CustomStringConvertible {") { w in
            w.line("public let major: Int")
            w.line("public let minor: Int")
            w.line()
            w.line("public init(_ major: Int, _ minor: Int) { self.major = major; self.minor = minor }")
            w.line()
            w.line("public static func < (a: KernelRelease, b: KernelRelease) -> Bool { (a.major, a.minor) < (b.major, b.minor) }")
            w.line()
            w.line("public var description: String { \"\\(major).\\(minor)\" }")
        }
        w.line()
    }

    private func renderCodeEnum(_ type: String, _ doc: String, _ codes: [ProtocolCode], prefix: String, _ w: inout CodeWriter) {
        let rows = codes.map { Row(name: $0.name, value: $0.value, since: $0.since, doc: $0.doc) }
        renderEnum(type, doc, rows, prefix: prefix, &w, extra: { w in
            w.line()
            w.line("/// Bytes of payload that follow the code in the stream.")
            w.line("public var payloadSize: Int { Int((rawValue >> 16) & 0x3fff) }")
        })
    }

    private func renderEnum(
        _ type: String, _ doc: String, _ rows: [Row], prefix: String, _ w: inout CodeWriter,
        extra: (inout CodeWriter) -> Void = { _ in }
    ) {
        w.line("/// \(doc)")
        w.block("public enum \(type): UInt32, CaseIterable, Sendable {") { w in
            for r in rows {
                w.line("/// \(r.doc) (Linux \(r.since))")
                w.line("case \(Naming.swiftCase(r.name, prefix: prefix)) = \(hex(r.value))")
            }
            w.line()
            w.line("/// The C name, as in the uapi header.")
            w.block("public var name: String {") { w in
                w.block("switch self {") { w in
                    for r in rows {
                        w.line("case .\(Naming.swiftCase(r.name, prefix: prefix)): return \"\(r.name)\"")
                    }
                }
            }
            w.line()
            w.line("/// The upstream release the item first appeared in.")
            w.block("public var since: KernelRelease {") { w in
                w.block("switch self {") { w in
                    for r in rows {
                        w.line("case .\(Naming.swiftCase(r.name, prefix: prefix)): return KernelRelease(\(r.since.major), \(r.since.minor))")
                    }
                }
            }
            extra(&w)
        }
        w.line()
    }

    private func renderFlags(_ group: ConstantGroup, _ w: inout CodeWriter) {
        let prefix = group.prefix
        w.line("/// \(group.doc)")
        w.block("public struct \(group.swiftName): OptionSet, Hashable, Sendable {") { w in
            w.line("public let rawValue: UInt32")
            w.line()
            w.line("public init(rawValue: UInt32) { self.rawValue = rawValue }")
            for c in group.constants {
                w.line()
                w.line("/// \(c.name): \(c.doc) (Linux \(c.since))")
                w.line("public static let \(Naming.swiftCase(c.name, prefix: prefix)) = \(group.swiftName)(rawValue: \(hex(c.value)))")
            }
            w.line()
            w.line("/// Each flag with its C name, in spec order (for decoding).")
            let names = group.constants.map { "(.\(Naming.swiftCase($0.name, prefix: prefix)), \"\($0.name)\")" }
            w.line("public static let names: [(flag: \(group.swiftName), name: String)] = [\(names.joined(separator: ", "))]")
        }
        w.line()
    }

    private func renderConstants(_ group: ConstantGroup, _ w: inout CodeWriter) {
        let prefix = group.prefix
        w.line("/// \(group.doc)")
        w.block("public enum \(group.swiftName) {") { w in
            for c in group.constants {
                w.line("/// \(c.name): \(c.doc) (Linux \(c.since))")
                w.line("public static let \(Naming.swiftCase(c.name, prefix: prefix)): UInt32 = \(c.value)")
            }
        }
        w.line()
    }

    private func renderProtocolFacts(_ w: inout CodeWriter) {
        w.line("/// Facts about the protocol as a whole.")
        w.block("public enum BinderProtocolInfo {") { w in
            w.line("/// BINDER_CURRENT_PROTOCOL_VERSION: what BINDER_VERSION answers.")
            w.line("public static let version: Int32 = \(spec.protocolVersion)")
            w.line()
            w.line("/// The upstream release the bindings describe in full.")
            w.line("public static let target = KernelRelease(\(KernelVersion.specTarget.major), \(KernelVersion.specTarget.minor))")
            w.line()
            w.line("/// binderfs `features/` file names, with the release each appeared in.")
            w.line("public static let features: [(name: String, since: KernelRelease)] = [")
            for f in spec.features {
                w.line("    (\"\(f.name)\", KernelRelease(\(f.since.major), \(f.since.minor))),")
            }
            w.line("]")
        }
    }
}
