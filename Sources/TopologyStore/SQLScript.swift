import Foundation

/// Splits a migration script into single statements for PostgreSQL's extended query protocol, which
/// takes one statement at a time. `;` inside quoted strings, quoted identifiers, `$$` bodies and
/// `--` comments does not split.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var state = State.code
        let characters = Array(script)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            current.append(character)
            switch state {
            case .code:
                if character == "'" { state = .quoted("'") }
                else if character == "\"" { state = .quoted("\"") }
                else if character == "$", next == "$" { state = .dollar; current.append("$"); index += 1 }
                else if character == "-", next == "-" { state = .comment }
                else if character == ";" {
                    current.removeLast()
                    append(current, to: &statements)
                    current = ""
                }
            case .quoted(let quote):
                if character == quote { state = .code }
            case .dollar:
                if character == "$", next == "$" { state = .code; current.append("$"); index += 1 }
            case .comment:
                if character == "\n" { state = .code }
            }
            index += 1
        }
        append(current, to: &statements)
        return statements
    }

    private static func append(_ statement: String, to statements: inout [String]) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
    }

    private enum State {
        case code
        case quoted(Character)
        case dollar
        case comment
    }
}
