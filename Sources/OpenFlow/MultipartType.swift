/// `OFPMP_*` multipart (statistics) types this codec models.
public enum MultipartType: UInt16, Hashable, Sendable {
    case flow = 1
    case portStats = 4
    case group = 6
    case groupDescription = 7
    case meter = 9
    case portDescription = 13

    /// Writes the `type`, `flags` (`OFPMPF_*_MORE` in bit 0) and padding that start every multipart
    /// request and reply body.
    func writeHeader(moreFollows: Bool, to writer: inout WireWriter) {
        writer.writeU16(rawValue)
        writer.writeU16(moreFollows ? 1 : 0)
        writer.writeZeros(4)
    }

    /// Reads that header; `kind` is `multipart_request` or `multipart_reply`.
    static func readHeader(_ reader: inout WireReader, kind: String) throws(OpenFlowError) -> (type: MultipartType, moreFollows: Bool) {
        let position = reader.offset
        let raw = try reader.readU16(kind + ".type")
        guard let type = MultipartType(rawValue: raw) else {
            throw .unsupportedMultipartType(reader.context(kind + ".type", at: position), type: raw)
        }
        let moreFollows = try reader.readU16(kind + ".flags") & 1 == 1
        try reader.skip(4, kind + ".pad")
        return (type, moreFollows)
    }
}
