import Hummingbird
import Optimizer

/// `/v1/optimize` and `/v1/allocations/latest`: run the optimizer now, and what is applied.
struct AllocationRoutes {
    let reoptimizer: Reoptimizer?

    func add(to router: Router<APIRequestContext>) {
        router.post("/v1/optimize") { _, _ in
            let reoptimizer = try required()
            let decision = try await reoptimizer.run(trigger: "api")
            return AllocationStatus(decision: decision, allocation: await reoptimizer.appliedAllocation)
        }
        router.get("/v1/allocations/latest") { _, _ in
            let reoptimizer = try required()
            guard let decision = await reoptimizer.latest else {
                throw APIError(.notFound, code: "not_found", message: "no re-optimization has run yet (POST /v1/optimize runs one)")
            }
            return AllocationStatus(decision: decision, allocation: await reoptimizer.appliedAllocation)
        }
    }

    private func required() throws(APIError) -> Reoptimizer {
        guard let reoptimizer else {
            throw APIError.conflict("no_demands", "weft serve was started without --demands; there is nothing to optimize")
        }
        return reoptimizer
    }
}

/// Body of `POST /v1/optimize` and `GET /v1/allocations/latest`.
struct AllocationStatus: ResponseEncodable {
    var decision: ReoptimizationDecision
    /// The allocation in force after the decision (`null` before any was applied).
    var allocation: Allocation?

    enum CodingKeys: String, CodingKey {
        case decision, allocation
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decision, forKey: .decision)
        try container.encode(allocation, forKey: .allocation)
    }
}
