/// A request to carry `rateBps` bit/s from `source` to `destination` in a traffic class.
///
/// Endpoints are host or switch names of the topology; a host resolves to the switch it is attached
/// to, and its port speed bounds what the demand can get.
public struct Demand: Hashable, Sendable, Identifiable, CustomStringConvertible {
    /// Unique within a demand set; used in reports and allocations.
    public var id: String
    /// Host or switch name.
    public var source: String
    /// Host or switch name.
    public var destination: String
    /// Requested rate in bit/s; non-negative and finite.
    public var rateBps: Double
    public var qosClass: QoSClass

    public init(id: String, source: String, destination: String, rateBps: Double, qosClass: QoSClass = .bronze) {
        self.id = id
        self.source = source
        self.destination = destination
        self.rateBps = rateBps
        self.qosClass = qosClass
    }

    /// A demand whose id is `source->destination/class`.
    public init(source: String, destination: String, rateBps: Double, qosClass: QoSClass = .bronze) {
        self.init(id: "\(source)->\(destination)/\(qosClass.name)", source: source, destination: destination, rateBps: rateBps, qosClass: qosClass)
    }

    public var description: String { "demand \(id)" }
}

extension Demand: Codable {
    enum CodingKeys: String, CodingKey {
        case id
        case source = "src"
        case destination = "dst"
        case rateBps = "rate_bps"
        case qosClass = "class"
    }

    /// Decodes `class` either as a full class object or as the name of a built-in class.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        destination = try container.decode(String.self, forKey: .destination)
        rateBps = try container.decode(Double.self, forKey: .rateBps)
        if let name = try? container.decode(String.self, forKey: .qosClass) {
            guard let known = QoSClass.defaults.first(where: { $0.name == name }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .qosClass, in: container,
                    debugDescription: "unknown class '\(name)' (built-in: \(QoSClass.defaults.map(\.name).joined(separator: ", ")))")
            }
            qosClass = known
        } else {
            qosClass = try container.decodeIfPresent(QoSClass.self, forKey: .qosClass) ?? .bronze
        }
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? "\(source)->\(destination)/\(qosClass.name)"
    }
}
