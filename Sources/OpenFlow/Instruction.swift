/// An OpenFlow 1.3 instruction (`ofp_instruction_*`) of a flow entry.
public enum Instruction: Hashable, Sendable, WireCodable {
    /// Continue processing in table `id` (must be greater than the current table).
    case gotoTable(UInt8)
    case writeMetadata(UInt64, mask: UInt64)
    /// Merge these actions into the packet's action set.
    case writeActions([Action])
    /// Apply these actions now, in order.
    case applyActions([Action])
    /// Empty the packet's action set.
    case clearActions
    /// Police the flow with meter `id`.
    case meter(UInt32)
    /// An experimenter instruction: `data` is everything after the experimenter id.
    case experimenter(id: UInt32, data: [UInt8])

    /// The `OFPIT_*` number.
    public var typeCode: UInt16 {
        switch self {
        case .gotoTable: 1
        case .writeMetadata: 2
        case .writeActions: 3
        case .applyActions: 4
        case .clearActions: 5
        case .meter: 6
        case .experimenter: 0xffff
        }
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        writer.writeU16(typeCode)
        let lengthField = writer.reserveU16()
        switch self {
        case .gotoTable(let table):
            writer.writeU8(table)
            writer.writeZeros(3)
        case .writeMetadata(let value, let mask):
            writer.writeZeros(4)
            writer.writeU64(value)
            writer.writeU64(mask)
        case .writeActions(let actions), .applyActions(let actions):
            writer.writeZeros(4)
            try writer.write(actions)
        case .clearActions:
            writer.writeZeros(4)
        case .meter(let id):
            writer.writeU32(id)
        case .experimenter(let id, let data):
            writer.writeU32(id)
            writer.writeBytes(data)
            writer.padTo8(from: start)
        }
        try writer.patchLength(at: lengthField, from: start, what: "instruction")
    }

    /// Decodes one instruction from a reader holding exactly that instruction.
    init(reader: inout WireReader) throws(OpenFlowError) {
        let header = try TLVHeader(reader: &reader, kind: "instruction")
        switch header.type {
        case 1:
            try header.expectLength(8, reader)
            let table = try reader.readU8("instruction.goto_table.table_id")
            try reader.skip(3, "instruction.goto_table.pad")
            self = .gotoTable(table)
        case 2:
            try header.expectLength(24, reader)
            try reader.skip(4, "instruction.write_metadata.pad")
            let value = try reader.readU64("instruction.write_metadata.metadata")
            let mask = try reader.readU64("instruction.write_metadata.metadata_mask")
            self = .writeMetadata(value, mask: mask)
        case 3, 4:
            try reader.skip(4, "instruction.actions.pad")
            let actions = try reader.readList(Action.self, "instruction.actions", lengthOffset: 2, minimum: 8)
            self = header.type == 3 ? .writeActions(actions) : .applyActions(actions)
        case 5:
            try header.expectLength(8, reader)
            try reader.skip(4, "instruction.clear_actions.pad")
            self = .clearActions
        case 6:
            try header.expectLength(8, reader)
            self = .meter(try reader.readU32("instruction.meter.meter_id"))
        case 0xffff:
            let id = try reader.readU32("instruction.experimenter.experimenter")
            self = .experimenter(id: id, data: reader.readRest())
        default:
            throw .unknownInstructionType(reader.context("instruction.type", at: header.start), type: header.type)
        }
    }
}
