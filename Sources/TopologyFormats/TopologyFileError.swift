import Topology

/// One problem (or warning) in a topology file, located as precisely as the format allows.
///
/// Prints compiler-style, one line: `abilene.graphml:42:7: edge 3->99: unknown node '99'`.
public struct TopologyFileProblem: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What the problem concerns: a field path (`switches[2].ports[0].speed_bps`), an element
    /// (`edge 3->99`, `link L1`, `switch leaf1`) or `nil` for the file as a whole.
    public var element: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, element: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.element = element
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        if let element { return "\(location): \(element): \(message)" }
        return "\(location): \(message)"
    }
}

/// A topology file could not be read; carries every problem found, not just the first.
public struct TopologyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [TopologyFileProblem]

    public init(problems: [TopologyFileProblem]) {
        self.problems = problems
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, element: String? = nil, message: String) {
        self.problems = [TopologyFileProblem(file: file, line: line, column: column, element: element, message: message)]
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// A topology read from a file, with what the reader had to assume or skip.
public struct ImportedTopology: Hashable, Sendable {
    public var topology: Topology
    /// Things worth telling the user that did not stop the import (defaulted capacities, skipped self-loops).
    public var warnings: [TopologyFileProblem]
    /// Node positions by switch name, for the nodes whose file gives them (GraphML `Latitude`/`Longitude`).
    public var coordinates: [String: GeoCoordinate]

    public init(topology: Topology, warnings: [TopologyFileProblem] = [], coordinates: [String: GeoCoordinate] = [:]) {
        self.topology = topology
        self.warnings = warnings
        self.coordinates = coordinates
    }
}
