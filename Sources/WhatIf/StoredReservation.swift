import Topology

/// A path reservation read from the store (`weft whatif --db`): what it holds and on which links, so
/// every step can say whether its paths survive the step's failures.
public struct StoredReservation: Hashable, Sendable {
    public var id: String
    public var tenant: String?
    public var source: String
    public var destination: String
    public var className: String
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
        var status = ReservationOutcome.Status.reserved
        var lost: [String] = []
        for (index, links) in paths.enumerated() {
            let broken = links.filter { name in topology.linkIndex(named: name).map { !topology.links[$0].isUp } ?? true }
            guard !broken.isEmpty else { continue }
            lost += broken.filter { !lost.contains($0) }
            status = index == 0 ? .down : (status == .down ? .down : .degraded)
        }
        let switches = Set(lost.compactMap { topology.linkIndex(named: $0) }.flatMap { [topology.links[$0].source.node, topology.links[$0].target.node] })
        return ReservationOutcome(
            id: id, tenant: tenant, source: source, destination: destination, className: className, bandwidthBps: bandwidthBps,
            status: status, lostLinks: lost,
            lostSwitches: switches.filter { state.failedSwitches.contains($0) || state.drainedSwitches.contains($0) }.sorted()
        )
    }
}
