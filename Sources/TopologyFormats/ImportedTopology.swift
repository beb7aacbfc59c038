import Topology

/// A topology read from a file, with what the reader had to assume or skip.
public struct ImportedTopology: Hashable, Sendable {
    public var topology: Topology
    /// Things worth telling the user that did not stop the import (defaulted capacities, skipped self-loops).
    public var warnings: [LocatedProblem]
    /// Node positions by switch name, for the nodes whose file gives them (GraphML `Latitude`/`Longitude`).
    public var coordinates: [String: GeoCoordinate]

    public init(topology: Topology, warnings: [LocatedProblem] = [], coordinates: [String: GeoCoordinate] = [:]) {
        self.topology = topology
        self.warnings = warnings
        self.coordinates = coordinates
    }
}
