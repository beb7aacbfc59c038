/// The bandwidth one tap flow's copies need before sampling, split by direction.
public struct MirrorDemand: Hashable, Sendable, Codable {
    public var flowID: String
    /// Copies of frames delivered to the source port's host (TaaS `IN`), after the filter share.
    public var inBps: Double
    /// Copies of frames sent by the host (TaaS `OUT`), after the filter share.
    public var outBps: Double
    /// Mean frame size in bytes, when the source measured packets.
    public var meanPacketBytes: Double?
    /// Where the numbers come from, for reports.
    public var basis: String

    public init(flowID: String, inBps: Double, outBps: Double, meanPacketBytes: Double? = nil, basis: String) {
        self.flowID = flowID
        self.inBps = inBps
        self.outBps = outBps
        self.meanPacketBytes = meanPacketBytes
        self.basis = basis
    }

    /// Everything the flow's copies need, in bit/s.
    public var totalBps: Double { inBps + outBps }

    enum CodingKeys: String, CodingKey {
        case flowID = "tap_flow_id"
        case inBps = "in_bps"
        case outBps = "out_bps"
        case meanPacketBytes = "mean_packet_bytes"
        case basis
    }
}
