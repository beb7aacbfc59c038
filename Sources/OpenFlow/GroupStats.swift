/// Counters of one group (`ofp_group_stats`) from an `OFPMP_GROUP` reply, with one ``BucketStats``
/// per bucket in the group's bucket order. Weft reads them for its sampling groups: the empty bucket's
/// bytes are the copies sampled away at the source.
public struct GroupStats: Hashable, Sendable, WireCodable {
    public var groupID: UInt32
    /// Flows and groups forwarding to this group.
    public var referenceCount: UInt32
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var durationSeconds: UInt32
    public var durationNanoseconds: UInt32
    public var bucketStats: [BucketStats]

    /// `ofp_bucket_counter`: what one bucket processed.
    public typealias BucketStats = PacketByteCount

    public init(groupID: UInt32, referenceCount: UInt32 = 0, packetCount: UInt64 = 0, byteCount: UInt64 = 0,
                durationSeconds: UInt32 = 0, durationNanoseconds: UInt32 = 0, bucketStats: [BucketStats] = []) {
        self.groupID = groupID
        self.referenceCount = referenceCount
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.durationSeconds = durationSeconds
        self.durationNanoseconds = durationNanoseconds
        self.bucketStats = bucketStats
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        let lengthField = writer.reserveU16()
        writer.writeZeros(2)
        writer.writeU32(groupID)
        writer.writeU32(referenceCount)
        writer.writeZeros(4)
        writer.writeU64(packetCount)
        writer.writeU64(byteCount)
        writer.writeU32(durationSeconds)
        writer.writeU32(durationNanoseconds)
        PacketByteCount.write(bucketStats, to: &writer)
        try writer.patchLength(at: lengthField, from: start, what: "group_stats")
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        try reader.skip(2 + 2, "group_stats.length")
        groupID = try reader.readU32("group_stats.group_id")
        referenceCount = try reader.readU32("group_stats.ref_count")
        try reader.skip(4, "group_stats.pad2")
        packetCount = try reader.readU64("group_stats.packet_count")
        byteCount = try reader.readU64("group_stats.byte_count")
        durationSeconds = try reader.readU32("group_stats.duration_sec")
        durationNanoseconds = try reader.readU32("group_stats.duration_nsec")
        bucketStats = try PacketByteCount.readAll(&reader, "group_stats.bucket_stats")
    }
}
