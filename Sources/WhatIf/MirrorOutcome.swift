/// Mirror placement in one step: per tap flow, what its copies need and what they got.
public struct MirrorOutcome: Hashable, Sendable, Codable {
    public var demandBps: Double
    public var mirroredBps: Double
    /// mirroredBps / demandBps (1 when nothing needs mirroring).
    public var coverage: Double
    public var flows: [TapFlowOutcome]
    /// What each tap service's monitor port receives.
    public var monitors: [MonitorPortLoad]

    public init(flows: [TapFlowOutcome], monitors: [MonitorPortLoad]) {
        self.flows = flows
        self.monitors = monitors
        self.demandBps = flows.reduce(0) { $0 + $1.demandBps }
        self.mirroredBps = flows.reduce(0) { $0 + $1.mirroredBps }
        self.coverage = demandBps > 0 ? mirroredBps / demandBps : 1
    }
}
