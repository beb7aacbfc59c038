/// A traffic class: how much a served bit/s is worth and how strictly it is preferred.
///
/// `weight` scales a class's throughput in the `max-weighted-throughput` objective; `priority`
/// orders classes in `priority-maxmin` (0 is served first; a larger number only gets what is left).
/// The mirror class is the lowest priority so tap copies never take tenant capacity.
public struct QoSClass: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Unique name, e.g. `gold`; demands refer to classes by name.
    public var name: String
    /// Value of one served bit/s relative to other classes; positive.
    public var weight: Double
    /// Strict-priority rank: 0 is highest.
    public var priority: Int

    public init(name: String, weight: Double, priority: Int) {
        self.name = name
        self.weight = weight
        self.priority = priority
    }

    public var description: String { "\(name) (weight \(weight), priority \(priority))" }

    /// Latency-critical tenant traffic.
    public static let gold = QoSClass(name: "gold", weight: 4, priority: 0)
    /// Ordinary tenant traffic.
    public static let silver = QoSClass(name: "silver", weight: 2, priority: 1)
    /// Bulk tenant traffic.
    public static let bronze = QoSClass(name: "bronze", weight: 1, priority: 2)
    /// Mirrored (tap) copies: below every tenant class, tiny weight.
    public static let mirror = QoSClass(name: "mirror", weight: 0.1, priority: 3)

    /// The built-in classes, highest priority first.
    public static let defaults: [QoSClass] = [.gold, .silver, .bronze, .mirror]
}
