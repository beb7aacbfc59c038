/// A tap flow's meter, on the first switch after its source: one drop band at `rateBps`.
public struct MirrorMeter: Hashable, Sendable, Codable {
    public var switchName: String
    public var tapFlowID: String
    public var rateBps: Double
}
