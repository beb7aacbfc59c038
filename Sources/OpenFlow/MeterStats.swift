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
    public typealias BandStats = PacketByteCount

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
        PacketByteCount.write(bandStats, to: &writer)
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
        bandStats = try PacketByteCount.readAll(&reader, "meter_stats.band_stats")
    }
}
