/// Load on one directed link in one step.
public struct LinkOutcome: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        case up, failed, drained
    }

    public var name: String
    public var source: String
    public var target: String
    public var state: State
    public var capacityBps: Double
    /// Tenant traffic on the link.
    public var loadBps: Double
    /// Mirrored copies on the link.
    public var mirrorBps: Double
    /// (load + mirror) / capacity; 0 for links that are down.
    public var utilization: Double

    public init(name: String, source: String, target: String, state: State, capacityBps: Double, loadBps: Double, mirrorBps: Double) {
        self.name = name
        self.source = source
        self.target = target
        self.state = state
        self.capacityBps = capacityBps
        self.loadBps = loadBps
        self.mirrorBps = mirrorBps
        self.utilization = state == .up && capacityBps > 0 ? (loadBps + mirrorBps) / capacityBps : 0
    }
}
