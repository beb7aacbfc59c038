import TopologyFormats

/// One thing wrong with a scenario: a located problem, like every other file Weft reads.
/// `ScenarioError` names the file; the problem keeps the line and field it concerns.
public typealias ScenarioProblem = LocatedProblem

extension LocatedProblem {
    /// A scenario problem at `location`; `ScenarioError` fills in the file.
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
