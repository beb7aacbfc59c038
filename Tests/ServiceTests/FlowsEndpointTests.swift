import FlowCompiler
import Testing
import Topology

@testable import Service

/// `GET /v1/flows` without the embedded controller: the shortest-path program compiled on the latest
/// topology, the same as `weft flows` prints.
@Suite("GET /v1/flows")
struct FlowsEndpointTests {
    @Test("one switch's entries equal the compiler's program for it; an unknown switch is a 404 naming it")
    func oneSwitch() async throws {
        let topology = Fabrics.spineLeaf()
        let expected = try FlowCompiler().compile(RoutingPlan.shortestPaths(in: topology, version: 1), for: topology)
        try await ServiceFixture.with(topology: topology) { fixture in
            try await fixture.serve { api in
                let response = try await api.send(.get, "/v1/flows?switch=leaf1")
                #expect(response.status == .ok)
                let body = try response.decode(FlowsResponse.self)
                #expect(body.source == "compiled" && body.version == 1)
                #expect(body.switches == [SwitchProgramListing(try #require(expected.switches["leaf1"]))])
                let all = try await api.send(.get, "/v1/flows").decode(FlowsResponse.self)
                #expect(all.switches.map(\.switchName) == topology.switches.map(\.name).sorted())
                let missing = try await api.send(.get, "/v1/flows?switch=leaf9")
                #expect(missing.status == .notFound)
                #expect(try missing.apiError().field == "switch")
            }
        }
    }
}
