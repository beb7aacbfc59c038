/// A meter band (`ofp_meter_band_*`): what happens to traffic above `rate`.
///
/// Rates are in kbit/s or packets/s depending on the meter's flags; `burstSize` is in kilobits or
/// packets and is used only when the meter has the `burst` flag.
public enum MeterBand: Hashable, Sendable, WireCodable {
    /// Drop packets above the rate.
    case drop(rate: UInt32, burstSize: UInt32 = 0)
    /// Raise the drop precedence of the DSCP field by `precedenceLevel` above the rate.
    case dscpRemark(rate: UInt32, burstSize: UInt32 = 0, precedenceLevel: UInt8)
    /// An experimenter band: `data` follows the experimenter id.
    case experimenter(rate: UInt32, burstSize: UInt32 = 0, id: UInt32, data: [UInt8] = [])

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        let start = writer.count
        switch self {
        case .drop(let rate, let burstSize):
            writer.writeU16(1)
            let lengthField = writer.reserveU16()
            writer.writeU32(rate)
            writer.writeU32(burstSize)
            writer.writeZeros(4)
            try writer.patchLength(at: lengthField, from: start, what: "meter band")
        case .dscpRemark(let rate, let burstSize, let precedenceLevel):
            writer.writeU16(2)
            let lengthField = writer.reserveU16()
            writer.writeU32(rate)
            writer.writeU32(burstSize)
            writer.writeU8(precedenceLevel)
            writer.writeZeros(3)
            try writer.patchLength(at: lengthField, from: start, what: "meter band")
        case .experimenter(let rate, let burstSize, let id, let data):
            writer.writeU16(0xffff)
            let lengthField = writer.reserveU16()
            writer.writeU32(rate)
            writer.writeU32(burstSize)
            writer.writeU32(id)
            writer.writeBytes(data)
            writer.padTo8(from: start)
            try writer.patchLength(at: lengthField, from: start, what: "meter band")
        }
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let header = try TLVHeader(reader: &reader, kind: "meter_band")
        let rate = try reader.readU32("meter_band.rate")
        let burstSize = try reader.readU32("meter_band.burst_size")
        switch header.type {
        case 1, 2:
            try header.expectLength(16, reader)
            let precedence = try reader.readU8("meter_band.prec_level")
            try reader.skip(3, "meter_band.pad")
            self = header.type == 1 ? .drop(rate: rate, burstSize: burstSize)
                : .dscpRemark(rate: rate, burstSize: burstSize, precedenceLevel: precedence)
        case 0xffff:
            let id = try reader.readU32("meter_band.experimenter")
            self = .experimenter(rate: rate, burstSize: burstSize, id: id, data: reader.readRest())
        default:
            throw .badValue(reader.context("meter_band.type", at: header.start), value: UInt64(header.type), reason: "not an OFPMBT_* band type")
        }
    }
}
