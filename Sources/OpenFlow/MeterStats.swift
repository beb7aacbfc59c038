/// Counters of one meter (`ofp_meter_stats`) from an `OFPMP_METER` reply, with one
/// ``BandStats`` per band in the meter's band order.
public struct MeterStats: Hashable, Sendable, WireCodable {
    public var meterID: UInt32
    /// Flows pointing at the meter.
    public var flowCount: UInt32
    public var packetInCount: UInt64
    public var byteInCount: UInt64
    public var durationSeconds: UInt32
    public var durationNanoseconds: UInt32
    public var bandStats: [BandStats]

    /// `ofp_meter_band_stats`: traffic that exceeded the band's rate.
    public struct BandStats: Hashable, Sendable {
        public var packetCount: UInt64
        public var byteCount: UInt64

        public init(packetCount: UInt64, byteCount: UInt64) {
            self.packetCount = packetCount
            self.byteCount = byteCount
        }
    }

    public init(meterID: UInt32, flowCount: UInt32 = 0, packetInCount: UInt64 = 0, byteInCount: UInt64 = 0,
                durationSeconds: UInt32 = 0, durationNanoseconds: UInt32 = 0, bandStats: [BandStats] = []) {
        self.meterID = meterID
        self.flowCount = flowCount
        self.packetInCount = packetInCount
        self.byteInCount = byteInCount
        self.durationSeconds = durationSeconds
        self.durationNanoseconds = durationNanoseconds
        self.bandStats = bandStats
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        writer.writeU32(meterID)
        let lengthField = writer.reserveU16()
        writer.writeZeros(6)
        writer.writeU32(flowCount)
        writer.writeU64(packetInCount)
        writer.writeU64(byteInCount)
        writer.writeU32(durationSeconds)
        writer.writeU32(durationNanoseconds)
        for band in bandStats {
            writer.writeU64(band.packetCount)
            writer.writeU64(band.byteCount)
        }
        try writer.patchLength(at: lengthField, from: start, what: "meter_stats")
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        meterID = try reader.readU32("meter_stats.meter_id")
        try reader.skip(2 + 6, "meter_stats.len")
        flowCount = try reader.readU32("meter_stats.flow_count")
        packetInCount = try reader.readU64("meter_stats.packet_in_count")
        byteInCount = try reader.readU64("meter_stats.byte_in_count")
        durationSeconds = try reader.readU32("meter_stats.duration_sec")
        durationNanoseconds = try reader.readU32("meter_stats.duration_nsec")
        guard reader.remaining % 16 == 0 else {
            throw .badLength(reader.context("meter_stats.band_stats"), length: reader.remaining, reason: "band stats are 16 bytes each")
        }
        var bands: [BandStats] = []
        while !reader.isAtEnd {
            let packets = try reader.readU64("meter_stats.band_stats.packet_band_count")
            let bytes = try reader.readU64("meter_stats.band_stats.byte_band_count")
            bands.append(BandStats(packetCount: packets, byteCount: bytes))
        }
        bandStats = bands
    }
}
