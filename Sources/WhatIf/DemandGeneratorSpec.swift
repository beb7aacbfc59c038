import Optimizer

/// A traffic-matrix generator with its parameters, as a scenario gives them; the matrix itself
/// comes from the optimizer's `DemandGenerator`.
public struct DemandGeneratorSpec: Hashable, Sendable {
    /// Which nodes exchange traffic; by default leaves (edge switches) where the fabric has them,
    /// else every switch.
    public enum Endpoints: String, Hashable, Sendable, CaseIterable {
        /// Every host; a host's port speed bounds its demands.
        case hosts
        /// Every leaf (or edge) switch: rack-to-rack aggregates.
        case leaves
        /// Every switch (WAN routers).
        case switches
    }

    public var model: DemandGenerator.Model
    public var volume: DemandGenerator.Volume
    /// `nil`: leaves where the fabric has them, else every switch.
    public var endpoints: Endpoints?
    /// Endpoints to leave out, e.g. a monitor host that must carry no tenant traffic.
    public var excluded: [String]
    public var seed: UInt64
    /// For `hotspot`: the destination(s) that draw the extra traffic; empty lets the generator pick.
    public var hotspots: [String]
    /// For `hotspot`: share of the volume aimed at the hotspots.
    public var hotspotShare: Double?
    /// Keep only this many endpoints: those with the most up capacity attached (ties in topology
    /// order), e.g. the best-connected PoPs of a large WAN. `nil` keeps all.
    public var maxEndpoints: Int?

    public init(model: DemandGenerator.Model, volume: DemandGenerator.Volume, endpoints: Endpoints? = nil, excluded: [String] = [], seed: UInt64,
                hotspots: [String] = [], hotspotShare: Double? = nil, maxEndpoints: Int? = nil) {
        self.maxEndpoints = maxEndpoints
        self.excluded = excluded
        self.model = model
        self.volume = volume
        self.endpoints = endpoints
        self.seed = seed
        self.hotspots = hotspots
        self.hotspotShare = hotspotShare
    }
}
