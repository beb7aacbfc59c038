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
    /// Held by the store's path reservations (`weft whatif --db`); tenant traffic and copies get the rest.
    public var reservedBps: Double
    /// (load + mirror + reserved) / capacity; 0 for links that are down.
    public var utilization: Double

    public init(name: String, source: String, target: String, state: State, capacityBps: Double, loadBps: Double, mirrorBps: Double, reservedBps: Double = 0) {
        self.name = name
        self.source = source
        self.target = target
        self.state = state
        self.capacityBps = capacityBps
        self.loadBps = loadBps
        self.mirrorBps = mirrorBps
        self.reservedBps = reservedBps
        self.utilization = state == .up && capacityBps > 0 ? (loadBps + mirrorBps + reservedBps) / capacityBps : 0
    }

    /// What the link's capacity is taken by: tenant traffic, mirror copies and reservations.
    public var usedBps: Double { loadBps + mirrorBps + reservedBps }
}
