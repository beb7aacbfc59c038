/// The body of `OFPT_PACKET_OUT`: the controller sends a packet through the switch's actions.
public struct PacketOut: Hashable, Sendable {
    /// A packet buffered on the switch, or `OpenFlowID.noBuffer` to send ``data``.
    public var bufferID: UInt32
    /// The ingress port the packet is treated as coming from (`OpenFlowPort.controller` when none).
    public var inPort: UInt32
    public var actions: [Action]
    /// The Ethernet frame; empty when ``bufferID`` names a buffered packet.
    public var data: [UInt8]

    public init(bufferID: UInt32 = OpenFlowID.noBuffer, inPort: UInt32 = OpenFlowPort.controller,
                actions: [Action], data: [UInt8]) {
        self.bufferID = bufferID
        self.inPort = inPort
        self.actions = actions
        self.data = data
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU32(bufferID)
        writer.writeU32(inPort)
        let lengthField = writer.reserveU16()
        writer.writeZeros(6)
        let start = writer.count
        try writer.write(actions)
        try writer.patchLength(at: lengthField, from: start, what: "packet_out.actions")
        writer.writeBytes(data)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        bufferID = try reader.readU32("packet_out.buffer_id")
        inPort = try reader.readU32("packet_out.in_port")
        let position = reader.offset
        let actionsLength = Int(try reader.readU16("packet_out.actions_len"))
        try reader.skip(6, "packet_out.pad")
        guard actionsLength <= reader.remaining else {
            throw .badLength(reader.context("packet_out.actions_len", at: position), length: actionsLength,
                             reason: "actions overrun the \(reader.remaining) bytes left")
        }
        var actionReader = try reader.subReader(length: actionsLength, field: "packet_out.actions")
        actions = try actionReader.readList(Action.self, "packet_out.actions", lengthOffset: 2, minimum: 8)
        data = reader.readRest()
    }
}
