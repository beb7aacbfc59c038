/// The min-cut between two nodes and the cables of one minimum cut.
public struct PairMinCut: Hashable, Sendable, Codable {
    public var source: String
    public var destination: String
    /// Min-cut value in bit/s; 0 when the two are in different parts of the graph.
    public var valueBps: Double
    /// Cables crossing the cut (positive capacity only; empty when disconnected).
    public var cut: [MinCutCable]

    public init(source: String, destination: String, valueBps: Double, cut: [MinCutCable]) {
        self.source = source
        self.destination = destination
        self.valueBps = valueBps
        self.cut = cut
    }

    /// Whether nothing at all joins the two.
    public var isDisconnected: Bool { valueBps <= 0 }

    enum CodingKeys: String, CodingKey {
        case source, destination
        case valueBps = "min_cut_bps"
        case cut
    }
}
