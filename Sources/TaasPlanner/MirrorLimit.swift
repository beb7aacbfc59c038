import Topology

/// What kept a tap flow's copies below what they need.
public enum MirrorLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A fabric link's mirror budget: min(residual after tenant traffic, mirror cap), shared by
    /// `sharedBy` tap flows.
    case link(name: String, availableBps: Double, residualBps: Double, capBps: Double, sharedBy: Int)
    /// The monitor port's speed, shared by `sharedBy` tap flows.
    case destinationPort(LinkEnd, speedBps: Double, sharedBy: Int)
    /// The tap flow's own `max_rate`.
    case maxRate(Double)
    /// No path of up links joins the source and destination switches.
    case noPath(from: String, to: String)
    /// An endpoint could not be resolved (port down or removed); the flow mirrors nothing.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .link(name, available, residual, cap, sharedBy):
            "link \(name) has \(rate(available)) for mirror copies (residual after tenant traffic \(rate(residual)), mirror cap \(rate(cap))), shared by \(sharedBy) tap flow\(sharedBy == 1 ? "" : "s")"
        case let .destinationPort(end, speed, sharedBy):
            "destination port \(end) runs at \(rate(speed)), shared by \(sharedBy) tap flow\(sharedBy == 1 ? "" : "s")"
        case .maxRate(let cap):
            "max_rate \(rate(cap))"
        case let .noPath(from, to):
            "no path of up links from \(from) to \(to)"
        case .unavailable(let why):
            why
        }
    }

    private func rate(_ bps: Double) -> String { BitRate(bitsPerSecond: max(bps, 0)).formatted }
}
