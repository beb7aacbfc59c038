/// Knobs of a scenario run.
public struct ScenarioOptions: Hashable, Sendable {
    /// Share of every link's capacity kept free by the optimizer, 0 ≤ headroom < 1.
    public var headroom: Double
    /// Share of every link's capacity that mirrored copies may use at most.
    public var mirrorCap: Double
    /// How many of the most-utilized links each step lists.
    public var hotLinks: Int
    /// How many of the worst-served demand pairs get a min-cut bottleneck analysis.
    public var bottlenecks: Int

    public init(headroom: Double = 0, mirrorCap: Double = 0.1, hotLinks: Int = 8, bottlenecks: Int = 5) {
        self.headroom = headroom
        self.mirrorCap = mirrorCap
        self.hotLinks = hotLinks
        self.bottlenecks = bottlenecks
    }
}
