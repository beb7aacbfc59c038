/// Mirror placement in one step: per tap flow, what its copies need and what they got.
public struct MirrorOutcome: Hashable, Sendable, Codable {
    public var demandBps: Double
    public var mirroredBps: Double
    /// mirroredBps / demandBps (1 when nothing needs mirroring).
    public var coverage: Double
    public var flows: [TapFlowOutcome]

    public init(flows: [TapFlowOutcome]) {
        self.flows = flows
        self.demandBps = flows.reduce(0) { $0 + $1.demandBps }
        self.mirroredBps = flows.reduce(0) { $0 + $1.mirroredBps }
        self.coverage = demandBps > 0 ? mirroredBps / demandBps : 1
    }
}

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
    /// Why the flow is sampled, when it is.
    public var reason: String?

    public init(flow: String, service: String, source: String, destination: String, direction: String, demandBps: Double, mirroredBps: Double, samplingFraction: Double, path: [String], reason: String?) {
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
