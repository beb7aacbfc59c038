import Topology

/// Whether a path reservation's paths survive a topology: the status `weft serve` gives every
/// reservation it reads back, and what `weft whatif --db` reports for it in every step.
public enum ReservationStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// All paths are intact.
    case reserved
    /// The primary path is intact but a protection path lost a link.
    case degraded
    /// The primary path lost a link; reroute with `PATCH {"reroute": true}`.
    case down

    /// The status of a reservation whose paths (link names, the primary first) run through `topology`,
    /// and the links of those paths that are down or gone there, path by path.
    public static func of(paths: [[String]], in topology: Topology) -> (status: ReservationStatus, lostLinks: [String]) {
        var lost: [String] = []
        var status = ReservationStatus.reserved
        for (index, links) in paths.enumerated() {
            let broken = links.filter { name in topology.linkIndex(named: name).map { !topology.links[$0].isUp } ?? true }
            guard !broken.isEmpty else { continue }
            lost += broken
            status = index == 0 ? .down : (status == .down ? .down : .degraded)
        }
        return (status, lost)
    }
}
