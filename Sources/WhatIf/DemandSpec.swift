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

    public var model: Model
    public var volume: Volume
    public var seed: UInt64
    /// For `hotspot`: the destination(s) that draw the extra traffic; empty lets the generator pick.
    public var hotspots: [String]
    /// For `hotspot`: share of the volume aimed at the hotspots.
    public var hotspotShare: Double?

    public init(model: Model, volume: Volume, seed: UInt64, hotspots: [String] = [], hotspotShare: Double? = nil) {
        self.model = model
        self.volume = volume
        self.seed = seed
        self.hotspots = hotspots
        self.hotspotShare = hotspotShare
    }
}
