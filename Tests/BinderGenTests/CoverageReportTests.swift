// binder-gen --coverage: the protocol coverage table from DriverTests' logs.

@testable import BinderGen
import BinderSpec
import Foundation
import XCTest

final class CoverageReportTests: XCTestCase {
    private let spec = ProtocolSpec.binder

    /// A log in which `test` exercised every item but `except`.
    private func log(_ test: String, except: Set<String> = []) -> String {
        CoverageReport(spec: spec, logs: []).items.filter { !except.contains($0) }
            .map { "\(test) \($0)" }.joined(separator: "\n")
    }

    func testItemsAreEveryCommandReturnAndBinderIoctl() {
        let report = CoverageReport(spec: spec, logs: [])
        XCTAssertEqual(report.items.count + report.notApplicable.count,
                       spec.commands.count + spec.returns.count + spec.ioctls.count)
        XCTAssertTrue(report.items.contains("BC_TRANSACTION"))
        XCTAssertTrue(report.items.contains("BC_ACQUIRE_RESULT"), "refused upstream, but it can be sent")
        XCTAssertTrue(report.items.contains("BINDER_SET_IDLE_TIMEOUT"), "unimplemented upstream, but it can be called")
        XCTAssertTrue(report.items.contains("BR_NOOP"))
        XCTAssertTrue(report.items.contains("BINDER_GET_NODE_DEBUG_INFO"))
        XCTAssertEqual(report.notApplicable.map(\.item),
                       ["BR_OK", "BR_ACQUIRE_RESULT", "BR_ATTEMPT_ACQUIRE", "BR_FINISHED", "BR_ERROR", "BINDER_CTL_ADD"])
    }

    func testAnItemMustHaveATestOnEveryKernel() {
        let report = CoverageReport(spec: spec, logs: [
            .init(label: "6.1", text: log("A.testOne")),
            .init(label: "6.12", text: log("A.testOne", except: ["BC_REPLY"])),
        ])
        XCTAssertEqual(report.uncovered.map(\.item), ["BC_REPLY"])
        XCTAssertEqual(report.uncovered.first?.kernels, ["6.12"])
        let text = report.render()
        XCTAssertTrue(text.contains("<!-- SWB-GEN protocol-coverage -->"))
        XCTAssertTrue(text.contains("- `BC_REPLY`: no test on 6.12"))
        XCTAssertTrue(text.contains("| `BC_REPLY` | 1 | 0 | A.testOne (6.1 only) |"))
        XCTAssertTrue(text.contains("| `BC_TRANSACTION` | 1 | 1 | A.testOne |"))
    }

    func testAMissingLogCoversNothingAndUnknownLinesAreIgnored() {
        let report = CoverageReport(spec: spec, logs: [
            .init(label: "6.1", text: log("A.testOne") + "\nA.testOne BC_NOT_IN_SPEC\ngarbage"),
            .init(label: "6.12", text: nil),
        ])
        XCTAssertEqual(report.uncovered.count, report.items.count)
        XCTAssertTrue(report.uncovered.allSatisfy { $0.kernels == ["6.12"] })
        XCTAssertFalse(report.render().contains("BC_NOT_IN_SPEC"))
        XCTAssertTrue(report.render().contains("No coverage log from:** 6.12"))
    }

    func testTheTableIsNotAnOrphanOfBinderGen() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("swb-coverage-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        let table = CoverageReport(spec: spec, logs: [.init(label: "6.1", text: nil)]).render()
        try table.write(to: root.appendingPathComponent(CoverageReport.path), atomically: true, encoding: .utf8)
        try table.write(to: root.appendingPathComponent("docs/stray.md"), atomically: true, encoding: .utf8)
        XCTAssertEqual(GeneratedTree(root: root).difference(from: []).orphaned, ["docs/stray.md"])
    }
}
