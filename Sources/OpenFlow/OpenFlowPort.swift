/// Reserved port numbers of OpenFlow 1.3 (`OFPP_*`) and the output `max_len` constants (`OFPCML_*`).
public enum OpenFlowPort {
    /// `OFPP_MAX`: the highest number of a physical or logical port.
    public static let max: UInt32 = 0xffff_ff00
    /// `OFPP_IN_PORT`: send the packet back out of its ingress port.
    public static let inPort: UInt32 = 0xffff_fff8
    /// `OFPP_TABLE`: submit a PACKET_OUT packet to the flow tables.
    public static let table: UInt32 = 0xffff_fff9
    /// `OFPP_NORMAL`: the switch's traditional L2/L3 processing.
    public static let normal: UInt32 = 0xffff_fffa
    /// `OFPP_FLOOD`.
    public static let flood: UInt32 = 0xffff_fffb
    /// `OFPP_ALL`: all ports but the ingress port.
    public static let all: UInt32 = 0xffff_fffc
    /// `OFPP_CONTROLLER`.
    public static let controller: UInt32 = 0xffff_fffd
    /// `OFPP_LOCAL`.
    public static let local: UInt32 = 0xffff_fffe
    /// `OFPP_ANY`: wildcard in requests and "no port" in messages.
    public static let any: UInt32 = 0xffff_ffff

    /// `OFPCML_NO_BUFFER`: send the whole packet to the controller and do not buffer it.
    public static let noBufferLength: UInt16 = 0xffff
    /// `OFPCML_MAX`: the largest `max_len` that requests a byte count.
    public static let maxLength: UInt16 = 0xffe5
}
