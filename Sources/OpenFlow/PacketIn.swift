/// The body of `OFPT_PACKET_IN`: a packet the switch sends to the controller.
public struct PacketIn: Hashable, Sendable {
    /// Buffer holding the packet on the switch, or `OpenFlowID.noBuffer`.
    public var bufferID: UInt32
    /// Full length of the frame (``data`` may be shorter when truncated to `max_len`).
    public var totalLength: UInt16
    public var reason: Reason
    public var tableID: UInt8
    /// Cookie of the flow entry that sent the packet.
    public var cookie: UInt64
    /// Pipeline fields; OpenFlow 1.3 switches always include `in_port`.
    public var match: Match
    /// The Ethernet frame (or its first bytes).
    public var data: [UInt8]

    /// `OFPR_*`: why the packet was sent.
    public enum Reason: UInt8, Hashable, Sendable {
        case noMatch = 0
        case action = 1
        case invalidTTL = 2
    }

    public init(bufferID: UInt32 = OpenFlowID.noBuffer, totalLength: UInt16? = nil, reason: Reason, tableID: UInt8 = 0,
                cookie: UInt64 = 0, match: Match, data: [UInt8]) {
        self.bufferID = bufferID
        self.totalLength = totalLength ?? UInt16(clamping: data.count)
        self.reason = reason
        self.tableID = tableID
        self.cookie = cookie
        self.match = match
        self.data = data
    }

    /// The ingress port from the match.
    public var inPort: UInt32? { match.inPort }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU32(bufferID)
        writer.writeU16(totalLength)
        writer.writeU8(reason.rawValue)
        writer.writeU8(tableID)
        writer.writeU64(cookie)
        try match.encode(to: &writer)
        writer.writeZeros(2)
        writer.writeBytes(data)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        bufferID = try reader.readU32("packet_in.buffer_id")
        totalLength = try reader.readU16("packet_in.total_len")
        reason = try reader.readEnum(Reason.self, "packet_in.reason", expected: "an OFPR_* reason")
        tableID = try reader.readU8("packet_in.table_id")
        cookie = try reader.readU64("packet_in.cookie")
        match = try Match(reader: &reader, field: "packet_in.match")
        try reader.skip(2, "packet_in.pad")
        data = reader.readRest()
    }
}
