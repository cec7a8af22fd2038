// The live object counts of debugfs "stats" ("node: active 1 total 5"), the
// same lines in swbinder and binder_linux, for tests that check nothing of
// theirs was left behind.

import Foundation
import Glibc

struct DriverStats {
    let debugfs: BinderDebugfs

    init() {
        debugfs = BinderDebugfs(driver: ProcessInfo.processInfo.environment["SWB_TEST_DRIVER"])
    }

    /// Active objects by kind (proc, thread, node, ref, death, ...).
    func active() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for line in try debugfs.read("stats") {
            if let f = line.match(#"^(\w+): active (-?\d+) total \d+$"#), let count = Int(f[1]) {
                result[f[0]] = count
            }
        }
        return result
    }

    /// Waits (30 s at most: peers free what they received on their
    /// own time) until `kinds` are back to their counts in `baseline`;
    /// returns the counts that still differ, empty when all are back.
    func settle(to baseline: [String: Int], kinds: [String]) throws -> [String: (now: Int, before: Int)] {
        var differ: [String: (now: Int, before: Int)] = [:]
        for _ in 0..<3000 {
            let now = try active()
            differ = [:]
            for kind in kinds where (now[kind] ?? 0) != (baseline[kind] ?? 0) {
                differ[kind] = (now[kind] ?? 0, baseline[kind] ?? 0)
            }
            if differ.isEmpty { break }
            usleep(10_000)
        }
        return differ
    }
}
