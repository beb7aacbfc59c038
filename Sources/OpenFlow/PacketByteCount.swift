/// A packet and a byte count, as OpenFlow 1.3 reports them per meter band (`ofp_meter_band_stats`) and
/// per group bucket (`ofp_bucket_counter`): two 64-bit counters, 16 bytes on the wire.
public struct PacketByteCount: Hashable, Sendable {
    public var packetCount: UInt64
    public var byteCount: UInt64

    public init(packetCount: UInt64, byteCount: UInt64) {
        self.packetCount = packetCount
        self.byteCount = byteCount
    }

    static func write(_ counts: [PacketByteCount], to writer: inout WireWriter) {
        for count in counts {
            writer.writeU64(count.packetCount)
            writer.writeU64(count.byteCount)
        }
    }

    /// Reads counters until `reader` ends; `field` names them in errors (e.g. `meter_stats.band_stats`).
    static func readAll(_ reader: inout WireReader, _ field: String) throws(OpenFlowError) -> [PacketByteCount] {
        guard reader.remaining % 16 == 0 else {
            throw .badLength(reader.context(field), length: reader.remaining, reason: "counters are 16 bytes each")
        }
        var counts: [PacketByteCount] = []
        while !reader.isAtEnd {
            let packets = try reader.readU64(field + ".packet_count")
            let bytes = try reader.readU64(field + ".byte_count")
            counts.append(PacketByteCount(packetCount: packets, byteCount: bytes))
        }
        return counts
    }
}
