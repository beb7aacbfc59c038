import Optimizer
import Topology

/// A path reservation read from the store (`weft whatif --db`): what it holds and on which links, so
/// every step can say whether its paths survive the step's failures.
public struct StoredReservation: Hashable, Sendable, Codable {
    /// The reservation's id in the store (`/v1/paths/ID`).
    public var id: String
    /// The tenant it was reserved for, if one was named.
    public var tenant: String?
    /// The source endpoint, as the `POST /v1/paths` request named it.
    public var source: String
    /// The destination endpoint, as the `POST /v1/paths` request named it.
    public var destination: String
    /// The QoS class it is reserved in.
    public var className: String
    /// The rate it reserves, in bit/s.
    public var bandwidthBps: Double
    /// Fabric link names of each path: the primary first, then its protection paths.
    public var paths: [[String]]

    public init(id: String, tenant: String?, source: String, destination: String, className: String, bandwidthBps: Double, paths: [[String]]) {
        self.id = id
        self.tenant = tenant
        self.source = source
        self.destination = destination
        self.className = className
        self.bandwidthBps = bandwidthBps
        self.paths = paths
    }

    /// Its state in one step's fabric, by `weft serve`'s rule: `down` when the primary path lost a link
    /// (down or gone), `degraded` when only a protection path did; the switches named are the failed or
    /// drained ones at an end of a lost link.
    func outcome(in state: FabricState) -> ReservationOutcome {
        let topology = state.topology
        let (status, lost) = ReservationStatus.of(paths: paths, in: topology)
        let switches = Set(lost.compactMap { topology.linkIndex(named: $0) }.flatMap { [topology.links[$0].source.node, topology.links[$0].target.node] })
        return ReservationOutcome(
            reservation: self, status: status, lostLinks: lost,
            lostSwitches: switches.filter { state.failedSwitches.contains($0) || state.drainedSwitches.contains($0) }.sorted()
        )
    }

    /// `r1 (h1-1 → h2-1, gold, 8 Gbit/s)`.
    public var title: String {
        "\(id) (\(source) → \(destination), \(className), \(RateText.format(bandwidthBps)))"
    }
}
