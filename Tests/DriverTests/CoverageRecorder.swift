// Which protocol items each DriverTest exercised, as swbinder itself counted
// them: its debugfs "stats" (BC_/BR_ codes) and "extra_stats" counters are read
// before and after each test, and every item whose count grew is written as
// "<test> <item>" to $SWB_COVERAGE_LOG. `binder-gen --coverage` turns these
// lines into docs/protocol-coverage.md. Only on swbinder: binder_linux has
// no ioctl counters, and the table is about our driver.

import Foundation

struct CoverageRecorder {
    private static let directory = "/sys/kernel/debug/swbinder"
    private let log: String
    private let before: [String: Int]

    /// nil unless the suite runs on swbinder with SWB_COVERAGE_LOG set.
    static func start() -> CoverageRecorder? {
        let environment = ProcessInfo.processInfo.environment
        guard environment["SWB_TEST_DRIVER"] == "swbinder", let log = environment["SWB_COVERAGE_LOG"] else {
            return nil
        }
        return CoverageRecorder(log: log, before: counts())
    }

    /// "NAME: count" lines of both files. An unreadable file counts nothing,
    /// so the test then covers nothing: the table never claims more.
    private static func counts() -> [String: Int] {
        var result: [String: Int] = [:]
        for file in ["stats", "extra_stats"] {
            guard let text = try? String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":")
                guard parts.count == 2, parts[0].hasPrefix("BC_") || parts[0].hasPrefix("BR_") || parts[0].hasPrefix("BINDER_"),
                      let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
                else { continue }
                result[String(parts[0])] = count
            }
        }
        return result
    }

    /// Appends one line per item whose counter grew during `test`.
    func finish(test: String) {
        let after = Self.counts()
        let items = after.filter { $0.value > (before[$0.key] ?? 0) }.keys.sorted()
        let lines = items.map { "\(test) \($0)\n" }.joined()
        guard !lines.isEmpty, let file = fopen(log, "a") else { return }
        fputs(lines, file)
        fclose(file)
    }
}
