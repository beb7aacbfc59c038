/// One path of a reservation: its hops, the fabric links it uses and the rate held on each of them.
public struct ReservedPath: Hashable, Sendable, Codable {
    /// The first path carries the traffic; the others are link-disjoint protection paths.
    public enum Role: String, Hashable, Sendable, Codable {
        case primary
        case backup
    }

    public var role: Role
    public var hops: [PathHop]
    /// Fabric link names in travel order; empty when both endpoints sit on one switch.
    public var links: [String]
    /// Rate held on every link of this path, in bit/s.
    public var reservedBps: Double
    /// Sum of the links' one-way latencies, in seconds.
    public var latencySeconds: Double

    public init(role: Role, hops: [PathHop], links: [String], reservedBps: Double, latencySeconds: Double) {
        self.role = role
        self.hops = hops
        self.links = links
        self.reservedBps = reservedBps
        self.latencySeconds = latencySeconds
    }

    enum CodingKeys: String, CodingKey {
        case role, hops, links
        case reservedBps = "reserved_bps"
        case latencySeconds = "latency_s"
    }
}
