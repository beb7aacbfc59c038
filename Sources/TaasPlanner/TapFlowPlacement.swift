import Optimizer
import Topology

/// Where and how much of one tap flow's copies go.
public struct TapFlowPlacement: Hashable, Sendable, Codable {
    public var flowID: String
    public var flowName: String
    public var serviceID: String
    public var serviceName: String
    public var taasID: UInt16
    public var direction: TapDirection
    /// The source switch port and its host.
    public var source: LinkEnd
    public var sourceHost: String?
    /// The monitor port.
    public var destination: LinkEnd
    /// The copies' route, source switch to destination switch; empty when both are one switch,
    /// `nil` when there is none.
    public var path: Path?
    /// Switch names along `path` (just the switch for local mirroring).
    public var nodes: [String]
    public var demand: MirrorDemand
    /// Bytes kept per copied frame when truncation was needed and allowed.
    public var truncatedToBytes: Int?
    /// What full (possibly truncated) copies need on the wire, in bit/s.
    public var wireDemandBps: Double
    /// What the copies get, in bit/s.
    public var mirroredBps: Double
    /// Share of matching frames copied: mirrored / wire demand (1 when nothing needs copying).
    public var samplingFraction: Double
    /// What the flow's meter lets through: the placed rate plus the flow's weighted share of the
    /// mirror budget left idle on its route, never above `max_rate`. A tap whose traffic grows (or was
    /// not measured yet) may use idle budget, and all meters together never exceed any budget.
    public var meterRateBps: Double
    public var reduction: MirrorReduction
    /// Set when the copies are reduced.
    public var limit: MirrorLimit?
    /// One line saying why the flow is degraded, or `nil` when it is mirrored in full.
    public var reason: String?

    /// Whether the copies are reduced in any way (sampled, policed or truncated).
    public var isDegraded: Bool { reason != nil }

    enum CodingKeys: String, CodingKey {
        case flowID = "tap_flow_id"
        case flowName = "tap_flow"
        case serviceID = "tap_service_id"
        case serviceName = "tap_service"
        case taasID = "taas_id"
        case direction, source
        case sourceHost = "source_host"
        case destination, path, nodes, demand
        case truncatedToBytes = "truncated_to_bytes"
        case wireDemandBps = "wire_demand_bps"
        case mirroredBps = "mirrored_bps"
        case samplingFraction = "sampling_fraction"
        case meterRateBps = "meter_rate_bps"
        case reduction, limit, reason
    }
}
