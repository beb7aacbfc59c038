/// A link-discovery LLDP frame: "switch `datapathID` sent this out of port `portNumber`".
///
/// Wire format (IEEE 802.1AB, compatible with os-ken's `--observe-links` frames):
/// - Ethernet: destination `01:80:c2:00:00:0e` (nearest bridge), source ``sourceMAC``, EtherType 0x88cc;
/// - Chassis ID TLV, subtype 7 (locally assigned): ASCII `dpid:` + 16 lowercase hex digits;
/// - Port ID TLV, subtype 2 (port component): the port number as 4 big-endian bytes;
/// - TTL TLV: seconds;
/// - when ``instance`` is set, an organisation-specific TLV with OUI `0a:57:46` (a locally assigned
///   company id: 0x0a, "W", "F") and subtype 1 carrying the Weft instance name in UTF-8, so a
///   controller can ignore frames another Weft instance sent;
/// - End TLV, then zero padding to the 60-byte Ethernet minimum.
///
/// Decoding accepts one 802.1Q tag before the EtherType, ignores unknown TLVs and returns a typed
/// ``LLDPError`` for non-LLDP frames, foreign LLDP and malformed TLVs.
public struct LLDPFrame: Hashable, Sendable {
    /// EtherType of LLDP.
    public static let etherType: UInt16 = 0x88cc
    /// The nearest-bridge group address, not forwarded by 802.1D bridges.
    public static let nearestBridgeAddress: UInt64 = 0x0180_c200_000e
    /// Organisationally unique identifier of Weft's organisation-specific TLV.
    public static let weftOUI: [UInt8] = [0x0a, 0x57, 0x46]
    /// Subtype of the organisation-specific TLV that carries the instance name.
    public static let instanceSubtype: UInt8 = 1

    private static let chassisPrefix = Array("dpid:".utf8)

    /// Ethernet source address (usually the sending port's MAC).
    public var sourceMAC: UInt64
    public var datapathID: UInt64
    public var portNumber: UInt32
    /// Time to live in seconds.
    public var ttl: UInt16
    /// Name of the Weft instance that sent the frame; `nil` for frames without Weft's TLV (e.g. os-ken's).
    public var instance: String?

    public init(sourceMAC: UInt64, datapathID: UInt64, portNumber: UInt32, ttl: UInt16 = 120, instance: String? = nil) {
        self.sourceMAC = sourceMAC
        self.datapathID = datapathID
        self.portNumber = portNumber
        self.ttl = ttl
        self.instance = instance
    }

