/// The body of `OFPT_PORT_STATUS`: a port was added, removed or changed.
public struct PortStatus: Hashable, Sendable {
    public var reason: Reason
    public var port: PortDescription

    /// `OFPPR_*`.
    public enum Reason: UInt8, Hashable, Sendable {
        case add = 0
        case delete = 1
        case modify = 2
    }

    public init(reason: Reason, port: PortDescription) {
        self.reason = reason
        self.port = port
    }

    func encode(to writer: inout WireWriter) {
        writer.writeU8(reason.rawValue)
        writer.writeZeros(7)
        port.encode(to: &writer)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        reason = try reader.readEnum(Reason.self, "port_status.reason", expected: "an OFPPR_* reason")
        try reader.skip(7, "port_status.pad")
        port = try PortDescription(reader: &reader)
    }
}
