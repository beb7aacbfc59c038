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
}
