/// Part of a demand carried on one path.
public struct PathSplit: Hashable, Sendable, Codable {
    public var path: Path
    /// Rate on this path in bit/s.
    public var rateBps: Double

    public init(path: Path, rateBps: Double) {
        self.path = path
        self.rateBps = rateBps
    }

    enum CodingKeys: String, CodingKey {
        case path
        case rateBps = "rate_bps"
    }
}
