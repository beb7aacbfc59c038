/// Restrictions a path request puts on the route: links and switches to avoid, how many link-disjoint
/// paths to reserve (each carries the full rate: one primary and `k − 1` protection paths), and a hop limit.
public struct PathConstraints: Hashable, Sendable, Codable {
    /// Link names (`leaf1:5->spine2:1`) the paths must not use.
    public var excludeLinks: [String]
    /// Switch names the paths must not traverse (the endpoints' own switches cannot be excluded).
    public var excludeNodes: [String]
    /// Number of pairwise link-disjoint paths, 1...8.
    public var disjointPaths: Int
    /// Longest acceptable path in fabric links, or `nil` for no limit.
    public var maxHops: Int?

    /// The most link-disjoint paths one reservation may ask for (each is searched and reserved).
    public static let maximumDisjointPaths = 8

    /// Constraints for a path request; the defaults constrain nothing (one path, any length).
    public init(excludeLinks: [String] = [], excludeNodes: [String] = [], disjointPaths: Int = 1, maxHops: Int? = nil) {
        self.excludeLinks = excludeLinks
        self.excludeNodes = excludeNodes
        self.disjointPaths = disjointPaths
        self.maxHops = maxHops
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case excludeLinks = "exclude_links"
        case excludeNodes = "exclude_nodes"
        case disjointPaths = "disjoint_paths"
        case maxHops = "max_hops"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        excludeLinks = try container.decodeIfPresent([String].self, forKey: .excludeLinks) ?? []
        excludeNodes = try container.decodeIfPresent([String].self, forKey: .excludeNodes) ?? []
        disjointPaths = try container.decodeIfPresent(Int.self, forKey: .disjointPaths) ?? 1
        guard (1...Self.maximumDisjointPaths).contains(disjointPaths) else {
            throw DecodingError.dataCorruptedError(
                forKey: .disjointPaths, in: container,
                debugDescription: "disjoint_paths must be 1...\(Self.maximumDisjointPaths), got \(disjointPaths)")
        }
        maxHops = try container.decodeIfPresent(Int.self, forKey: .maxHops)
        if let maxHops, maxHops < 1 {
            throw DecodingError.dataCorruptedError(forKey: .maxHops, in: container, debugDescription: "max_hops must be at least 1, got \(maxHops)")
        }
    }
}
