/// Why an Ethernet frame is not a Weft (or os-ken) discovery LLDP frame.
public enum LLDPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The frame is not LLDP at all (EtherType other than 0x88cc).
    case notLLDP(etherType: UInt16)
    /// The frame ended at `offset` where `needed` more bytes were expected.
    case truncated(offset: Int, needed: Int)
    /// A TLV is malformed (its length overruns the frame or does not fit its type).
    case malformedTLV(type: UInt8, offset: Int, reason: String)
    /// A mandatory TLV (chassis id, port id, TTL or End) is missing.
    case missingTLV(String)
    /// Valid LLDP, but the chassis id is not `dpid:` + 16 hex digits (subtype 7): another system's LLDP.
    case foreignChassisID(subtype: UInt8, value: [UInt8])
    /// Valid LLDP, but the port id is not a 4-byte port number (subtype 2).
    case foreignPortID(subtype: UInt8, value: [UInt8])

    public var description: String {
        switch self {
        case .notLLDP(let etherType):
            return "not an LLDP frame: EtherType 0x\(String(etherType, radix: 16))"
        case .truncated(let offset, let needed):
            return "LLDP frame truncated at byte \(offset): \(needed) more bytes needed"
        case .malformedTLV(let type, let offset, let reason):
            return "malformed LLDP TLV type \(type) at byte \(offset): \(reason)"
        case .missingTLV(let name):
            return "LLDP frame lacks the mandatory \(name) TLV"
        case .foreignChassisID(let subtype, let value):
            return "foreign LLDP chassis id (subtype \(subtype), \(value.count) bytes)"
        case .foreignPortID(let subtype, let value):
            return "foreign LLDP port id (subtype \(subtype), \(value.count) bytes)"
        }
    }
}
