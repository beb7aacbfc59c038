/// Requested and served rate of one traffic class.
public struct ClassSummary: Hashable, Sendable, Codable {
    public var qosClass: QoSClass
    public var demandCount: Int
    public var requestedBps: Double
    public var servedBps: Double

    public init(qosClass: QoSClass, demandCount: Int, requestedBps: Double, servedBps: Double) {
        self.qosClass = qosClass
        self.demandCount = demandCount
        self.requestedBps = requestedBps
        self.servedBps = servedBps
    }

    /// `servedBps / requestedBps`, 1 when nothing was requested.
    public var servedFraction: Double { requestedBps > 0 ? servedBps / requestedBps : 1 }

    enum CodingKeys: String, CodingKey {
        case qosClass = "class"
        case demandCount = "demands"
        case requestedBps = "requested_bps"
        case servedBps = "served_bps"
    }
}