    /// The Ethernet frame (without FCS), padded to 60 bytes.
    public func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.writeUnsigned(Self.nearestBridgeAddress, width: 6)
        writer.writeUnsigned(sourceMAC, width: 6)
        writer.writeU16(Self.etherType)
        let digits = String(datapathID, radix: 16)
        let chassis = Self.chassisPrefix + Array((String(repeating: "0", count: 16 - digits.count) + digits).utf8)
        Self.writeTLV(1, [7] + chassis, to: &writer)
        var port = WireWriter()
        port.writeU8(2)
        port.writeU32(portNumber)
        Self.writeTLV(2, port.bytes, to: &writer)
        Self.writeTLV(3, [UInt8(truncatingIfNeeded: ttl >> 8), UInt8(truncatingIfNeeded: ttl)], to: &writer)
        if let instance {
            let name = Array(instance.utf8.prefix(507))
            Self.writeTLV(127, Self.weftOUI + [Self.instanceSubtype] + name, to: &writer)
        }
        Self.writeTLV(0, [], to: &writer)
        writer.writeZeros(max(0, 60 - writer.count))
        return writer.bytes
    }

    private static func writeTLV(_ type: UInt8, _ value: [UInt8], to writer: inout WireWriter) {
        writer.writeU16(UInt16(type) << 9 | UInt16(value.count & 0x1ff))
        writer.writeBytes(value)
    }

    /// Decodes an Ethernet frame (as carried in a PACKET_IN).
    public init(decoding frame: [UInt8]) throws(LLDPError) {
        var offset = 12
        func need(_ count: Int) throws(LLDPError) {
            guard offset + count <= frame.count else {
                throw .truncated(offset: offset, needed: offset + count - frame.count)
            }
        }
        func u16(at index: Int) -> UInt16 { UInt16(frame[index]) << 8 | UInt16(frame[index + 1]) }
        try need(2)
        var etherType = u16(at: offset)
        offset += 2
        if etherType == 0x8100 {
            try need(4)
            etherType = u16(at: offset + 2)
            offset += 4
        }
        guard etherType == Self.etherType else { throw .notLLDP(etherType: etherType) }
        sourceMAC = frame[6..<12].reduce(0) { $0 << 8 | UInt64($1) }

        var chassis: (subtype: UInt8, value: [UInt8])?
        var port: (subtype: UInt8, value: [UInt8])?
        var ttl: UInt16?
        var instance: String?
        var sawEnd = false
        while !sawEnd {
            try need(2)
            let header = u16(at: offset)
            let type = UInt8(truncatingIfNeeded: header >> 9)
            let length = Int(header & 0x1ff)
            let tlvOffset = offset
            offset += 2
            guard offset + length <= frame.count else {
                throw .malformedTLV(type: type, offset: tlvOffset, reason: "length \(length) overruns the frame")
            }
            let value = Array(frame[offset..<(offset + length)])
            offset += length
            switch type {
            case 0:
                sawEnd = true
            case 1, 2:
                guard let subtype = value.first else {
                    throw .malformedTLV(type: type, offset: tlvOffset, reason: "empty id")
                }
                if type == 1 { chassis = (subtype, Array(value.dropFirst())) } else { port = (subtype, Array(value.dropFirst())) }
            case 3:
                guard length == 2 else {
                    throw .malformedTLV(type: type, offset: tlvOffset, reason: "TTL must be 2 bytes")
                }
                ttl = UInt16(value[0]) << 8 | UInt16(value[1])
            case 127 where length >= 4 && Array(value[0..<3]) == Self.weftOUI && value[3] == Self.instanceSubtype:
                instance = String(decoding: value.dropFirst(4), as: UTF8.self)
            default:
                break
            }
        }
        guard let chassis else { throw .missingTLV("chassis id") }
        guard let port else { throw .missingTLV("port id") }
        guard let ttl else { throw .missingTLV("TTL") }
        guard chassis.subtype == 7, let datapathID = Self.datapathID(fromChassis: chassis.value) else {
            throw .foreignChassisID(subtype: chassis.subtype, value: chassis.value)
        }
        guard port.subtype == 2, port.value.count == 4 else {
            throw .foreignPortID(subtype: port.subtype, value: port.value)
        }
        self.datapathID = datapathID
        self.portNumber = port.value.reduce(0) { $0 << 8 | UInt32($1) }
        self.ttl = ttl
        self.instance = instance
    }

    private static func datapathID(fromChassis value: [UInt8]) -> UInt64? {
        guard value.count == chassisPrefix.count + 16, Array(value.prefix(chassisPrefix.count)) == chassisPrefix else {
            return nil
        }
        return UInt64(String(decoding: value.dropFirst(chassisPrefix.count), as: UTF8.self), radix: 16)
    }

    /// Whether `frame` carries the LLDP EtherType (possibly behind one 802.1Q tag), for cheap
    /// filtering of PACKET_INs before full decoding.
    public static func isLLDP(_ frame: [UInt8]) -> Bool {
        guard frame.count >= 14 else { return false }
        let etherType = UInt16(frame[12]) << 8 | UInt16(frame[13])
        if etherType == 0x8100, frame.count >= 18 {
            return UInt16(frame[16]) << 8 | UInt16(frame[17]) == Self.etherType
        }
        return etherType == Self.etherType
    }
}
