import Topology

/// One switch on a reserved path: where the traffic enters and leaves it. A controller installs
/// `in_port → out_port` on `switch` (identified by name and datapath id).
///
/// `in_port` is `nil` on the first hop when the path starts at a switch rather than a host, and
/// `out_port` is `nil` on the last hop when it ends at a switch.
public struct PathHop: Hashable, Sendable, Codable {
    public var switchName: String
    public var datapathID: DatapathID
    public var inPort: UInt32?
    public var outPort: UInt32?

    public init(switchName: String, datapathID: DatapathID, inPort: UInt32?, outPort: UInt32?) {
        self.switchName = switchName
        self.datapathID = datapathID
        self.inPort = inPort
        self.outPort = outPort
    }

    enum CodingKeys: String, CodingKey {
        case switchName = "switch"
        case datapathID = "datapath_id"
        case inPort = "in_port"
        case outPort = "out_port"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(switchName, forKey: .switchName)
        try container.encode(datapathID, forKey: .datapathID)
        try container.encode(inPort, forKey: .inPort)
        try container.encode(outPort, forKey: .outPort)
    }
}
