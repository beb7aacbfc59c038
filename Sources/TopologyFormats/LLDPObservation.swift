import Topology

/// One LLDP frame as the controller saw it: it arrived on `port` of switch `datapathID` and was sent
/// from port `neighbourPort` of the switch whose chassis id is `neighbourDatapathID`. It proves the
/// directed link `neighbour:neighbourPort -> switch:port`.
public struct LLDPObservation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var datapathID: DatapathID
    public var port: UInt32
    /// The sender's chassis id, which OpenFlow controllers set to the sender's datapath id.
    public var neighbourDatapathID: DatapathID
    /// The sender's port id, which OpenFlow controllers set to the sending port number.
    public var neighbourPort: UInt32

    public init(datapathID: DatapathID, port: UInt32, neighbourDatapathID: DatapathID, neighbourPort: UInt32) {
        self.datapathID = datapathID
        self.port = port
        self.neighbourDatapathID = neighbourDatapathID
        self.neighbourPort = neighbourPort
    }

    public var description: String {
        "\(datapathID) port \(port) hears \(neighbourDatapathID) port \(neighbourPort)"
    }

    enum CodingKeys: String, CodingKey {
        case datapathID = "switch"
        case port
        case neighbourDatapathID = "neighbour_chassis_id"
        case neighbourPort = "neighbour_port_id"
    }
}
