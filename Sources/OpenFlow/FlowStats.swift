/// One flow entry as reported in an `OFPMP_FLOW` reply (`ofp_flow_stats`): its match, instructions
/// and counters. Used to reconcile a switch's tables with the desired state.
public struct FlowStats: Hashable, Sendable, WireCodable {
    public var tableID: UInt8
    public var durationSeconds: UInt32
    public var durationNanoseconds: UInt32
    public var priority: UInt16
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var flags: FlowMod.Flags
    public var cookie: UInt64
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var match: Match
    public var instructions: [Instruction]

    public init(tableID: UInt8, durationSeconds: UInt32 = 0, durationNanoseconds: UInt32 = 0, priority: UInt16,
                idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0, flags: FlowMod.Flags = [], cookie: UInt64 = 0,
                packetCount: UInt64 = 0, byteCount: UInt64 = 0, match: Match = Match(), instructions: [Instruction] = []) {
        self.tableID = tableID
        self.durationSeconds = durationSeconds
        self.durationNanoseconds = durationNanoseconds
        self.priority = priority
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.flags = flags
        self.cookie = cookie
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.match = match
        self.instructions = instructions
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        let lengthField = writer.reserveU16()
        writer.writeU8(tableID)
        writer.writeZeros(1)
        writer.writeU32(durationSeconds)
        writer.writeU32(durationNanoseconds)
        writer.writeU16(priority)
        writer.writeU16(idleTimeout)
        writer.writeU16(hardTimeout)
        writer.writeU16(flags.rawValue)
        writer.writeZeros(4)
        writer.writeU64(cookie)
        writer.writeU64(packetCount)
        writer.writeU64(byteCount)
        try match.encode(to: &writer)
        try writer.write(instructions)
        try writer.patchLength(at: lengthField, from: start, what: "flow_stats")
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        try reader.skip(2, "flow_stats.length")
        tableID = try reader.readU8("flow_stats.table_id")
        try reader.skip(1, "flow_stats.pad")
        durationSeconds = try reader.readU32("flow_stats.duration_sec")
        durationNanoseconds = try reader.readU32("flow_stats.duration_nsec")
        priority = try reader.readU16("flow_stats.priority")
        idleTimeout = try reader.readU16("flow_stats.idle_timeout")
        hardTimeout = try reader.readU16("flow_stats.hard_timeout")
        flags = FlowMod.Flags(rawValue: try reader.readU16("flow_stats.flags"))
        try reader.skip(4, "flow_stats.pad2")
        cookie = try reader.readU64("flow_stats.cookie")
        packetCount = try reader.readU64("flow_stats.packet_count")
        byteCount = try reader.readU64("flow_stats.byte_count")
        match = try Match(reader: &reader, field: "flow_stats.match")
        instructions = try reader.readList(Instruction.self, "flow_stats.instructions", lengthOffset: 2, minimum: 8)
    }
}
