/// A cable as the all-pairs min-cut sees it: the directed links between the same two ports, or a
/// host's access port, counted once with the capacity it has in both directions.
public struct MinCutCable: Hashable, Sendable, Codable {
    /// `a:1<->b:2` for a fabric cable, `host<->switch:port` for an access port.
    public var name: String
    /// The two nodes it joins (switches, or a host and its switch).
    public var ends: [String]
    /// Indices into `Topology.links` of its directed links; empty for an access port.
    public var linkIndices: [Int]
    /// The smaller of its two directions' usable capacities (down links and reservations removed), bit/s.
    public var capacityBps: Double

    public init(name: String, ends: [String], linkIndices: [Int], capacityBps: Double) {
        self.name = name
        self.ends = ends
        self.linkIndices = linkIndices
        self.capacityBps = capacityBps
    }

    enum CodingKeys: String, CodingKey {
        case name, ends
        case linkIndices = "link_indices"
        case capacityBps = "capacity_bps"
    }
}
