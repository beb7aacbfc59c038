import Topology

/// Which nodes the all-pairs min-cut reports pairs between.
public enum MinCutEndpoints: String, Hashable, Sendable, CaseIterable, Codable {
    /// Top-of-rack switches: the edge level of a fat tree recognised from the graph (`FatTreeLevels`,
    /// so a fat tree imported without roles gets the same endpoints), otherwise role `leaf` or `edge`.
    case leaves
    /// Every host.
    case hosts
    /// Every switch (WAN nodes, PoPs).
    case nodes

    /// Leaves when the fabric has any, otherwise every node.
    public static func defaultChoice(for topology: Topology) -> MinCutEndpoints {
        leafSwitches(in: topology).isEmpty ? .nodes : .leaves
    }

    /// The top-of-rack switches in topology order: a fat tree's edge level read from its graph, else
    /// the switches with role `leaf` or `edge`; empty when there are none.
    public static func leafSwitches(in topology: Topology) -> [String] {
        if let levels = FatTreeLevels.recognised(topology) { return levels.edges }
        return topology.switches.filter { $0.role == .leaf || $0.role == .edge }.map(\.name)
    }

    /// The endpoint names in topology order; throws when the topology has none of this kind.
    public func names(in topology: Topology) throws(OptimizerError) -> [String] {
        let names: [String]
        switch self {
        case .leaves: names = Self.leafSwitches(in: topology)
        case .hosts: names = topology.hosts.map(\.name)
        case .nodes: names = topology.switches.map(\.name)
        }
        guard names.count >= 2 else {
            throw .invalidOption(name: "between", message: "topology '\(topology.name)' has \(names.count) \(rawValue == "nodes" ? "switches" : rawValue); need at least 2 for pairs")
        }
        return names
    }
}
