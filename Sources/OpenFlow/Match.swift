/// An OXM match (`ofp_match` with `type = OFPMT_OXM`): a list of ``OXMField`` TLVs, padded to 8 bytes.
///
/// The empty match matches every packet. Field order is kept as given; OpenFlow requires
/// prerequisites to come first (e.g. `ethType(0x0800)` before `ipv4Src`), which is the caller's job.
public struct Match: Hashable, Sendable, ExpressibleByArrayLiteral {
    /// `OFPMT_OXM`.
    static let oxmType: UInt16 = 1

    public var fields: [OXMField]

    public init(_ fields: [OXMField] = []) {
        self.fields = fields
    }

    public init(arrayLiteral fields: OXMField...) {
        self.fields = fields
    }

    /// The `in_port` field, if present (the ingress port of a PACKET_IN).
    public var inPort: UInt32? {
        for case .inPort(let port) in fields {
            return port
        }
        return nil
    }

    /// Encoded size including padding.
    var encodedLength: Int {
        let unpadded = 4 + fields.reduce(0) { $0 + $1.encodedLength }
        return (unpadded + 7) / 8 * 8
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        writer.writeU16(Self.oxmType)
        let lengthField = writer.reserveU16()
        for field in fields {
            try field.encode(to: &writer)
        }
        try writer.patchLength(at: lengthField, from: start, what: "match")
        writer.padTo8(from: start)
    }

    /// Decodes a match and its padding.
    init(reader: inout WireReader, field name: String) throws(OpenFlowError) {
        let start = reader.offset
        let type = try reader.readU16(name + ".type")
        guard type == Self.oxmType else {
            throw .badValue(reader.context(name + ".type", at: start), value: UInt64(type), reason: "only OFPMT_OXM (1) matches exist in OpenFlow 1.3")
        }
        let length = Int(try reader.readU16(name + ".length"))
        guard length >= 4 else {
            throw .badLength(reader.context(name + ".length", at: start + 2), length: length, reason: "shorter than the 4-byte match header")
        }
        var oxms = try reader.subReader(length: length - 4, field: name + ".oxm_fields")
        var fields: [OXMField] = []
        while !oxms.isAtEnd {
            fields.append(try OXMField(reader: &oxms, field: name + ".oxm"))
        }
        try reader.skip((8 - length % 8) % 8, name + ".pad")
        self.fields = fields
    }
}
