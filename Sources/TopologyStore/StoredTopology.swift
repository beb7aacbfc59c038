import Topology

/// A topology together with the history entry it was loaded from.
public struct StoredTopology: Hashable, Sendable {
    public var version: TopologyVersion
    public var topology: Topology

    public init(version: TopologyVersion, topology: Topology) {
        self.version = version
        self.topology = topology
    }
}
