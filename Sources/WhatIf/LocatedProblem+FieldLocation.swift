import TopologyFormats

/// A scenario problem is a located problem, like every other file Weft reads: it keeps the line and
/// field it concerns, and `LocatedError(file:problems:)` fills in the scenario file.
extension LocatedProblem {
    /// A scenario problem at `location`, the file left for `LocatedError(file:problems:)` to fill in.
    public init(_ message: String, at location: FieldLocation) {
        self.init(file: "", line: location.line, field: location.field, message: message)
    }

    /// The line and field path the problem concerns.
    public var location: FieldLocation { FieldLocation(line: line, field: field ?? "") }
}

extension YAMLNode {
    /// Where this value sits in the scenario file.
    var location: FieldLocation { FieldLocation(line: line, field: field) }
}
