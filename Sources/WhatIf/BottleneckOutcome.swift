/// Why a demand pair is short: its min-cut in the step's fabric and the links forming the cut.
public struct BottleneckOutcome: Hashable, Sendable, Codable {
    public var source: String
    public var destination: String
    public var className: String
    public var offeredBps: Double
    public var servedBps: Double
    public var servedFraction: Double
    /// Maximum flow from source to destination over up links, alone in the fabric.
    public var minCutBps: Double
    /// The links of one minimum cut, by name.
    public var cutLinks: [String]
    /// The optimizer's reason for the shortfall (saturated links, a full access port, no path).
    public var reason: String?

    public init(source: String, destination: String, className: String, offeredBps: Double, servedBps: Double, minCutBps: Double, cutLinks: [String], reason: String?) {
        self.reason = reason
        self.source = source
        self.destination = destination
        self.className = className
        self.offeredBps = offeredBps
        self.servedBps = servedBps
        self.servedFraction = offeredBps > 0 ? servedBps / offeredBps : 1
        self.minCutBps = minCutBps
        self.cutLinks = cutLinks
    }
}
