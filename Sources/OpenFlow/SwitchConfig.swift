/// The body of `OFPT_GET_CONFIG_REPLY` and `OFPT_SET_CONFIG` (`ofp_switch_config`).
public struct SwitchConfig: Hashable, Sendable {
    /// `OFPC_FRAG_*` handling of IP fragments: 0 normal, 1 drop, 2 reassemble.
    public var flags: UInt16
    /// Bytes of a table-miss packet sent to the controller (`OFPCML_NO_BUFFER` for all).
    public var missSendLength: UInt16

    public init(flags: UInt16 = 0, missSendLength: UInt16 = OpenFlowPort.noBufferLength) {
        self.flags = flags
        self.missSendLength = missSendLength
    }

    func encode(to writer: inout WireWriter) {
        writer.writeU16(flags)
        writer.writeU16(missSendLength)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        flags = try reader.readU16("switch_config.flags")
        missSendLength = try reader.readU16("switch_config.miss_send_len")
    }
}
