/// Reserved buffer, group, meter and table ids of OpenFlow 1.3 (`OFP_NO_BUFFER`, `OFPG_*`, `OFPM_*`, `OFPTT_*`).
public enum OpenFlowID {
    /// `OFP_NO_BUFFER`: the packet is not buffered on the switch (PACKET_IN/OUT, FLOW_MOD buffer id).
    public static let noBuffer: UInt32 = 0xffff_ffff
    /// `OFPG_ANY`: any group, as `out_group` wildcard or fast-failover `watch_group`.
    public static let anyGroup: UInt32 = 0xffff_ffff
    /// `OFPG_ALL`: all groups, for group delete.
    public static let allGroups: UInt32 = 0xffff_fffc
    /// `OFPM_ALL`: all meters, for meter delete and meter statistics requests.
    public static let allMeters: UInt32 = 0xffff_ffff
    /// `OFPTT_ALL`: all tables, for flow delete and flow statistics requests.
    public static let allTables: UInt8 = 0xff
}
