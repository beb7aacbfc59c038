/// The body of an `OFPMP_FLOW` request (`ofp_flow_stats_request`): which flow entries to report.
/// The defaults ask for every entry in every table.
public struct FlowStatsRequest: Hashable, Sendable {
    public var tableID: UInt8
    public var outPort: UInt32
    public var outGroup: UInt32
    public var cookie: UInt64
    public var cookieMask: UInt64
    public var match: Match

    public init(tableID: UInt8 = OpenFlowID.allTables, outPort: UInt32 = OpenFlowPort.any,
                outGroup: UInt32 = OpenFlowID.anyGroup, cookie: UInt64 = 0, cookieMask: UInt64 = 0, match: Match = Match()) {
        self.tableID = tableID
        self.outPort = outPort
        self.outGroup = outGroup
        self.cookie = cookie
        self.cookieMask = cookieMask
        self.match = match
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU8(tableID)
        writer.writeZeros(3)
        writer.writeU32(outPort)
        writer.writeU32(outGroup)
        writer.writeZeros(4)
        writer.writeU64(cookie)
        writer.writeU64(cookieMask)
        try match.encode(to: &writer)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        tableID = try reader.readU8("flow_stats_request.table_id")
        try reader.skip(3, "flow_stats_request.pad")
        outPort = try reader.readU32("flow_stats_request.out_port")
        outGroup = try reader.readU32("flow_stats_request.out_group")
        try reader.skip(4, "flow_stats_request.pad2")
        cookie = try reader.readU64("flow_stats_request.cookie")
        cookieMask = try reader.readU64("flow_stats_request.cookie_mask")
        match = try Match(reader: &reader, field: "flow_stats_request.match")
    }
}
