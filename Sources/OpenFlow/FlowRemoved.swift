/// The body of `OFPT_FLOW_REMOVED`: a flow entry with `sendFlowRemoved` expired or was deleted.
public struct FlowRemoved: Hashable, Sendable {
    public var cookie: UInt64
    public var priority: UInt16
    public var reason: Reason
    public var tableID: UInt8
    public var durationSeconds: UInt32
    /// Nanoseconds beyond ``durationSeconds``.
    public var durationNanoseconds: UInt32
    public var idleTimeout: UInt16
    public var hardTimeout: UInt16
    public var packetCount: UInt64
    public var byteCount: UInt64
    public var match: Match

    /// `OFPRR_*`.
    public enum Reason: UInt8, Hashable, Sendable {
        case idleTimeout = 0
        case hardTimeout = 1
        case delete = 2
        case groupDelete = 3
    }

    public init(cookie: UInt64, priority: UInt16, reason: Reason, tableID: UInt8, durationSeconds: UInt32 = 0,
                durationNanoseconds: UInt32 = 0, idleTimeout: UInt16 = 0, hardTimeout: UInt16 = 0,
                packetCount: UInt64 = 0, byteCount: UInt64 = 0, match: Match) {
        self.cookie = cookie
        self.priority = priority
        self.reason = reason
        self.tableID = tableID
        self.durationSeconds = durationSeconds
        self.durationNanoseconds = durationNanoseconds
        self.idleTimeout = idleTimeout
        self.hardTimeout = hardTimeout
        self.packetCount = packetCount
        self.byteCount = byteCount
        self.match = match
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU64(cookie)
        writer.writeU16(priority)
        writer.writeU8(reason.rawValue)
        writer.writeU8(tableID)
        writer.writeU32(durationSeconds)
        writer.writeU32(durationNanoseconds)
        writer.writeU16(idleTimeout)
        writer.writeU16(hardTimeout)
        writer.writeU64(packetCount)
        writer.writeU64(byteCount)
        try match.encode(to: &writer)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        cookie = try reader.readU64("flow_removed.cookie")
        priority = try reader.readU16("flow_removed.priority")
        reason = try reader.readEnum(Reason.self, "flow_removed.reason", expected: "an OFPRR_* reason")
        tableID = try reader.readU8("flow_removed.table_id")
        durationSeconds = try reader.readU32("flow_removed.duration_sec")
        durationNanoseconds = try reader.readU32("flow_removed.duration_nsec")
        idleTimeout = try reader.readU16("flow_removed.idle_timeout")
        hardTimeout = try reader.readU16("flow_removed.hard_timeout")
        packetCount = try reader.readU64("flow_removed.packet_count")
        byteCount = try reader.readU64("flow_removed.byte_count")
        match = try Match(reader: &reader, field: "flow_removed.match")
    }
}
