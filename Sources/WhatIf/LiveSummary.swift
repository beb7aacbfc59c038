/// Where a `weft whatif --db` run started from: the store, its topology version, the demand matrix
/// taken and the stored taps and reservations carried into every step.
public struct LiveSummary: Hashable, Sendable, Codable {
    /// The SQLite file or PostgreSQL URL (without password).
    public var location: String
    /// The stored topology version the baseline is.
    public var topologyVersion: Int
    /// `--demand-basis`: declared, measured or larger (what `{from: store}` entries take).
    public var demandBasis: String
    /// Every demand entry's source in words, e.g. `demands[0]: --demand-basis measured: snapshot #4 …`.
    public var demandSources: [String]
    /// The measured snapshot the run used, if any.
    public var measuredSnapshot: Int?
    /// Stored tap services carried into every step.
    public var tapServices: Int
    /// Stored tap flows carried into every step.
    public var tapFlows: Int
    /// Stored path reservations held in every step.
    public var reservations: Int
    /// Sum of the reservations' bandwidths.
    public var reservedBps: Double
    /// Whether the min-cuts subtract the reservations too (`--minus-reservations`).
    public var minCutMinusReservations: Bool

    public init(location: String, topologyVersion: Int, demandBasis: String, demandSources: [String], measuredSnapshot: Int?,
                tapServices: Int, tapFlows: Int, reservations: Int, reservedBps: Double, minCutMinusReservations: Bool) {
        self.location = location
        self.topologyVersion = topologyVersion
        self.demandBasis = demandBasis
        self.demandSources = demandSources
        self.measuredSnapshot = measuredSnapshot
        self.tapServices = tapServices
        self.tapFlows = tapFlows
        self.reservations = reservations
        self.reservedBps = reservedBps
        self.minCutMinusReservations = minCutMinusReservations
    }
}
