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

/// A tap service's monitor port: its speed and the copies it receives.
public struct MonitorPortLoad: Hashable, Sendable, Codable {
    public var service: String
    /// The monitor host (or `switch:port` when no host is attached).
    public var host: String
    public var port: String
    public var speedBps: Double
    public var loadBps: Double

    public init(service: String, host: String, port: String, speedBps: Double, loadBps: Double) {
        self.service = service
        self.host = host
        self.port = port
        self.speedBps = speedBps
        self.loadBps = loadBps
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
