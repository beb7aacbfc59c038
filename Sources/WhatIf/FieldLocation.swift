/// Where a value sits in a scenario file: its 1-based line and its field path,
/// e.g. line 31, `events[1].actions[0].fail_link`.
///
/// Every scenario element keeps the location it was read from, so checks that can only run
/// once the topology is built (unknown link, unknown class) still point at the right line.
public struct FieldLocation: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line number; `nil` only for values that did not come from a file.
    public var line: Int?
    /// Dotted field path with 0-based sequence indices.
    public var field: String

    public init(line: Int?, field: String) {
        self.line = line
        self.field = field
    }

    public var description: String {
        if let line { return "line \(line), \(field)" }
        return field
    }
}
