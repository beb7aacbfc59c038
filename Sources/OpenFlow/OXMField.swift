/// One OXM TLV (`ofp_oxm_header` + value [+ mask]) as used in matches and in set-field actions.
///
/// The `OFPXMC_OPENFLOW_BASIC` fields that Weft programs or reads are typed cases; Ethernet
/// addresses are the 48-bit address in the low bits of a `UInt64` and IPv4 addresses a `UInt32`
/// (Topology's `MACAddress.value` / `IPv4Address.value`). Any other well-formed TLV — an IPv6 or MPLS
/// field, a Nicira register, an experimenter field — decodes to ``other(oxmClass:field:hasMask:payload:)``
/// and re-encodes byte for byte, so flows installed by someone else can still be read and deleted.
public enum OXMField: Hashable, Sendable {
    case inPort(UInt32)
    case inPhysicalPort(UInt32)
    case metadata(UInt64, mask: UInt64? = nil)
    case ethDst(UInt64, mask: UInt64? = nil)
    case ethSrc(UInt64, mask: UInt64? = nil)
    case ethType(UInt16)
    /// The 13-bit `vlan_vid`: a tagged VLAN `v` is `v | OXMField.vlanPresent`; `OFPVID_NONE` (0) matches untagged.
    case vlanVID(UInt16, mask: UInt16? = nil)
    case vlanPCP(UInt8)
    case ipDSCP(UInt8)
    case ipECN(UInt8)
    case ipProto(UInt8)
    case ipv4Src(UInt32, mask: UInt32? = nil)
    case ipv4Dst(UInt32, mask: UInt32? = nil)
    case tcpSrc(UInt16)
    case tcpDst(UInt16)
    case udpSrc(UInt16)
    case udpDst(UInt16)
    case icmpv4Type(UInt8)
    case icmpv4Code(UInt8)
    case arpOp(UInt16)
    case arpSPA(UInt32, mask: UInt32? = nil)
    case arpTPA(UInt32, mask: UInt32? = nil)
    case arpSHA(UInt64, mask: UInt64? = nil)
    case arpTHA(UInt64, mask: UInt64? = nil)
    case tunnelID(UInt64, mask: UInt64? = nil)
    /// A TLV without a typed case: `payload` is the value followed by the mask when `hasMask`
    /// (for the experimenter class it starts with the 4-byte experimenter id).
    case other(oxmClass: UInt16, field: UInt8, hasMask: Bool, payload: [UInt8])

    /// `OFPVID_PRESENT`: set in `vlan_vid` when a VLAN tag is present.
    public static let vlanPresent: UInt16 = 0x1000
    /// `OFPXMC_OPENFLOW_BASIC`.
    public static let openFlowBasicClass: UInt16 = 0x8000

    /// Matches (or sets) VLAN `id` on a tagged packet: `vlan_vid = id | OFPVID_PRESENT`.
    public static func vlan(_ id: UInt16) -> OXMField {
        .vlanVID((id & 0x0fff) | vlanPresent)
    }

    /// `OFPXMT_OFB_*` number of each typed field, its value width in bytes, and whether the spec
    /// allows a mask on it.
    private static let basicFields: [UInt8: (width: Int, maskable: Bool)] = [
        0: (4, false), 1: (4, false), 2: (8, true), 3: (6, true), 4: (6, true), 5: (2, false),
        6: (2, true), 7: (1, false), 8: (1, false), 9: (1, false), 10: (1, false), 11: (4, true),
        12: (4, true), 13: (2, false), 14: (2, false), 15: (2, false), 16: (2, false),
        19: (1, false), 20: (1, false), 21: (2, false), 22: (4, true), 23: (4, true),
        24: (6, true), 25: (6, true), 38: (8, true),
    ]
    /// The highest `OFPXMT_OFB_*` number OpenFlow 1.3 defines (`OFPXMT_OFB_IPV6_EXTHDR`).
    private static let lastBasicField: UInt8 = 39

    /// The typed field's number, value and optional mask.
    private var basic: (field: UInt8, value: UInt64, mask: UInt64?)? {
        switch self {
        case .inPort(let value): (0, UInt64(value), nil)
        case .inPhysicalPort(let value): (1, UInt64(value), nil)
        case .metadata(let value, let mask): (2, value, mask)
        case .ethDst(let value, let mask): (3, value, mask)
        case .ethSrc(let value, let mask): (4, value, mask)
        case .ethType(let value): (5, UInt64(value), nil)
        case .vlanVID(let value, let mask): (6, UInt64(value), mask.map(UInt64.init))
        case .vlanPCP(let value): (7, UInt64(value), nil)
        case .ipDSCP(let value): (8, UInt64(value), nil)
        case .ipECN(let value): (9, UInt64(value), nil)
        case .ipProto(let value): (10, UInt64(value), nil)
        case .ipv4Src(let value, let mask): (11, UInt64(value), mask.map(UInt64.init))
        case .ipv4Dst(let value, let mask): (12, UInt64(value), mask.map(UInt64.init))
        case .tcpSrc(let value): (13, UInt64(value), nil)
        case .tcpDst(let value): (14, UInt64(value), nil)
        case .udpSrc(let value): (15, UInt64(value), nil)
        case .udpDst(let value): (16, UInt64(value), nil)
        case .icmpv4Type(let value): (19, UInt64(value), nil)
        case .icmpv4Code(let value): (20, UInt64(value), nil)
        case .arpOp(let value): (21, UInt64(value), nil)
        case .arpSPA(let value, let mask): (22, UInt64(value), mask.map(UInt64.init))
        case .arpTPA(let value, let mask): (23, UInt64(value), mask.map(UInt64.init))
        case .arpSHA(let value, let mask): (24, value, mask)
        case .arpTHA(let value, let mask): (25, value, mask)
        case .tunnelID(let value, let mask): (38, value, mask)
        case .other: nil
        }
    }

