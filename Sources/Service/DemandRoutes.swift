import Controller
import Foundation
import Hummingbird
import Optimizer

/// `/v1/demands`: the declared demands next to the measured traffic matrix, and replacing the declared ones.
struct DemandRoutes {
    let engine: ServiceEngine
    let reoptimizer: Reoptimizer?

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/demands") { request, _ in
            var history = 0
            for (name, value) in request.uri.queryParameters {
                guard name == "history" else {
                    throw APIError.invalidField(String(name), "unknown query parameter '\(name)' (known: history)")
                }
                guard let count = Int(String(value)), (0...DemandsView.maximumHistory).contains(count) else {
                    throw APIError.invalidField("history", "history must be an integer from 0 to \(DemandsView.maximumHistory), got '\(value)'")
                }
                history = count
            }
            return try await DemandsView(engine: engine, reoptimizer: reoptimizer, history: history)
        }
        router.put("/v1/demands") { request, context in
            let body = try await context.requestDecoder.decode(DeclaredDemandsBody.self, from: request, context: context)
            var demands: [Demand] = []
            for (index, declared) in body.demands.enumerated() {
                guard let demand = declared.demand(classes: engine.classes) else {
                    throw APIError.invalidField("demands[\(index)].class",
                                                "demands[\(index)].class: unknown class '\(declared.qosClass)' (known: \(engine.classes.map(\.name).joined(separator: ", ")))")
                }
                demands.append(demand)
            }
            try await engine.declare(demands)
            await reoptimizer?.declare(demands)
            return try await DemandsView(engine: engine, reoptimizer: reoptimizer, history: 0)
        }
    }
}

/// Body of `PUT /v1/demands`.
struct DeclaredDemandsBody: Decodable {
    var demands: [DeclaredDemand]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case demands
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        demands = try decoder.container(keyedBy: CodingKeys.self).decode([DeclaredDemand].self, forKey: .demands)
    }
}
