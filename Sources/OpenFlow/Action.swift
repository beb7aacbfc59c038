/// An OpenFlow 1.3 action (`ofp_action_*`), as used in apply/write-actions instructions,
/// PACKET_OUT and group buckets.
public enum Action: Hashable, Sendable, WireCodable {
    /// Output to `port` (a port number or an `OpenFlowPort` reserved port). `maxLength` is how many
    /// bytes to send when the port is the controller (`OpenFlowPort.noBufferLength` = whole packet, unbuffered).
    case output(port: UInt32, maxLength: UInt16 = OpenFlowPort.noBufferLength)
    case copyTTLOut
    case copyTTLIn
    case setMPLSTTL(UInt8)
    case decrementMPLSTTL
    /// Pushes a VLAN tag with the given TPID (0x8100 for 802.1Q, 0x88a8 for 802.1ad).
    case pushVLAN(etherType: UInt16 = 0x8100)
    case popVLAN
    case pushMPLS(etherType: UInt16)
    case popMPLS(etherType: UInt16)
    /// Selects the output queue for later output actions.
    case setQueue(UInt32)
    /// Processes the packet through group `id`.
    case group(UInt32)
    case setNetworkTTL(UInt8)
    case decrementNetworkTTL
    /// Rewrites a header field; the value is an OXM TLV without mask.
    case setField(OXMField)
    case pushPBB(etherType: UInt16)
    case popPBB
    /// Open vSwitch's `output(port=…,max_len=…)`: sends at most `maxLength` bytes of the packet to
    /// `port` (Nicira experimenter action `NXAST_OUTPUT_TRUNC`, subtype 39). OpenFlow 1.3 itself cannot
    /// truncate; Weft uses this to cut mirror copies to the length a tap asks for. The port travels as
    /// a 16-bit OpenFlow 1.0 port number on the wire, so only ports below `0xff00` and the reserved
    /// ports `0xffffff00…` can be encoded.
    case outputTruncated(port: UInt32, maxLength: UInt32)
    /// An experimenter action: `data` is everything after the experimenter id (padding included).
    case experimenter(id: UInt32, data: [UInt8])

    /// Nicira's experimenter id (`NX_VENDOR_ID`), used by Open vSwitch's extension actions.
    public static let niciraExperimenterID: UInt32 = 0x0000_2320
    /// `NXAST_OUTPUT_TRUNC`: the Nicira action subtype of ``outputTruncated(port:maxLength:)``.
    public static let niciraOutputTruncSubtype: UInt16 = 39

    /// The `OFPAT_*` number.
    public var typeCode: UInt16 {
        switch self {
        case .output: 0
        case .copyTTLOut: 11
        case .copyTTLIn: 12
        case .setMPLSTTL: 15
        case .decrementMPLSTTL: 16
        case .pushVLAN: 17
        case .popVLAN: 18
        case .pushMPLS: 19
        case .popMPLS: 20
        case .setQueue: 21
        case .group: 22
        case .setNetworkTTL: 23
        case .decrementNetworkTTL: 24
        case .setField: 25
        case .pushPBB: 26
        case .popPBB: 27
        case .outputTruncated, .experimenter: 0xffff
        }
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        writer.writeU16(typeCode)
        let lengthField = writer.reserveU16()
        switch self {
        case .output(let port, let maxLength):
            writer.writeU32(port)
            writer.writeU16(maxLength)
            writer.writeZeros(6)
        case .copyTTLOut, .copyTTLIn, .decrementMPLSTTL, .popVLAN, .decrementNetworkTTL, .popPBB:
            writer.writeZeros(4)
        case .setMPLSTTL(let ttl), .setNetworkTTL(let ttl):
            writer.writeU8(ttl)
            writer.writeZeros(3)
        case .pushVLAN(let etherType), .pushMPLS(let etherType), .popMPLS(let etherType), .pushPBB(let etherType):
            writer.writeU16(etherType)
            writer.writeZeros(2)
        case .setQueue(let id), .group(let id):
            writer.writeU32(id)
        case .setField(let field):
            try field.encode(to: &writer)
            writer.padTo8(from: start)
        case .outputTruncated(let port, let maxLength):
            // nx_action_output_trunc: experimenter | subtype | port (16-bit) | max_len; 16 bytes, no padding.
            writer.writeU32(Self.niciraExperimenterID)
            writer.writeU16(Self.niciraOutputTruncSubtype)
            writer.writeU16(try Self.openFlow10Port(port))
            writer.writeU32(maxLength)
        case .experimenter(let id, let data):
            writer.writeU32(id)
            writer.writeBytes(data)
            writer.padTo8(from: start)
        }
        try writer.patchLength(at: lengthField, from: start, what: "action")
    }

