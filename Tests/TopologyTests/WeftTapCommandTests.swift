import Foundation
import Testing
import WeftTestSupport

/// `weft tap …` run as separate processes against one SQLite file, as operators run it.
@Suite struct WeftTapCommandTests {
    let scratch: ScratchDirectory
    let weft: WeftProcess

    init() throws {
        scratch = try ScratchDirectory()
        weft = WeftProcess(directory: scratch.url)
        let generated = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--hosts-per-leaf", "2", "--tenants", "2"])
        #expect(generated.status == 0, "\(generated.stderr)")
    }

    @Test func servicesAndFlowsAreCreatedListedAndDeletedLikeTaaS() throws {
        let service = try weft.run(["tap", "service", "create", "--name", "ids", "--tenant", "tenant1", "--port", "h3-1", "--json"])
        #expect(service.status == 0, "\(service.stderr)")
        #expect(service.stdout.contains("\"taas_id\" : 3900"))
        let flow = try weft.run(["tap", "flow", "create", "--name", "web", "--tap-service", "ids", "--source-port", "h1-1", "--direction", "both",
                                 "--filter-protocol", "tcp", "--filter-ports", "80,443", "--max-rate", "100M"])
        #expect(flow.status == 0, "\(flow.stderr)")
        let listed = try weft.run(["tap", "flow", "list"])
        #expect(listed.stdout.contains("web") && listed.stdout.contains("tcp:80,443") && listed.stdout.contains("100 Mbit/s"))
        let deleted = try weft.run(["tap", "service", "delete", "ids"])
        #expect(deleted.stdout.hasPrefix("deleted tap service 'ids'") && deleted.stdout.contains("and 1 tap flow"))
        #expect(try weft.run(["tap", "flow", "list", "--json"]).stdout.filter { !$0.isWhitespace } == "[]")
    }

    @Test func aCrossTenantFlowIsRefusedNamingBothTenants() throws {
        #expect(try weft.run(["tap", "service", "create", "--name", "ids", "--tenant", "tenant1", "--port", "h3-1"]).status == 0)
        let refused = try weft.run(["tap", "flow", "create", "--tap-service", "ids", "--source-port", "h1-2", "--direction", "IN"])
        #expect(refused.status == 1)
        #expect(refused.stderrLines.count == 1)
        #expect(refused.stderr.contains("'tenant2'") && refused.stderr.contains("'tenant1'"), "\(refused.stderr)")
    }

    @Test func badOptionsAreReportedOneLineEach() throws {
        let refused = try weft.run(["tap", "flow", "create", "--tap-service", "x", "--source-port", "h1-1", "--direction", "sideways",
                                    "--max-rate", "5X", "--filter-prefix", "1.2.3"])
        #expect(refused.status == 1)
        #expect(refused.stderrLines.count == 3, "\(refused.stderr)")
    }

    @Test func planPrintsThePlacementAndEqualTenantThroughput() throws {
        try "src,dst,rate_bps,class\nh1-1,h2-1,8G,gold\nh2-1,h1-1,6G,silver\n".write(toFile: scratch.path("demands.csv"), atomically: true, encoding: .utf8)
        try """
            tap_services:
              - {name: ids, tenant_id: tenant1, port_id: h3-1}
            tap_flows:
              - {name: a-both, tap_service_id: ids, source_port: h1-1, direction: BOTH}
            """.write(toFile: scratch.path("taps.yaml"), atomically: true, encoding: .utf8)
        let plan = try weft.run(["tap", "plan", "--demands", "demands.csv", "--taps", "taps.yaml"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let lines = plan.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("tap flow") == true)
        #expect(lines.contains { $0.hasPrefix("a-both") && $0.contains("leaf1>") && $0.contains(">leaf3") })
        let without = lines.first { $0.hasPrefix("tenant throughput without taps:") }?.split(separator: ":").last
        let with = lines.first { $0.hasPrefix("tenant throughput with taps:") }?.split(separator: ":").last
        #expect(without != nil && without?.trimmingCharacters(in: .whitespaces) == with?.trimmingCharacters(in: .whitespaces))
    }
}
