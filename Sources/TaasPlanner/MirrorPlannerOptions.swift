/// Knobs of mirror placement.
public struct MirrorPlannerOptions: Hashable, Sendable, Codable {
    /// Largest share of any link's capacity mirror copies may use, even when more is idle (default 10%).
    public var mirrorCapFraction: Double
    /// Frame size assumed when sizing truncated copies and the source measured no packets, in bytes.
    public var assumedMeanPacketBytes: Double
    /// Candidate mirror paths per tap flow: the k shortest (every leaf → spine → leaf path of a fabric
    /// with up to k spines, and detours on a WAN).
    public var maxCandidatePaths: Int

    public init(mirrorCapFraction: Double = 0.1, assumedMeanPacketBytes: Double = 1000, maxCandidatePaths: Int = 16) {
        self.mirrorCapFraction = mirrorCapFraction
        self.assumedMeanPacketBytes = assumedMeanPacketBytes
        self.maxCandidatePaths = maxCandidatePaths
    }

    /// What is wrong with the options, each naming the field.
    public func problems() -> [TapError] {
        var found: [TapError] = []
        if !(mirrorCapFraction > 0 && mirrorCapFraction <= 1) {
            found.append(.invalidField(field: "mirror_cap", value: "\(mirrorCapFraction)", reason: "must be a fraction in (0, 1]"))
        }
        if !(assumedMeanPacketBytes >= 64 && assumedMeanPacketBytes.isFinite) {
            found.append(.invalidField(field: "mean_packet_bytes", value: "\(assumedMeanPacketBytes)", reason: "must be at least 64"))
        }
        if maxCandidatePaths < 1 { found.append(.invalidField(field: "max_candidate_paths", value: "\(maxCandidatePaths)", reason: "must be at least 1")) }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case mirrorCapFraction = "mirror_cap"
        case assumedMeanPacketBytes = "mean_packet_bytes"
        case maxCandidatePaths = "max_candidate_paths"
    }
}
