/// Where a scenario's demands of one class come from.
public struct DemandSpec: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A demand file (CSV `src,dst,rate_bps,class` or YAML), path resolved against the scenario file.
        case file(String)
        /// A generated traffic matrix.
        case generated(DemandGeneratorSpec)
    }

    public var source: Source
    /// Class for generated demands, and for file rows that name none.
    public var className: String?
    public var location: FieldLocation

    public init(source: Source, className: String?, location: FieldLocation) {
        self.source = source
        self.className = className
        self.location = location
    }
}

/// A traffic-matrix generator with its parameters.
public struct DemandGeneratorSpec: Hashable, Sendable {
    public enum Model: String, Hashable, Sendable, CaseIterable {
        case uniform, gravity, hotspot
    }

    /// How much traffic to generate: the sum over all pairs, or the same rate for each pair.
    public enum Volume: Hashable, Sendable {
        case totalBps(Double)
        case perPairBps(Double)
    }

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

    public var model: Model
    public var volume: Volume
    /// `nil`: leaves where the fabric has them, else every switch.
    public var endpoints: Endpoints?
    /// Endpoints to leave out, e.g. a monitor host that must carry no tenant traffic.
    public var excluded: [String]
    public var seed: UInt64
    /// For `hotspot`: the destination(s) that draw the extra traffic; empty lets the generator pick.
    public var hotspots: [String]
    /// For `hotspot`: share of the volume aimed at the hotspots.
    public var hotspotShare: Double?

    public init(model: Model, volume: Volume, endpoints: Endpoints? = nil, excluded: [String] = [], seed: UInt64, hotspots: [String] = [], hotspotShare: Double? = nil) {
        self.excluded = excluded
        self.model = model
        self.volume = volume
        self.endpoints = endpoints
        self.seed = seed
        self.hotspots = hotspots
        self.hotspotShare = hotspotShare
    }
}
