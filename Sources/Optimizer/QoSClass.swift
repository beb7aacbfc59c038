/// A traffic class: how much a served bit/s is worth and how strictly it is preferred.
///
/// `weight` scales a class's throughput in the `max-weighted-throughput` objective; `priority`
/// orders classes in `priority-maxmin` (0 is served first; a larger number only gets what is left).
/// The mirror class is the lowest priority so tap copies never take tenant capacity. `dscp` lists the
/// DSCP code points (0–63) that select the class when the ingress leaf classifies a packet; traffic
/// whose DSCP no class names falls to the catalog's lowest tenant class.
public struct QoSClass: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Unique name, e.g. `gold`; demands refer to classes by name.
    public var name: String
    /// Value of one served bit/s relative to other classes; positive.
    public var weight: Double
    /// Strict-priority rank: 0 is highest.
    public var priority: Int
    /// DSCP code points (0–63, ascending, no repeats) that classify a packet into this class.
    public var dscp: [UInt8]

    public init(name: String, weight: Double, priority: Int, dscp: [UInt8] = []) {
        self.name = name
        self.weight = weight
        self.priority = priority
        self.dscp = Array(Set(dscp)).sorted()
    }

    enum CodingKeys: String, CodingKey {
        case name, weight, priority, dscp
    }

    /// `dscp` may be absent (older documents): the class then selects no code point.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name), weight: try container.decode(Double.self, forKey: .weight),
                  priority: try container.decode(Int.self, forKey: .priority),
                  dscp: try container.decodeIfPresent([UInt8].self, forKey: .dscp) ?? [])
    }

    public var description: String { "\(name) (weight \(weight), priority \(priority))" }

    /// Latency-critical tenant traffic: DSCP 46 (EF).
    public static let gold = QoSClass(name: "gold", weight: 4, priority: 0, dscp: [46])
    /// Ordinary tenant traffic: DSCP 26 (AF31).
    public static let silver = QoSClass(name: "silver", weight: 2, priority: 1, dscp: [26])
    /// Bulk tenant traffic; unmarked traffic lands here as the lowest tenant class.
    public static let bronze = QoSClass(name: "bronze", weight: 1, priority: 2)
    /// Mirrored (tap) copies: below every tenant class, tiny weight.
    public static let mirror = QoSClass(name: "mirror", weight: 0.1, priority: 3)

    /// The built-in classes, highest priority first.
    public static let defaults: [QoSClass] = [.gold, .silver, .bronze, .mirror]
}
