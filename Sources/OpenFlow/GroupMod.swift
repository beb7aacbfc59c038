/// The body of `OFPT_GROUP_MOD`: add, modify or delete a group.
public struct GroupMod: Hashable, Sendable {
    public var command: Command
    public var type: GroupType
    /// Group id (at most `0xffffff00`; `OpenFlowID.allGroups` with delete removes every group).
    public var groupID: UInt32
    public var buckets: [Bucket]

    /// `OFPGC_*`.
    public enum Command: UInt16, Hashable, Sendable {
        case add = 0
        case modify = 1
        case delete = 2
    }

    public init(command: Command = .add, type: GroupType, groupID: UInt32, buckets: [Bucket] = []) {
        self.command = command
        self.type = type
        self.groupID = groupID
        self.buckets = buckets
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU16(command.rawValue)
        writer.writeU8(type.rawValue)
        writer.writeZeros(1)
        writer.writeU32(groupID)
        try writer.write(buckets)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        command = try reader.readEnum(Command.self, "group_mod.command", expected: "an OFPGC_* command")
        type = try reader.readEnum(GroupType.self, "group_mod.type", expected: "an OFPGT_* group type")
        try reader.skip(1, "group_mod.pad")
        groupID = try reader.readU32("group_mod.group_id")
        buckets = try reader.readList(Bucket.self, "group_mod.buckets", lengthOffset: 0, minimum: 16)
    }
}
