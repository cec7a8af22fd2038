// Splits AIDL source into tokens, each with the line and column it starts at.
// Comments (line, block and doc comments) are dropped.

/// One token of AIDL source.
struct Token: Equatable {
    enum Kind: Equatable {
        case identifier
        /// A decimal or hex integer, suffix included ("10", "0xFF", "5L").
        case integer
        case float
        /// A string literal's text without quotes, escapes still in it.
        case string
        /// A character literal's text without quotes.
        case character
        /// Punctuation or an operator: { } ( ) < > [ ] ; , = . @ and operators.
        case symbol
        case end
    }

    var kind: Kind
    var text: String
    var location: SourceLocation

    /// How an error message names the token.
    var quoted: String {
        switch kind {
        case .end: return "end of file"
        case .string: return "string \"\(text)\""
        case .character: return "character '\(text)'"
        default: return "'\(text)'"
        }
    }
}

/// Turns a whole file into tokens, or fails at the first character that cannot start one.
struct Lexer {
    private let characters: [Character]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1

    init(source: String, file: String) {
        self.characters = Array(source)
        self.file = file
    }

    /// Two-character operators, tried before single characters.
    private static let pairs: Set<String> = ["<<", ">>", "<=", ">=", "==", "!=", "&&", "||"]
    private static let singles: Set<Character> = Set("{}()<>[];,=.@+-*/%&|^~!?:")

    mutating func tokens() throws -> [Token] {
        var result: [Token] = []
        while true {
            try skipSpaceAndComments()
            let location = here
            guard let character = peek() else {
                result.append(Token(kind: .end, text: "", location: location))
                return result
            }
            result.append(try token(startingWith: character, at: location))
        }
    }

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    @discardableResult
    private mutating func advance() -> Character {
        let character = characters[index]
        index += 1
        if character == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return character
    }

    private mutating func skipSpaceAndComments() throws {
        while let character = peek() {
            if character.isWhitespace {
                advance()
            } else if character == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { advance() }
            } else if character == "/", peek(1) == "*" {
                let start = here
                advance()
                advance()
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else { throw AIDLDiagnostic(start, "unterminated comment: expected '*/'") }
                    advance()
                }
                advance()
                advance()
            } else {
                return
            }
        }
    }

    private mutating func token(startingWith character: Character, at location: SourceLocation) throws -> Token {
        if character.isLetter || character == "_" {
            var text = ""
            while let next = peek(), next.isLetter || next.isNumber || next == "_" { text.append(advance()) }
            return Token(kind: .identifier, text: text, location: location)
        }
        if character.isNumber {
            return number(at: location)
        }
        if character == "\"" || character == "'" {
            return try quoted(at: location)
        }
        if let next = peek(1), Self.pairs.contains(String([character, next])) {
            advance()
            advance()
            return Token(kind: .symbol, text: String([character, next]), location: location)
        }
        if Self.singles.contains(character) {
            advance()
            return Token(kind: .symbol, text: String(character), location: location)
        }
        throw AIDLDiagnostic(location, "unexpected character '\(character)'")
    }

    /// Digits, hex digits after 0x, a fraction or exponent, and letter suffixes (L, f, u8).
    private mutating func number(at location: SourceLocation) -> Token {
        var text = ""
        var isFloat = false
        let isHex = peek() == "0" && (peek(1) == "x" || peek(1) == "X")
        if isHex {
            text.append(advance())
            text.append(advance())
        }
        while let next = peek() {
            if next.isHexDigit || next.isNumber || next.isLetter || next == "_" {
                if !isHex, next == "e" || next == "E" { isFloat = true }
                if !isHex, next == "f" || next == "F" || next == "d" || next == "D" { isFloat = true }
                text.append(advance())
            } else if next == ".", !isHex, peek(1)?.isNumber == true {
                isFloat = true
                text.append(advance())
            } else if (next == "-" || next == "+"), !isHex, text.last == "e" || text.last == "E" {
                text.append(advance())
            } else {
                break
            }
        }
        return Token(kind: isFloat ? .float : .integer, text: text, location: location)
    }

    private mutating func quoted(at location: SourceLocation) throws -> Token {
        let quote = advance()
        var text = ""
        while true {
            guard let next = peek(), next != "\n" else {
                throw AIDLDiagnostic(location, "unterminated \(quote == "\"" ? "string" : "character") literal: expected \(quote)")
            }
            advance()
            if next == quote { break }
            text.append(next)
            // An escaped character (\" or \\) never ends the literal; escapes are decoded later.
            if next == "\\", peek() != nil, peek() != "\n" { text.append(advance()) }
        }
        return Token(kind: quote == "\"" ? .string : .character, text: text, location: location)
    }
}
