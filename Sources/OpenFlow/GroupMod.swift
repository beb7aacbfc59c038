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
        try Bucket.encodeList(buckets, to: &writer)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let position = reader.offset
        let rawCommand = try reader.readU16("group_mod.command")
        guard let command = Command(rawValue: rawCommand) else {
            throw .badValue(reader.context("group_mod.command", at: position), value: UInt64(rawCommand), reason: "not an OFPGC_* command")
        }
        self.command = command
        type = try GroupType(reader: &reader, field: "group_mod.type")
        try reader.skip(1, "group_mod.pad")
        groupID = try reader.readU32("group_mod.group_id")
        buckets = try Bucket.decodeList(&reader, field: "group_mod.buckets")
    }
}
