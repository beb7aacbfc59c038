/// A group bucket (`ofp_bucket`): actions plus the weight (select groups) or the watched
/// port/group (fast-failover groups).
public struct Bucket: Hashable, Sendable, WireCodable {
    /// Relative share of flows for select groups; 0 for other group types.
    public var weight: UInt16
    /// Port whose liveness enables this bucket in a fast-failover group (`OpenFlowPort.any` = none).
    public var watchPort: UInt32
    /// Group whose liveness enables this bucket (`OpenFlowID.anyGroup` = none).
    public var watchGroup: UInt32
    public var actions: [Action]

    public init(weight: UInt16 = 0, watchPort: UInt32 = OpenFlowPort.any, watchGroup: UInt32 = OpenFlowID.anyGroup,
                actions: [Action]) {
        self.weight = weight
        self.watchPort = watchPort
        self.watchGroup = watchGroup
        self.actions = actions
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        let lengthField = writer.reserveU16()
        writer.writeU16(weight)
        writer.writeU32(watchPort)
        writer.writeU32(watchGroup)
        writer.writeZeros(4)
        try writer.write(actions)
        try writer.patchLength(at: lengthField, from: start, what: "bucket")
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        try reader.skip(2, "bucket.len")
        weight = try reader.readU16("bucket.weight")
        watchPort = try reader.readU32("bucket.watch_port")
        watchGroup = try reader.readU32("bucket.watch_group")
        try reader.skip(4, "bucket.pad")
        actions = try reader.readList(Action.self, "bucket.actions", lengthOffset: 2, minimum: 8)
    }
}