    /// Decodes one action from a reader holding exactly that action.
    init(reader: inout WireReader) throws(OpenFlowError) {
        let header = try TLVHeader(reader: &reader, kind: "action")
        switch header.type {
        case 0:
            try header.expectLength(16, reader)
            let port = try reader.readU32("action.output.port")
            let maxLength = try reader.readU16("action.output.max_len")
            try reader.skip(6, "action.output.pad")
            self = .output(port: port, maxLength: maxLength)
        case 11, 12, 16, 18, 24, 27:
            try header.expectLength(8, reader)
            try reader.skip(4, "action.pad")
            switch header.type {
            case 11: self = .copyTTLOut
            case 12: self = .copyTTLIn
            case 16: self = .decrementMPLSTTL
            case 18: self = .popVLAN
            case 24: self = .decrementNetworkTTL
            default: self = .popPBB
            }
        case 15, 23:
            try header.expectLength(8, reader)
            let ttl = try reader.readU8("action.ttl")
            try reader.skip(3, "action.pad")
            self = header.type == 15 ? .setMPLSTTL(ttl) : .setNetworkTTL(ttl)
        case 17, 19, 20, 26:
            try header.expectLength(8, reader)
            let etherType = try reader.readU16("action.ethertype")
            try reader.skip(2, "action.pad")
            switch header.type {
            case 17: self = .pushVLAN(etherType: etherType)
            case 19: self = .pushMPLS(etherType: etherType)
            case 20: self = .popMPLS(etherType: etherType)
            default: self = .pushPBB(etherType: etherType)
            }
        case 21, 22:
            try header.expectLength(8, reader)
            let id = try reader.readU32(header.type == 21 ? "action.set_queue.queue_id" : "action.group.group_id")
            self = header.type == 21 ? .setQueue(id) : .group(id)
        case 25:
            let field = try OXMField(reader: &reader, field: "action.set_field.field")
            _ = reader.readRest()
            self = .setField(field)
        case 0xffff:
            let id = try reader.readU32("action.experimenter.experimenter")
            if id == Self.niciraExperimenterID, header.length == 16, reader.remaining == 8 {
                var peek = reader
                if try peek.readU16("action.experimenter.subtype") == Self.niciraOutputTruncSubtype {
                    let port = try peek.readU16("action.output_trunc.port")
                    let maxLength = try peek.readU32("action.output_trunc.max_len")
                    reader = peek
                    self = .outputTruncated(port: Self.openFlow13Port(port), maxLength: maxLength)
                    return
                }
            }
            self = .experimenter(id: id, data: reader.readRest())
        default:
            throw .unknownActionType(reader.context("action.type", at: header.start), type: header.type)
        }
    }

    /// The 16-bit OpenFlow 1.0 form of an OpenFlow 1.3 port number, as Nicira actions carry it.
    private static func openFlow10Port(_ port: UInt32) throws(OpenFlowError) -> UInt16 {
        if port < 0xff00 { return UInt16(port) }
        if port >= 0xffff_ff00 { return UInt16(truncatingIfNeeded: port) }
        throw .unencodableValue(what: "action.output_trunc.port", value: UInt64(port),
                                reason: "a Nicira action carries 16-bit ports: below 0xff00 or a reserved port 0xffffff00 and up")
    }

    /// The OpenFlow 1.3 port number of a 16-bit OpenFlow 1.0 port.
    private static func openFlow13Port(_ port: UInt16) -> UInt32 {
        port < 0xff00 ? UInt32(port) : 0xffff_0000 | UInt32(port)
    }
}
