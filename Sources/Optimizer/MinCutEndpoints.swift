import Topology

/// Which nodes the all-pairs min-cut reports pairs between.
public enum MinCutEndpoints: String, Hashable, Sendable, CaseIterable, Codable {
    /// Top-of-rack switches: role `leaf`, or `edge` in a fat-tree.
    case leaves
    /// Every host.
    case hosts
    /// Every switch (WAN nodes, PoPs).
    case nodes

    /// Leaves when the fabric has any, otherwise every node.
    public static func defaultChoice(for topology: Topology) -> MinCutEndpoints {
        topology.switches.contains { $0.role == .leaf || $0.role == .edge } ? .leaves : .nodes
    }

    /// The endpoint names in topology order; throws when the topology has none of this kind.
    public func names(in topology: Topology) throws(OptimizerError) -> [String] {
        let names: [String]
        switch self {
        case .leaves: names = topology.switches.filter { $0.role == .leaf || $0.role == .edge }.map(\.name)
        case .hosts: names = topology.hosts.map(\.name)
        case .nodes: names = topology.switches.map(\.name)
        }
        guard names.count >= 2 else {
            throw .invalidOption(name: "between", message: "topology '\(topology.name)' has \(names.count) \(rawValue == "nodes" ? "switches" : rawValue); need at least 2 for pairs")
        }
        return names
    }
}
