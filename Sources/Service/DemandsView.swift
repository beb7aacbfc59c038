import Foundation
import Hummingbird
import Optimizer

/// Body of `GET` and `PUT /v1/demands`: the declared demands, the newest measured matrix, both side by
/// side per aggregate, the policy re-optimization uses, and (on request) older measured samples.
struct DemandsView: ResponseEncodable {
    static let maximumHistory = 1000

    /// `nil` without re-optimization (no demands and no measured basis configured).
    var policy: DemandPolicy?
    var declared: [DeclaredDemand]
    var measured: MatrixSnapshot?
    var aggregates: DemandComparison
    /// Older samples, newest first (`?history=N`); absent unless asked for.
    var history: [MatrixSnapshot]?

    init(engine: ServiceEngine, reoptimizer: Reoptimizer?, history count: Int) async throws(APIError) {
        let declared = try engine.declaredDemands()
        let measured = try engine.latestMatrix()
        policy = reoptimizer?.demandPolicy
        self.declared = declared.map(DeclaredDemand.init)
        self.measured = measured
        aggregates = DemandComparison(declared: declared, measured: measured, topology: try engine.latestTopology().topology)
        history = count > 0 ? try engine.matrixHistory(since: .distantPast, limit: count) : nil
    }

    enum CodingKeys: String, CodingKey {
        case basis
        case growthMargin = "growth_margin"
        case moveThreshold = "move_threshold"
        case declared, measured, aggregates, history
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(policy?.basis, forKey: .basis)
        try container.encode(policy?.growthMargin, forKey: .growthMargin)
        try container.encode(policy?.moveThreshold, forKey: .moveThreshold)
        try container.encode(declared, forKey: .declared)
        try container.encode(measured, forKey: .measured)
        try container.encode(aggregates, forKey: .aggregates)
        try container.encodeIfPresent(history, forKey: .history)
    }
}
