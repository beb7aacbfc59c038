/// One group as reported in an `OFPMP_GROUP_DESC` reply (`ofp_group_desc`).
public struct GroupDescription: Hashable, Sendable, WireCodable {
    public var type: GroupType
    public var groupID: UInt32
    public var buckets: [Bucket]

    public init(type: GroupType, groupID: UInt32, buckets: [Bucket]) {
        self.type = type
        self.groupID = groupID
        self.buckets = buckets
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        let lengthField = writer.reserveU16()
        writer.writeU8(type.rawValue)
        writer.writeZeros(1)
        writer.writeU32(groupID)
        try writer.write(buckets)
        try writer.patchLength(at: lengthField, from: start, what: "group_desc")
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        try reader.skip(2, "group_desc.length")
        type = try reader.readEnum(GroupType.self, "group_desc.type", expected: "an OFPGT_* group type")
        try reader.skip(1, "group_desc.pad")
        groupID = try reader.readU32("group_desc.group_id")
        buckets = try reader.readList(Bucket.self, "group_desc.buckets", lengthOffset: 0, minimum: 16)
    }
}
