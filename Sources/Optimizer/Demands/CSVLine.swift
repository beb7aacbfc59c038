import Foundation

/// The CSV dialect of demand files, shared by `DemandFile`'s reader and `DemandFileWriter` so what one
/// writes the other reads: one record per line, fields separated by commas, surrounding spaces ignored;
/// a field holding a comma, a double quote, surrounding spaces or a leading `#` is written in double
/// quotes with inner quotes doubled (RFC 4180). Scanned by Unicode scalar, so a comma followed by a
/// combining mark still separates.
enum CSVLine {
    /// The fields of one line, or nil when a quoted field is not closed or text follows its closing quote.
    static func fields(_ line: some StringProtocol) -> [String]? {
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var scalars = Substring(line).unicodeScalars[...]
        var inQuotes = false
        var closedQuote = false
        func finish() {
            fields.append(closedQuote ? String(field) : String(field).trimmingCharacters(in: .whitespaces))
            field = String.UnicodeScalarView()
            closedQuote = false
        }
        while let scalar = scalars.popFirst() {
            if inQuotes {
                if scalar != "\"" {
                    field.append(scalar)
                } else if scalars.first == "\"" {
                    field.append(scalars.removeFirst())
                } else {
                    inQuotes = false
                    closedQuote = true
                }
            } else if scalar == "," {
                finish()
            } else if closedQuote {
                guard CharacterSet.whitespaces.contains(scalar) else { return nil }
            } else if scalar == "\"", String(field).trimmingCharacters(in: .whitespaces).isEmpty {
                field = String.UnicodeScalarView()
                inQuotes = true
            } else {
                field.append(scalar)
            }
        }
        guard !inQuotes else { return nil }
        finish()
        return fields
    }

    /// `text` as one field: as it is when that reads back the same, else in double quotes.
    static func field(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let plain = !scalars.contains { $0 == "," || $0 == "\"" }
            && scalars.first.map { $0 != "#" && !CharacterSet.whitespacesAndNewlines.contains($0) } ?? true
            && scalars.last.map { !CharacterSet.whitespacesAndNewlines.contains($0) } ?? true
        guard !plain else { return text }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in scalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append(scalar) }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
