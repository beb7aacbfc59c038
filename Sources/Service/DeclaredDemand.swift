import Optimizer
import Topology

/// One declared demand as the API and `weft demands export` show it: `{id, src, dst, rate_bps, class}`
/// with the class by name. In `PUT /v1/demands` the id is optional (`src->dst/class`) and the rate may
/// be a number in bit/s or text such as `"2.5G"`; it must be finite and not negative.
public struct DeclaredDemand: Hashable, Sendable, Codable {
    public var id: String?
    public var source: String
    public var destination: String
    public var rateBps: Double
    public var qosClass: String

    /// The wire form of `demand`: its class by name.
    public init(_ demand: Demand) {
        id = demand.id
        source = demand.source
        destination = demand.destination
        rateBps = demand.rateBps
        qosClass = demand.qosClass.name
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case source = "src"
        case destination = "dst"
        case rateBps = "rate_bps"
        case qosClass = "class"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        source = try container.decodeName(forKey: .source)
        destination = try container.decodeName(forKey: .destination)
        if let text = try? container.decode(String.self, forKey: .rateBps) {
            switch BitRate.parse(text) {
            case .success(let rate): rateBps = rate.bitsPerSecond
            case .failure(let error): throw DecodingError.dataCorruptedError(forKey: .rateBps, in: container, debugDescription: error.description)
            }
        } else {
            rateBps = try container.decode(Double.self, forKey: .rateBps)
        }
        guard rateBps >= 0, rateBps.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .rateBps, in: container, debugDescription: "rate_bps must be a finite rate of at least 0 bit/s, got \(rateBps)")
        }
        qosClass = try container.decodeIfPresent(String.self, forKey: .qosClass) ?? QoSClass.bronze.name
    }

    /// The optimizer's demand, its class looked up in `classes`; `nil` for an unknown class.
    public func demand(classes: [QoSClass]) -> Demand? {
        guard let known = classes.first(where: { $0.name == qosClass }) else { return nil }
        var demand = Demand(source: source, destination: destination, rateBps: rateBps, qosClass: known)
        if let id, !id.isEmpty { demand.id = id }
        return demand
    }
}
