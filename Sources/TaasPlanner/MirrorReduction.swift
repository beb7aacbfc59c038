/// How a tap flow's copies are reduced to their placed rate.
public enum MirrorReduction: String, Hashable, Sendable, Codable {
    /// Full copies; a meter at the first copy-only entry still polices bursts above the placed rate.
    case none
    /// Full copies leave the source switch; the meter on the first copy-only entry (the next switch)
    /// cuts them to the placed rate.
    case meter
    /// The first hop cannot carry full copies: a select group at the source copies into a bucket
    /// weighted by the sampling fraction and drops the rest (OVS picks the bucket by a per-flow hash,
    /// so whole transport flows are copied or skipped), then the meter polices as above.
    case sampleAtSource = "sample-at-source"
}
