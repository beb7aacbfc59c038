import Optimizer
import Topology

/// Mirror placement on top of a tenant allocation. The allocation is carried unchanged: copies only
/// ever use what tenant traffic left.
public struct MirrorPlan: Hashable, Sendable, Codable {
    public var options: MirrorPlannerOptions
    /// The tenant allocation the copies were placed around, exactly as given.
    public var tenantAllocation: Allocation
    /// One entry per tap flow, in catalog order.
    public var placements: [TapFlowPlacement]
    /// One entry per topology link, in `Topology.links` order.
    public var links: [MirrorLinkBudget]
    /// Per tap service: the monitor port's speed and what its flows deliver to it.
    public var destinations: [MirrorDestinationLoad]

    /// What all copies need, in bit/s.
    public var demandBps: Double { placements.reduce(0) { $0 + $1.demand.totalBps } }
    /// What all copies get, in bit/s.
    public var mirroredBps: Double { placements.reduce(0) { $0 + $1.mirroredBps } }

    /// The placement of a tap flow.
    public func placement(ofFlow id: String) -> TapFlowPlacement? {
        placements.first { $0.flowID == id }
    }

    enum CodingKeys: String, CodingKey {
        case options
        case tenantAllocation = "tenant_allocation"
        case placements, links, destinations
    }
}

/// What one tap service's flows deliver to its monitor port.
public struct MirrorDestinationLoad: Hashable, Sendable, Codable {
    public var serviceID: String
    public var port: LinkEnd
    public var speedBps: Double
    public var loadBps: Double

    enum CodingKeys: String, CodingKey {
        case serviceID = "tap_service_id"
        case port
        case speedBps = "speed_bps"
        case loadBps = "load_bps"
    }
}
