import Controller
import Foundation
import Hummingbird
import Optimizer
import Testing
import Topology

@testable import Service

/// The JSON of records the API serves and the store keeps, pinned byte for byte as the API, the
/// store (`serve_decision`, `reservation`) and errors sent below the router encode them (`WireJSON`:
/// sorted keys, ISO 8601 dates). Their keys are not all the snake_case
/// of the property names (`src`, `class`, `mlu`), some hold acronyms (`snapshot_id` for `snapshotID`,
/// which `.convertFromSnakeCase` would read as `snapshotId`) and absent values are written as `null`:
/// any change of coder must leave these strings as they are.
@Suite struct WireFormatTests {
    static let sampledAt = Date(timeIntervalSince1970: 1_764_460_800)

    static func json(_ value: some Encodable) throws -> String {
        try WireJSON.text(value)
    }

    @Test func aMeasuredMatrixEntryKeepsItsKeys() throws {
        let entry = TrafficMatrixMeter.Entry(source: "leaf1", destination: "leaf2", className: "gold", rateBps: 4.85e6, smoothedBps: 4.5e6,
                                             sampledAt: Self.sampledAt, windowSeconds: 2)
        #expect(try Self.json(entry) == #"{"class":"gold","dst":"leaf2","rate_bps":4850000,"sampled_at":"2025-11-30T00:00:00Z","smoothed_bps":4500000,"src":"leaf1","window_seconds":2}"#)
    }

    @Test func aDeclaredDemandKeepsItsKeysAndReadsBack() throws {
        let demand = DeclaredDemand(Demand(source: "h1-1", destination: "h2-1", rateBps: 2e9, qosClass: .gold))
        let text = try Self.json(demand)
        #expect(text == #"{"class":"gold","dst":"h2-1","id":"h1-1->h2-1\/gold","rate_bps":2000000000,"src":"h1-1"}"#)
        #expect(try JSONDecoder().decode(DeclaredDemand.self, from: Data(text.utf8)) == demand)
    }

    @Test func aReoptimizationDecisionKeepsItsKeysAndWritesAbsentValuesAsNull() throws {
        let decision = ReoptimizationDecision(
            id: 7, decidedAt: Self.sampledAt, trigger: "matrix moved", topologyVersion: 3, objective: .maxWeightedThroughput, applied: true,
            reason: "better", improvement: nil, minImprovement: 0.01, violations: [],
            churn: .init(pathsChanged: 2, pathsDeferred: 0, maxPathChanges: nil, boundExceeded: false, rulesChanged: 12),
            candidate: AllocationScore(weightedThroughput: 8e9, maxLinkUtilization: 0.5), held: nil, solveSeconds: 0.001,
            demandMatrix: DemandMatrix(basis: .measured, snapshotID: 12, sampledAt: Self.sampledAt, growthMargin: 1.25, totalBps: 6e6, note: nil))
        let text = try Self.json(decision)
        #expect(text == #"{"applied":true,"candidate":{"mlu":0.5,"weighted_throughput_bps":8000000000},"churn":{"bound_exceeded":false,"max_path_changes":null,"paths_changed":2,"paths_deferred":0,"rules_changed":12},"decided_at":"2025-11-30T00:00:00Z","demand_matrix":{"basis":"measured","growth_margin":1.25,"sampled_at":"2025-11-30T00:00:00Z","snapshot_id":12,"total_bps":6000000},"held":null,"id":7,"improvement":null,"min_improvement":0.01,"objective":"max-weighted-throughput","reason":"better","solve_seconds":0.001,"topology_version":3,"trigger":"matrix moved","violations":[]}"#)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(ReoptimizationDecision.self, from: Data(text.utf8)) == decision)
    }

    @Test func aReservationsStoredConstraintsAndPathsKeepTheirKeys() throws {
        let constraints = PathConstraints(excludeLinks: ["leaf1:5->spine2:1"], disjointPaths: 2)
        #expect(try Self.json(constraints) == #"{"disjoint_paths":2,"exclude_links":["leaf1:5->spine2:1"],"exclude_nodes":[]}"#)
        let path = ReservedPath(role: .primary, hops: [PathHop(switchName: "leaf1", datapathID: DatapathID(0x101), inPort: 3, outPort: nil)],
                                links: ["leaf1:1->spine1:1"], reservedBps: 1e9, latencySeconds: 0.0005)
        #expect(try Self.json([path]) == #"[{"hops":[{"datapath_id":"0000000000000101","in_port":3,"out_port":null,"switch":"leaf1"}],"latency_s":0.0005,"links":["leaf1:1->spine1:1"],"reserved_bps":1000000000,"role":"primary"}]"#)
    }

    @Test func anErrorSentBelowTheRouterKeepsItsKeysAndWritesAnAbsentFieldAsNull() {
        let body = APIError(.requestTimeout, code: "request_timeout", message: "headers took too long").jsonBody()
        #expect(String(buffer: body) == #"{"error":{"code":"request_timeout","field":null,"message":"headers took too long"}}"#)
    }
}
