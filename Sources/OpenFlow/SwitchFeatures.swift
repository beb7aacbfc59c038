/// The body of `OFPT_FEATURES_REPLY` (`ofp_switch_features`): who the switch is and what it can do.
public struct SwitchFeatures: Hashable, Sendable {
    /// The datapath id (low 48 bits usually the MAC, high 16 implementer-defined).
    public var datapathID: UInt64
    /// Packets the switch can buffer for PACKET_IN.
    public var bufferCount: UInt32
    public var tableCount: UInt8
    /// 0 for the main connection, otherwise the auxiliary connection's id.
    public var auxiliaryID: UInt8
    public var capabilities: Capabilities

    /// `OFPC_*` capability bits.
    public struct Capabilities: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let flowStats = Capabilities(rawValue: 1 << 0)
        public static let tableStats = Capabilities(rawValue: 1 << 1)
        public static let portStats = Capabilities(rawValue: 1 << 2)
        public static let groupStats = Capabilities(rawValue: 1 << 3)
        public static let ipReassembly = Capabilities(rawValue: 1 << 5)
        public static let queueStats = Capabilities(rawValue: 1 << 6)
        public static let portBlocked = Capabilities(rawValue: 1 << 8)
    }

    public init(datapathID: UInt64, bufferCount: UInt32 = 0, tableCount: UInt8 = 254, auxiliaryID: UInt8 = 0,
                capabilities: Capabilities = [.flowStats, .tableStats, .portStats, .groupStats]) {
        self.datapathID = datapathID
        self.bufferCount = bufferCount
        self.tableCount = tableCount
        self.auxiliaryID = auxiliaryID
        self.capabilities = capabilities
    }

    func encode(to writer: inout WireWriter) {
        writer.writeU64(datapathID)
        writer.writeU32(bufferCount)
        writer.writeU8(tableCount)
        writer.writeU8(auxiliaryID)
        writer.writeZeros(2)
        writer.writeU32(capabilities.rawValue)
        writer.writeU32(0)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        datapathID = try reader.readU64("features.datapath_id")
        bufferCount = try reader.readU32("features.n_buffers")
        tableCount = try reader.readU8("features.n_tables")
        auxiliaryID = try reader.readU8("features.auxiliary_id")
        try reader.skip(2, "features.pad")
        capabilities = Capabilities(rawValue: try reader.readU32("features.capabilities"))
        try reader.skip(4, "features.reserved")
    }
}
