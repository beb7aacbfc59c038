/// The body of `OFPT_FLOW_MOD`: add, modify or delete flow entries.
///
/// Defaults follow common controller practice: no buffer, `out_port`/`out_group` wildcards,
/// priority `0x8000`, no timeouts. For deletes, `outPort`/`outGroup` filter on output, and
/// `cookie` + `cookieMask` select entries by cookie (Weft's way of removing an old allocation version).
public struct FlowMod: Hashable, Sendable {
    public var cookie: UInt64
    /// Bits of ``cookie`` that must match for modify/delete (0 = any cookie).
    public var cookieMask: UInt64
    /// Table to change; `OpenFlowID.allTables` for deletes in every table.
    public var tableID: UInt8
    public var command: Command
    /// Seconds without traffic before expiry (0 = never).
    public var idleTimeout: UInt16
    /// Seconds before expiry regardless of traffic (0 = never).
    public var hardTimeout: UInt16
    public var priority: UInt16
    public var bufferID: UInt32
    public var outPort: UInt32
    public var outGroup: UInt32
    public var flags: Flags
    public var match: Match
    public var instructions: [Instruction]

    /// `OFPFC_*`.
    public enum Command: UInt8, Hashable, Sendable {
        case add = 0
        case modify = 1
        case modifyStrict = 2
        case delete = 3
        case deleteStrict = 4
    }

    /// `OFPFF_*` flow-mod flags.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// Send `OFPT_FLOW_REMOVED` when the entry expires or is deleted.
        public static let sendFlowRemoved = Flags(rawValue: 1 << 0)
        public static let checkOverlap = Flags(rawValue: 1 << 1)
        public static let resetCounts = Flags(rawValue: 1 << 2)
        public static let noPacketCounts = Flags(rawValue: 1 << 3)
        public static let noByteCounts = Flags(rawValue: 1 << 4)
    }

    /// `OFP_DEFAULT_PRIORITY`.
    public static let defaultPriority: UInt16 = 0x8000

    public init(command: Command = .add, tableID: UInt8 = 0, priority: UInt16 = FlowMod.defaultPriority,
                match: Match = Match(), instructions: [Instruction] = [], cookie: UInt64 = 0, cookieMask: UInt64 = 0,
                idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0, flags: Flags = [],
                bufferID: UInt32 = OpenFlowID.noBuffer, outPort: UInt32 = OpenFlowPort.any,
                outGroup: UInt32 = OpenFlowID.anyGroup) {
        self.cookie = cookie
        self.cookieMask = cookieMask
        self.tableID = tableID
        self.command = command
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.priority = priority
        self.bufferID = bufferID
        self.outPort = outPort
        self.outGroup = outGroup
        self.flags = flags
        self.match = match
        self.instructions = instructions
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU64(cookie)
        writer.writeU64(cookieMask)
        writer.writeU8(tableID)
        writer.writeU8(command.rawValue)
        writer.writeU16(idleTimeout)
        writer.writeU16(hardTimeout)
        writer.writeU16(priority)
        writer.writeU32(bufferID)
        writer.writeU32(outPort)
        writer.writeU32(outGroup)
        writer.writeU16(flags.rawValue)
        writer.writeZeros(2)
        try match.encode(to: &writer)
        try writer.write(instructions)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        cookie = try reader.readU64("flow_mod.cookie")
        cookieMask = try reader.readU64("flow_mod.cookie_mask")
        tableID = try reader.readU8("flow_mod.table_id")
        command = try reader.readEnum(Command.self, "flow_mod.command", expected: "an OFPFC_* command")
        idleTimeout = try reader.readU16("flow_mod.idle_timeout")
        hardTimeout = try reader.readU16("flow_mod.hard_timeout")
        priority = try reader.readU16("flow_mod.priority")
        bufferID = try reader.readU32("flow_mod.buffer_id")
        outPort = try reader.readU32("flow_mod.out_port")
        outGroup = try reader.readU32("flow_mod.out_group")
        flags = Flags(rawValue: try reader.readU16("flow_mod.flags"))
        try reader.skip(2, "flow_mod.pad")
        match = try Match(reader: &reader, field: "flow_mod.match")
        instructions = try reader.readList(Instruction.self, "flow_mod.instructions", lengthOffset: 2, minimum: 8)
    }
}
