import Topology

/// What changed between two topology versions, in the terms re-optimization cares about.
struct TopologyChange: Hashable, Sendable, CustomStringConvertible {
    /// Links that went down or disappeared.
    var linksDown: [String]
    /// Links that came up or appeared.
    var linksUp: [String]
    /// Links whose capacity changed.
    var capacityChanged: [String]
    /// Anything else (switches, ports, hosts, latency).
    var otherChanges: Int

    init(from old: Topology, to new: Topology) {
        let diff = TopologyDiff(from: old, to: new)
        let before = Dictionary(old.links.map { ($0.name, $0.isUp) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.links.map { ($0.name, $0.isUp) }, uniquingKeysWith: { first, _ in first })
        linksDown = before.filter { name, up in up && after[name] != true }.map(\.key).sorted()
        linksUp = after.filter { name, up in up && before[name] != true }.map(\.key).sorted()
        capacityChanged = diff.capacityChanges.map(\.link)
        otherChanges = max(0, diff.lines.count - linksDown.count - linksUp.count - capacityChanged.count)
    }

    /// `links down: a, b; links up: c; capacity changed: d; 2 other changes`.
    var description: String {
        var parts: [String] = []
        if !linksDown.isEmpty { parts.append("links down: \(linksDown.joined(separator: ", "))") }
        if !linksUp.isEmpty { parts.append("links up: \(linksUp.joined(separator: ", "))") }
        if !capacityChanged.isEmpty { parts.append("capacity changed: \(capacityChanged.joined(separator: ", "))") }
        if otherChanges > 0 { parts.append("\(otherChanges) other change\(otherChanges == 1 ? "" : "s")") }
        return parts.isEmpty ? "no change" : parts.joined(separator: "; ")
    }
}
