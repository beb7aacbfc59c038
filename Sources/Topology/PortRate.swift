/// A switch port's measured rates as the switch sees them (from two consecutive port-statistics
/// samples): received = from what is attached (a host: its TaaS `OUT` traffic), transmitted = towards
/// it (TaaS `IN`). The controller measures them; the mirror planner sizes copies from them.
public struct PortRate: Hashable, Sendable, Codable {
    public var receivedBps: Double
    public var transmittedBps: Double
    /// Packet rates, when known; they give the mean packet size used to size truncated copies.
    public var receivedPps: Double?
    public var transmittedPps: Double?

    public init(receivedBps: Double, transmittedBps: Double, receivedPps: Double? = nil, transmittedPps: Double? = nil) {
        self.receivedBps = receivedBps
        self.transmittedBps = transmittedBps
        self.receivedPps = receivedPps
        self.transmittedPps = transmittedPps
    }
}
