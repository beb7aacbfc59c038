import Topology

/// A loop-free route through the fabric as indices into `Topology.links`, in travel order.
///
/// Paths order by hop count, then lexicographically by link index, so every path set built from the
/// same topology comes out in the same order. An empty path carries traffic between two hosts on
/// the same switch.
public struct Path: Hashable, Sendable, Codable, Comparable {
    /// Indices into `Topology.links`, first hop first.
    public var links: [Int]

    public init(links: [Int]) {
        self.links = links
    }

    public var hopCount: Int { links.count }

    public static func < (lhs: Path, rhs: Path) -> Bool {
        if lhs.links.count != rhs.links.count { return lhs.links.count < rhs.links.count }
        return lhs.links.lexicographicallyPrecedes(rhs.links)
    }

    /// Whether every index is a link of `topology` and each link starts where the previous one ends.
    /// The other accessors assume this holds (paths from this module always satisfy it).
    public func isValid(in topology: Topology) -> Bool {
        guard links.allSatisfy({ topology.links.indices.contains($0) }) else { return false }
        return zip(links, links.dropFirst()).allSatisfy { topology.links[$0].target.node == topology.links[$1].source.node }
    }

    /// Link names (`a:1->b:2`) in travel order.
    public func linkNames(in topology: Topology) -> [String] {
        links.map { topology.links[$0].name }
    }

    /// Switch names visited, source first; empty for an empty path.
    public func nodes(in topology: Topology) -> [String] {
        guard let first = links.first else { return [] }
        return [topology.links[first].source.node] + links.map { topology.links[$0].target.node }
    }

    /// Sum of the links' one-way latencies in seconds.
    public func latencySeconds(in topology: Topology) -> Double {
        links.reduce(0) { $0 + topology.links[$1].latencySeconds }
    }

    /// The smallest link capacity on the path; infinite for an empty path.
    public func bottleneckBps(in topology: Topology) -> Double {
        links.reduce(Double.infinity) { min($0, topology.links[$1].capacityBps) }
    }

    /// Whether every link on the path is up.
    public func isUp(in topology: Topology) -> Bool {
        links.allSatisfy { topology.links[$0].isUp }
    }

    /// `leaf1 -> spine2 -> leaf3`, for reports.
    public func description(in topology: Topology) -> String {
        let names = nodes(in: topology)
        return names.isEmpty ? "(local)" : names.joined(separator: " -> ")
    }
}
