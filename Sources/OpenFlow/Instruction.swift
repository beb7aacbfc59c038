/// An OpenFlow 1.3 instruction (`ofp_instruction_*`) of a flow entry.
public enum Instruction: Hashable, Sendable {
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
            try Action.encodeList(actions, to: &writer)
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
        let start = reader.offset
        let type = try reader.readU16("instruction.type")
        let length = Int(try reader.readU16("instruction.len"))
        func expectLength(_ expected: Int) throws(OpenFlowError) {
            guard length == expected else {
                throw .badLength(reader.context("instruction.len", at: start + 2), length: length,
                                 reason: "instruction type \(type) is \(expected) bytes")
            }
        }
        switch type {
        case 1:
            try expectLength(8)
            let table = try reader.readU8("instruction.goto_table.table_id")
            try reader.skip(3, "instruction.goto_table.pad")
            self = .gotoTable(table)
        case 2:
            try expectLength(24)
            try reader.skip(4, "instruction.write_metadata.pad")
            let value = try reader.readU64("instruction.write_metadata.metadata")
            let mask = try reader.readU64("instruction.write_metadata.metadata_mask")
            self = .writeMetadata(value, mask: mask)
        case 3, 4:
            try reader.skip(4, "instruction.actions.pad")
            let actions = try Action.decodeList(&reader, field: "instruction.actions")
            self = type == 3 ? .writeActions(actions) : .applyActions(actions)
        case 5:
            try expectLength(8)
            try reader.skip(4, "instruction.clear_actions.pad")
            self = .clearActions
        case 6:
            try expectLength(8)
            self = .meter(try reader.readU32("instruction.meter.meter_id"))
        case 0xffff:
            let id = try reader.readU32("instruction.experimenter.experimenter")
            self = .experimenter(id: id, data: reader.readRest())
        default:
            throw .unknownInstructionType(reader.context("instruction.type", at: start), type: type)
        }
    }

    /// Decodes an instruction list that fills `reader` exactly; every length must be a non-zero multiple of 8.
    static func decodeList(_ reader: inout WireReader, field: String) throws(OpenFlowError) -> [Instruction] {
        try reader.readList(field, lengthOffset: 2, minimum: 8, multipleOf8: true) { (sub: inout WireReader) throws(OpenFlowError) in
            try Instruction(reader: &sub)
        }
    }

    static func encodeList(_ instructions: [Instruction], to writer: inout WireWriter) throws(OpenFlowError) {
        for instruction in instructions {
            try instruction.encode(to: &writer)
        }
    }
}
