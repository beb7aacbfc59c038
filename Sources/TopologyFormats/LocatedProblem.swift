/// One problem (or warning) in a file Weft reads — topology, demand, class, taps or scenario
/// file — located as precisely as the format allows.
///
/// Prints compiler-style, one line: `file:line: field: problem`, with the column after the line
/// when it is known (`abilene.graphml:42:7: edge 3->99: unknown node '99'`).
public struct LocatedProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What the problem concerns: a field path (`switches[2].ports[0].speed_bps`), an element
    /// (`edge 3->99`, `link L1`) or `nil`/empty for the file as a whole.
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let field, !field.isEmpty { return "\(location): \(field): \(message)" }
        return "\(location): \(message)"
    }
}
