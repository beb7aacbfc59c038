import Optimizer
import Topology

/// Candidate routes for mirror copies: loop-free paths over up links from the source switch to the
/// destination switch, at most `extraHops` longer than the shortest, at most `limit` of them, in
/// `Path` order (fewest hops first, then by link index). On a spine-leaf fabric these are the
/// leaf → spine → leaf paths; on a WAN they include detours that may have spare capacity.
struct MirrorPathFinder {
    var topology: Topology
    var extraHops: Int
    var limit: Int

    func paths(from source: String, to destination: String) -> [Path] {
        if source == destination { return [Path(links: [])] }
        let distance = hopsTo(destination)
        guard let shortest = distance[source] else { return [] }
        let budget = shortest + extraHops
        var found: [Path] = []
        var links: [Int] = []
        var visited: Set<String> = [source]
        func extend(_ node: String) {
            guard found.count < limit * 4 else { return }
            for index in topology.outgoingLinkIndices(of: node) {
                let link = topology.links[index]
                let next = link.target.node
                guard link.isUp, !visited.contains(next), let remaining = distance[next], links.count + 1 + remaining <= budget else { continue }
                links.append(index)
                if next == destination {
                    found.append(Path(links: links))
                } else {
                    visited.insert(next)
                    extend(next)
                    visited.remove(next)
                }
                links.removeLast()
            }
        }
        extend(source)
        return Array(found.sorted().prefix(limit))
    }

    /// Hop distance of every node that reaches `destination` over up links.
    private func hopsTo(_ destination: String) -> [String: Int] {
        var incoming: [String: [String]] = [:]
        for link in topology.links where link.isUp {
            incoming[link.target.node, default: []].append(link.source.node)
        }
        var distance: [String: Int] = [destination: 0]
        var frontier = [destination]
        while !frontier.isEmpty {
            var next: [String] = []
            for node in frontier {
                let hops = (distance[node] ?? 0) + 1
                for previous in incoming[node] ?? [] where distance[previous] == nil {
                    distance[previous] = hops
                    next.append(previous)
                }
            }
            frontier = next
        }
        return distance
    }
}
