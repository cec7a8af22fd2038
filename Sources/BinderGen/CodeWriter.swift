// A tiny text builder that writes kernel style directly: tabs for indent,
// one statement a line, nothing reformatted afterwards.

struct CodeWriter {
    private(set) var text = ""
    private var depth = 0
    private let indentUnit: String

    init(indent: String = "\t") {
        indentUnit = indent
    }

    /// One line at the current indent (an empty line stays empty).
    mutating func line(_ s: String = "") {
        text += s.isEmpty ? "\n" : String(repeating: indentUnit, count: depth) + s + "\n"
    }

    mutating func lines(_ many: [String]) {
        many.forEach { line($0) }
    }

    /// `open`, the body one level deeper, then `close`.
    mutating func block(_ open: String, close: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(open)
        depth += 1
        body(&self)
        depth -= 1
        line(close)
    }
}

/// `NAME<tabs>value` with the value column aligned at `column` (tabs of 8).
func aligned(_ name: String, _ value: String, column: Int = 40) -> String {
    let tabs = max(1, (column - name.count + 7) / 8)
    return name + String(repeating: "\t", count: tabs) + value
}
