/// Mirror placement in one step: per tap flow, what its copies need and what they got.
public struct MirrorOutcome: Hashable, Sendable, Codable {
    public var demandBps: Double
    public var mirroredBps: Double
    /// mirroredBps / demandBps (1 when nothing needs mirroring).
    public var coverage: Double
    public var flows: [TapFlowOutcome]
    /// What each tap service's monitor port receives.
    public var monitors: [MonitorPortLoad]

    /// `2 tap flows: 1 in full, 0 reduced, 1 starved; 2 Gbit/s of copies`: how the flows fared, in words.
    public var tally: String {
        let full = flows.filter { $0.demandBps <= 0 || $0.mirroredBps >= $0.demandBps * 0.999 }.count
        let starved = flows.filter { $0.demandBps > 0 && $0.mirroredBps <= 0 }.count
        return "\(flows.count) tap flow\(flows.count == 1 ? "" : "s"): \(full) in full, \(flows.count - full - starved) reduced, \(starved) starved; "
            + "\(RateText.format(mirroredBps)) of copies (\(RateText.format(demandBps)) needed)"
    }

    public init(flows: [TapFlowOutcome], monitors: [MonitorPortLoad]) {
        self.flows = flows
        self.monitors = monitors
        self.demandBps = flows.reduce(0) { $0 + $1.demandBps }
        self.mirroredBps = flows.reduce(0) { $0 + $1.mirroredBps }
        self.coverage = demandBps > 0 ? mirroredBps / demandBps : 1
    }
}
