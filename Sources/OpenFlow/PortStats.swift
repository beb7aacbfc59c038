/// Counters of one port (`ofp_port_stats`, 112 bytes), from an `OFPMP_PORT_STATS` reply.
/// Counters a switch does not support are all-ones (`UInt64.max`).
public struct PortStats: Hashable, Sendable, WireCodable {
    static let size = 112

    public var portNumber: UInt32
    public var rxPackets: UInt64
    public var txPackets: UInt64
    public var rxBytes: UInt64
    public var txBytes: UInt64
    public var rxDropped: UInt64
    public var txDropped: UInt64
    public var rxErrors: UInt64
    public var txErrors: UInt64
    public var rxFrameErrors: UInt64
    public var rxOverrunErrors: UInt64
    public var rxCRCErrors: UInt64
    public var collisions: UInt64
    /// Time the port has been alive.
    public var durationSeconds: UInt32
    public var durationNanoseconds: UInt32

    public init(portNumber: UInt32, rxPackets: UInt64 = 0, txPackets: UInt64 = 0, rxBytes: UInt64 = 0,
                txBytes: UInt64 = 0, rxDropped: UInt64 = 0, txDropped: UInt64 = 0, rxErrors: UInt64 = 0,
                txErrors: UInt64 = 0, rxFrameErrors: UInt64 = 0, rxOverrunErrors: UInt64 = 0, rxCRCErrors: UInt64 = 0,
                collisions: UInt64 = 0, durationSeconds: UInt32 = 0, durationNanoseconds: UInt32 = 0) {
        self.portNumber = portNumber
        self.rxPackets = rxPackets
        self.txPackets = txPackets
        self.rxBytes = rxBytes
        self.txBytes = txBytes
        self.rxDropped = rxDropped
        self.txDropped = txDropped
        self.rxErrors = rxErrors
        self.txErrors = txErrors
        self.rxFrameErrors = rxFrameErrors
        self.rxOverrunErrors = rxOverrunErrors
        self.rxCRCErrors = rxCRCErrors
        self.collisions = collisions
        self.durationSeconds = durationSeconds
        self.durationNanoseconds = durationNanoseconds
    }

    private var counters: [UInt64] {
        [rxPackets, txPackets, rxBytes, txBytes, rxDropped, txDropped, rxErrors, txErrors, rxFrameErrors,
         rxOverrunErrors, rxCRCErrors, collisions]
    }

    func encode(to writer: inout WireWriter) {
        writer.writeU32(portNumber)
        writer.writeZeros(4)
        for counter in counters {
            writer.writeU64(counter)
        }
        writer.writeU32(durationSeconds)
        writer.writeU32(durationNanoseconds)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        portNumber = try reader.readU32("port_stats.port_no")
        try reader.skip(4, "port_stats.pad")
        rxPackets = try reader.readU64("port_stats.rx_packets")
        txPackets = try reader.readU64("port_stats.tx_packets")
        rxBytes = try reader.readU64("port_stats.rx_bytes")
        txBytes = try reader.readU64("port_stats.tx_bytes")
        rxDropped = try reader.readU64("port_stats.rx_dropped")
        txDropped = try reader.readU64("port_stats.tx_dropped")
        rxErrors = try reader.readU64("port_stats.rx_errors")
        txErrors = try reader.readU64("port_stats.tx_errors")
        rxFrameErrors = try reader.readU64("port_stats.rx_frame_err")
        rxOverrunErrors = try reader.readU64("port_stats.rx_over_err")
        rxCRCErrors = try reader.readU64("port_stats.rx_crc_err")
        collisions = try reader.readU64("port_stats.collisions")
        durationSeconds = try reader.readU32("port_stats.duration_sec")
        durationNanoseconds = try reader.readU32("port_stats.duration_nsec")
    }
}
