import Foundation

/// Which demand matrix a re-optimization solved (part of its ``ReoptimizationDecision``): the basis,
/// and for measured demand the stored snapshot, its time and the growth margin applied.
public struct DemandMatrix: Hashable, Sendable, Codable {
    public var basis: DemandPolicy.Basis
    /// The `serve_matrix_snapshot` row used; `nil` when no measured matrix was used.
    public var snapshotID: Int?
    /// When that snapshot was sampled.
    public var sampledAt: Date?
    public var growthMargin: Double?
    /// Aggregates in the measured snapshot.
    public var measuredAggregates: Int?
    /// Aggregates whose solved rate is above their declared total (or that were not declared).
    public var raisedAggregates: Int?
    /// Sum of the solved demands, in bit/s.
    public var totalBps: Double
    public var note: String?
    /// Seconds from the snapshot's sampling to the decision (solve and, when applied, installation on
    /// every switch included): how old the measurement was when its allocation took effect.
    public var sampleAgeSeconds: Double?

    /// What a decision solved: `basis`, the measured snapshot used (if any), and the resulting total.
    public init(basis: DemandPolicy.Basis, snapshotID: Int? = nil, sampledAt: Date? = nil, growthMargin: Double? = nil,
                measuredAggregates: Int? = nil, raisedAggregates: Int? = nil, totalBps: Double, note: String?) {
        self.basis = basis
        self.snapshotID = snapshotID
        self.sampledAt = sampledAt
        self.growthMargin = growthMargin
        self.measuredAggregates = measuredAggregates
        self.raisedAggregates = raisedAggregates
        self.totalBps = totalBps
        self.note = note
    }

    /// `declared`, or `measured snapshot #12 (…) × 1.1`, for logs and triggers.
    public var summary: String {
        guard let snapshotID else { return basis == .declared ? "declared" : "\(basis.rawValue) (fell back to declared)" }
        let margin = growthMargin.map { $0 == 1 ? "" : String(format: " × %.2f", $0) } ?? ""
        return "\(basis.rawValue): measured snapshot #\(snapshotID)\(margin)"
    }

    enum CodingKeys: String, CodingKey {
        case basis
        case snapshotID = "snapshot_id"
        case sampledAt = "sampled_at"
        case growthMargin = "growth_margin"
        case measuredAggregates = "measured_aggregates"
        case raisedAggregates = "raised_aggregates"
        case totalBps = "total_bps"
        case note
        case sampleAgeSeconds = "sample_age_seconds"
    }
}
