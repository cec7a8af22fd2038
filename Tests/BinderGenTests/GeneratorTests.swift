// The generator: golden outputs for a fixed mini protocol, one table row
// reaching every output, refusal of an invalid spec, and the write/check
// behaviour on a tree.

@testable import BinderGen
import BinderSpec
import Foundation
import XCTest

final class GeneratorTests: XCTestCase {
    /// Set SWB_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change.
    func testMiniSpecMatchesGoldenFiles() throws {
        let files = try Generator(spec: MiniSpec.spec).files()
        let golden = try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil))
        let update = ProcessInfo.processInfo.environment["SWB_UPDATE_GOLDEN"] == "1"
        for file in files {
            let name = file.path.replacingOccurrences(of: "/", with: "__") + ".golden"
            if update {
                let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("Golden").appendingPathComponent(name)
                try file.contents.write(to: source, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: golden.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(file.contents, expected, "\(file.path) differs from Golden/\(name)")
        }
    }

    func testANewCommandRowAppearsInEveryOutput() throws {
        var spec = ProtocolSpec.binder
        spec.commands.append(ProtocolCode(
            "BC_SWB_PING", IocCode(.write, "c", 22, .scalar(.u32)), value: 0x4004_6316,
            since: KernelVersion(6, 12), doc: "A command added by editing one table row."))
        let files = try Dictionary(uniqueKeysWithValues: Generator(spec: spec).files().map { ($0.path, $0.contents) })

        let expectations: [(String, String)] = [
            ("kmod/include/uapi/linux/android/binder.h", "BC_SWB_PING\t"),
            ("kmod/include/uapi/linux/android/binder.h", "= _IOW('c', 22, __u32),"),
            ("kmod/generated/swb_protocol.h", "int swb_bc_swb_ping(struct swb_thread *thread, __u32 arg);"),
            ("kmod/generated/swb_protocol.h", "#define SWB_BC_COUNT\t\t\t23"),
            ("kmod/generated/swb_protocol.c", "[22] = { BC_SWB_PING, sizeof(__u32), \"BC_SWB_PING\", dispatch_swb_ping },"),
            ("kmod/generated/abi_check_ours.c", "SWB_ABI(BC_SWB_PING == 0x40046316u, \"BC_SWB_PING\");"),
            ("kmod/generated/abi_check_upstream.c", "SWB_ABI(BC_SWB_PING == 0x40046316u, \"BC_SWB_PING\");"),
            ("Sources/BinderABI/BinderProtocol.generated.swift", "case swbPing = 0x40046316"),
            ("Sources/BinderABI/BinderProtocol.generated.swift", "case .swbPing: return \"BC_SWB_PING\""),
            ("Tests/BinderABITests/HeaderAgreementTests.generated.swift", "BinderCommand.swbPing.rawValue, value(BC_SWB_PING)"),
            ("docs/protocol.md", "| 22 | `BC_SWB_PING` | `0x40046316` | `__u32` | 6.12 |"),
            ("Sources/binder-fuzz/fuzz_protocol.c", "{ BC_SWB_PING, sizeof(__u32), FUZZ_SHAPE_U32, 0, \"BC_SWB_PING\" },"),
            ("Sources/binder-fuzz/include/fuzz_protocol.h", "#define FUZZ_COMMAND_COUNT\t\t23"),
        ]
        for (path, text) in expectations {
            XCTAssertTrue(files[path, default: ""].contains(text), "\(path) lacks: \(text)")
        }
    }

    func testANewNetlinkAttributeRowAppearsInEveryOutput() throws {
        var spec = ProtocolSpec.binder
        spec.netlink.attributeSets[0].attributes.append(NetlinkAttribute(
            "BINDER_A_REPORT_SWB_EXTRA", 11, .u64, since: KernelVersion(7, 3), doc: "An attribute added by one row."))
        spec.netlink.attributeSets[0].max = 11
        let files = try Dictionary(uniqueKeysWithValues: Generator(spec: spec).files().map { ($0.path, $0.contents) })

        let expectations: [(String, String)] = [
            ("kmod/include/uapi/linux/android/binder_netlink.h", "\tBINDER_A_REPORT_SWB_EXTRA,\n\n\t__BINDER_A_REPORT_MAX,"),
            ("kmod/generated/swb_netlink.c", "[BINDER_A_REPORT_SWB_EXTRA] = { .type = NLA_U64, },"),
            ("kmod/generated/abi_check_ours.c", "SWB_ABI(BINDER_A_REPORT_SWB_EXTRA == 0xbu, \"BINDER_A_REPORT_SWB_EXTRA\");"),
            ("kmod/generated/abi_check_ours.c", "SWB_ABI(__BINDER_A_REPORT_MAX == 0xcu, \"__BINDER_A_REPORT_MAX\");"),
            ("kmod/generated/abi_check_upstream.c", "#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 3, 0)\n"
                + "SWB_ABI(BINDER_A_REPORT_SWB_EXTRA == 0xbu, \"BINDER_A_REPORT_SWB_EXTRA\");"),
            ("Sources/BinderABI/BinderProtocol.generated.swift", "case swbExtra = 11"),
            ("Sources/BinderABI/BinderProtocol.generated.swift", "case .swbExtra: return .u64"),
            ("Sources/BinderABI/BinderProtocol.generated.swift", "public static let max: UInt16 = 11"),
            ("Tests/BinderABITests/HeaderAgreementTests.generated.swift",
             "value(BinderNetlinkReportAttribute.swbExtra.rawValue), value(BINDER_A_REPORT_SWB_EXTRA)"),
            ("docs/protocol.md", "| `BINDER_A_REPORT_SWB_EXTRA` | 11 | `swb-extra` | `u64` | 7.3 |"),
        ]
        for (path, text) in expectations {
            XCTAssertTrue(files[path, default: ""].contains(text), "\(path) lacks: \(text)")
        }
    }

    func testAnInvalidSpecIsRefusedWithTheItemNamed() {
        var spec = ProtocolSpec.binder
        spec.commands.append(ProtocolCode(
            "BC_SWB_BAD", IocCode(.write, "c", 22, .scalar(.u32)), value: 0x4004_6317,
            since: KernelVersion(6, 12), doc: "Wrong value."))
        XCTAssertThrowsError(try Generator(spec: spec).files()) { error in
            XCTAssertTrue("\(error)".contains("BC_SWB_BAD: pinned value 0x40046317"), "\(error)")
        }
    }

    func testEveryFileStartsWithTheBanner() throws {
        for file in try Generator(spec: .binder).files() {
            let head = file.contents.split(separator: "\n").prefix(3)
            XCTAssertTrue(head.contains { $0.contains("SWB-GEN ") }, "\(file.path) has no marker")
            XCTAssertTrue(head.contains { $0.contains("Do not edit") }, "\(file.path) has no notice")
        }
    }

    func testWriteThenCheckOnATree() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("binder-gen-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = GeneratedTree(root: root)
        let files = try Generator(spec: MiniSpec.spec).files()

        XCTAssertEqual(try tree.write(files), files.map(\.path), "a new tree gets every file")
        XCTAssertEqual(try tree.write(files), [], "unchanged files are not rewritten")
        XCTAssertTrue(tree.difference(from: files).isEmpty)

        let edited = root.appendingPathComponent(files[0].path)
        try (files[0].contents + "/* hand edit */\n").write(to: edited, atomically: true, encoding: .utf8)
        let orphan = root.appendingPathComponent("kmod/generated/old_table.c")
        try "/* x */\n/* SWB-GEN kernel-tables-source */\n".write(to: orphan, atomically: true, encoding: .utf8)
        let plain = root.appendingPathComponent("kmod/handwritten.c")
        try "/* hand written */\n\n\n/* the marker on line 4 does not count: SWB-GEN x */\n".write(to: plain, atomically: true, encoding: .utf8)

        let diff = tree.difference(from: files)
        XCTAssertEqual(diff.stale, [files[0].path])
        XCTAssertEqual(diff.orphaned, ["kmod/generated/old_table.c"])
    }
}
