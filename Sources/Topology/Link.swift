/// One end of a link: a port on a named switch.
public struct LinkEnd: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var node: String
    public var port: UInt32

    public init(node: String, port: UInt32) {
        self.node = node
        self.port = port
    }

    public var description: String { "\(node):\(port)" }

    public static func < (lhs: LinkEnd, rhs: LinkEnd) -> Bool {
        (lhs.node, lhs.port) < (rhs.node, rhs.port)
    }

    enum CodingKeys: String, CodingKey {
        case node = "switch"
        case port
    }
}

/// A directed link between two switch ports. A cable is two links, one each way.
public struct Link: Hashable, Sendable, Codable {
    public var source: LinkEnd
    public var target: LinkEnd
    /// Capacity in bit/s. Files may give it as a number or as a rate such as `100G`.
    public var capacityBps: Double
    /// One-way propagation latency in seconds.
    public var latencySeconds: Double
    public var isUp: Bool
    /// Where a discovered link's capacity came from; `nil` when it was declared (a file, a generator).
    public var capacitySource: CapacitySource?

    public init(source: LinkEnd, target: LinkEnd, capacityBps: Double, latencySeconds: Double = 0, isUp: Bool = true,
                capacitySource: CapacitySource? = nil) {
        self.source = source
        self.target = target
        self.capacityBps = capacityBps
        self.latencySeconds = latencySeconds
        self.isUp = isUp
        self.capacitySource = capacitySource
    }

    /// Stable name used in reports and diffs, e.g. `leaf1:5->spine2:1`.
    public var name: String { "\(source)->\(target)" }

    enum CodingKeys: String, CodingKey {
        case source = "from"
        case target = "to"
        case capacityBps = "capacity_bps"
        case latencySeconds = "latency_s"
        case isUp = "up"
        case capacitySource = "capacity_source"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(LinkEnd.self, forKey: .source)
        target = try container.decode(LinkEnd.self, forKey: .target)
        capacityBps = try container.decodeRate(forKey: .capacityBps)
        latencySeconds = try container.decodeIfPresent(Double.self, forKey: .latencySeconds) ?? 0
        isUp = try container.decodeIfPresent(Bool.self, forKey: .isUp) ?? true
        capacitySource = try container.decodeIfPresent(CapacitySource.self, forKey: .capacitySource)
    }
}
