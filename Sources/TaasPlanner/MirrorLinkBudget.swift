/// How much of one fabric link mirror copies may use, and use.
public struct MirrorLinkBudget: Hashable, Sendable, Codable {
    /// Index into `Topology.links`.
    public var linkIndex: Int
    public var name: String
    public var capacityBps: Double
    /// Tenant traffic the allocation puts on the link (every class).
    public var tenantLoadBps: Double
    /// Capacity left after tenant traffic and the allocation's headroom; 0 on a down link.
    public var residualBps: Double
    /// `mirrorCapFraction × capacity`.
    public var mirrorCapBps: Double
    /// min(residual, mirror cap): all that copies may take.
    public var availableBps: Double
    /// What the placed copies put on the link (full copies on a metered flow's first hop).
    public var mirrorLoadBps: Double

    enum CodingKeys: String, CodingKey {
        case linkIndex = "link_index"
        case name
        case capacityBps = "capacity_bps"
        case tenantLoadBps = "tenant_load_bps"
        case residualBps = "residual_bps"
        case mirrorCapBps = "mirror_cap_bps"
        case availableBps = "available_bps"
        case mirrorLoadBps = "mirror_load_bps"
    }
}
