/// `OFPMP_*` multipart (statistics) types this codec models.
public enum MultipartType: UInt16, Hashable, Sendable {
    case flow = 1
    case portStats = 4
    case groupDescription = 7
    case meter = 9
    case portDescription = 13

    init(reader: inout WireReader, field: String) throws(OpenFlowError) {
        let position = reader.offset
        let raw = try reader.readU16(field)
        guard let type = MultipartType(rawValue: raw) else {
            throw .unsupportedMultipartType(reader.context(field, at: position), type: raw)
        }
        self = type
    }
}
