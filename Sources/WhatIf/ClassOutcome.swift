/// Offered and served traffic of one QoS class in one step.
public struct ClassOutcome: Hashable, Sendable, Codable {
    public var name: String
    public var offeredBps: Double
    public var servedBps: Double
    public var servedFraction: Double
    public var demands: Int
    /// Demands served less than 99.9 %.
    public var shortDemands: Int

    public init(name: String, offeredBps: Double, servedBps: Double, demands: Int, shortDemands: Int) {
        self.name = name
        self.offeredBps = offeredBps
        self.servedBps = servedBps
        self.servedFraction = offeredBps > 0 ? servedBps / offeredBps : 1
        self.demands = demands
        self.shortDemands = shortDemands
    }
}
