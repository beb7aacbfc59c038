/// One tap flow's placement.
public struct TapFlowOutcome: Hashable, Sendable, Codable {
    public var flow: String
    public var service: String
    public var source: String
    public var destination: String
    public var direction: String
    /// Rate of the traffic to copy.
    public var demandBps: Double
    /// Rate of copies that reach the monitor port.
    public var mirroredBps: Double
    /// Share of packets copied (1 = every packet).
    public var samplingFraction: Double
    /// Switch names the copies cross, source switch first.
    public var path: [String]
    /// The constraint that holds the copies back, in a few words (`link spine1:6->leaf6:5: 4 Gbit/s for copies, 5 flows`).
    public var limitedBy: String?
    /// How copies are cut to their rate: `full`, `metered` (at the first copy-only hop) or `sampled at source`.
    public var reduction: String
    /// The planner's full explanation when the flow is degraded.
    public var reason: String?

    public init(flow: String, service: String, source: String, destination: String, direction: String, demandBps: Double, mirroredBps: Double, samplingFraction: Double, path: [String], limitedBy: String?, reduction: String, reason: String?) {
        self.limitedBy = limitedBy
        self.reduction = reduction
        self.flow = flow
        self.service = service
        self.source = source
        self.destination = destination
        self.direction = direction
        self.demandBps = demandBps
        self.mirroredBps = mirroredBps
        self.samplingFraction = samplingFraction
        self.path = path
        self.reason = reason
    }
}