    private static func typed(field: UInt8, value: UInt64, mask: UInt64?) -> OXMField? {
        let v16 = UInt16(truncatingIfNeeded: value), v32 = UInt32(truncatingIfNeeded: value)
        let v8 = UInt8(truncatingIfNeeded: value)
        let m16 = mask.map { UInt16(truncatingIfNeeded: $0) }, m32 = mask.map { UInt32(truncatingIfNeeded: $0) }
        switch field {
        case 0: return .inPort(v32)
        case 1: return .inPhysicalPort(v32)
        case 2: return .metadata(value, mask: mask)
        case 3: return .ethDst(value, mask: mask)
        case 4: return .ethSrc(value, mask: mask)
        case 5: return .ethType(v16)
        case 6: return .vlanVID(v16, mask: m16)
        case 7: return .vlanPCP(v8)
        case 8: return .ipDSCP(v8)
        case 9: return .ipECN(v8)
        case 10: return .ipProto(v8)
        case 11: return .ipv4Src(v32, mask: m32)
        case 12: return .ipv4Dst(v32, mask: m32)
        case 13: return .tcpSrc(v16)
        case 14: return .tcpDst(v16)
        case 15: return .udpSrc(v16)
        case 16: return .udpDst(v16)
        case 19: return .icmpv4Type(v8)
        case 20: return .icmpv4Code(v8)
        case 21: return .arpOp(v16)
        case 22: return .arpSPA(v32, mask: m32)
        case 23: return .arpTPA(v32, mask: m32)
        case 24: return .arpSHA(value, mask: mask)
        case 25: return .arpTHA(value, mask: mask)
        case 38: return .tunnelID(value, mask: mask)
        default: return nil
        }
    }

    /// Length of the TLV on the wire, header included.
    var encodedLength: Int {
        if let basic, let shape = Self.basicFields[basic.field] {
            return 4 + shape.width * (basic.mask == nil ? 1 : 2)
        }
        if case .other(_, _, _, let payload) = self {
            return 4 + payload.count
        }
        return 4
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        if case .other(let oxmClass, let field, let hasMask, let payload) = self {
            guard payload.count <= Int(UInt8.max) else {
                throw .tooLongToEncode(what: "OXM field \(field) of class \(oxmClass)", length: payload.count)
            }
            writeHeader(to: &writer, oxmClass: oxmClass, field: field, hasMask: hasMask, length: payload.count)
            writer.writeBytes(payload)
            return
        }
        guard let basic, let shape = Self.basicFields[basic.field] else { return }
        let length = shape.width * (basic.mask == nil ? 1 : 2)
        writeHeader(to: &writer, oxmClass: Self.openFlowBasicClass, field: basic.field, hasMask: basic.mask != nil, length: length)
        writer.writeUnsigned(basic.value, width: shape.width)
        if let mask = basic.mask {
            writer.writeUnsigned(mask, width: shape.width)
        }
    }

    private func writeHeader(to writer: inout WireWriter, oxmClass: UInt16, field: UInt8, hasMask: Bool, length: Int) {
        writer.writeU16(oxmClass)
        writer.writeU8((field & 0x7f) << 1 | (hasMask ? 1 : 0))
        writer.writeU8(UInt8(truncatingIfNeeded: length))
    }

    /// Decodes one TLV; the reader must hold at least the whole TLV.
    init(reader: inout WireReader, field name: String) throws(OpenFlowError) {
        let start = reader.offset
        let oxmClass = try reader.readU16(name + ".class")
        let fieldAndMask = try reader.readU8(name + ".field")
        let length = Int(try reader.readU8(name + ".length"))
        let field = fieldAndMask >> 1
        let hasMask = fieldAndMask & 1 == 1
        guard length <= reader.remaining else {
            throw .badLength(reader.context(name + ".length", at: start + 3), length: length,
                             reason: "OXM value overruns the \(reader.remaining) bytes left")
        }
        guard oxmClass == Self.openFlowBasicClass else {
            self = .other(oxmClass: oxmClass, field: field, hasMask: hasMask, payload: try reader.readBytes(length, name + ".payload"))
            return
        }
        guard field <= Self.lastBasicField else {
            throw .unknownOXMField(reader.context(name, at: start), field: field)
        }
        guard let shape = Self.basicFields[field] else {
            self = .other(oxmClass: oxmClass, field: field, hasMask: hasMask, payload: try reader.readBytes(length, name + ".payload"))
            return
        }
        guard !hasMask || shape.maskable else {
            throw .badValue(reader.context(name, at: start), value: UInt64(field), reason: "OXM field \(field) does not allow a mask")
        }
        let expected = shape.width * (hasMask ? 2 : 1)
        guard length == expected else {
            throw .badLength(reader.context(name + ".length", at: start + 3), length: length,
                             reason: "OXM field \(field) needs \(expected) bytes")
        }
        let value = try reader.readUnsigned(shape.width, name + ".value")
        let mask = hasMask ? try reader.readUnsigned(shape.width, name + ".mask") : nil
        guard let typed = Self.typed(field: field, value: value, mask: mask) else {
            throw .unknownOXMField(reader.context(name, at: start), field: field)
        }
        self = typed
    }
}
