/// `OFPGT_*`: how a group uses its buckets.
public enum GroupType: UInt8, Hashable, Sendable {
    /// Every bucket gets a copy (multicast, mirroring).
    case all = 0
    /// One bucket per flow, chosen by the switch using bucket weights (multipath).
    case select = 1
    /// Exactly one bucket.
    case indirect = 2
    /// The first live bucket, by watch port/group.
    case fastFailover = 3

    init(reader: inout WireReader, field: String) throws(OpenFlowError) {
        let position = reader.offset
        let raw = try reader.readU8(field)
        guard let type = GroupType(rawValue: raw) else {
            throw .badValue(reader.context(field, at: position), value: UInt64(raw), reason: "not an OFPGT_* group type")
        }
        self = type
    }
}
