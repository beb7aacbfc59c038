import Testing
@testable import Optimizer
import TopologyFormats

@Suite("Class file: DSCP classification and pinned senders")
struct QoSClassCatalogTests {
    private func problems(_ yaml: String) -> [LocatedProblem] {
        do {
            _ = try QoSClassCatalog.parseYAML(yaml, file: "classes.yaml")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func dscpSelectsTheClassThatNamesIt() throws {
        let catalog = try QoSClassCatalog.parseYAML("""
            classes:
              - {name: gold, weight: 4, priority: 0, dscp: [46, 34]}
              - {name: silver, weight: 2, priority: 1, dscp: [26]}
            """, file: "classes.yaml")
        #expect(catalog.named("gold")?.dscp == [34, 46])
        #expect(catalog.classifying(dscp: 34)?.name == "gold")
        #expect(catalog.classifying(dscp: 26)?.name == "silver")
    }

    @Test func unmatchedDSCPFallsToTheLowestTenantClassNotMirror() {
        let catalog = QoSClassCatalog.defaults
        #expect(catalog.defaultClass == .bronze)
        #expect(catalog.classifying(dscp: 0) == .bronze)
        #expect(catalog.classifying(dscp: 63) == .bronze)
        #expect(catalog.classifying(dscp: 46) == .gold)
    }

    @Test func dscpOutsideZeroToSixtyThreeIsRejectedWithLineAndField() {
        let found = problems("classes:\n  - {name: gold, weight: 4, priority: 0, dscp: [46, 64]}\n  - {name: x, weight: 1, priority: 5, dscp: [-1]}\n")
        #expect(found.map(\.field) == ["dscp", "dscp"])
        #expect(found.map(\.line) == [2, 3])
        #expect(found.first?.message.contains("'64' must be an integer from 0 to 63") == true)
    }

    @Test func theSameDSCPInTwoClassesIsRejected() {
        let found = problems("classes:\n  - {name: gold, weight: 4, priority: 0, dscp: [46]}\n  - {name: silver, weight: 2, priority: 1, dscp: [46]}\n")
        #expect(found.count == 1)
        #expect(found.first?.field == "dscp")
        #expect(found.first?.message == "DSCP 46 selects two classes, 'gold' and 'silver'")
    }

    @Test func aDSCPTakenByABuiltInClassIsRejectedAndSaysSo() {
        let found = problems("classes:\n  - {name: platinum, weight: 8, priority: 0, dscp: [46]}\n")
        #expect(found.first?.message == "DSCP 46 selects two classes, 'gold' and 'platinum' (built-in; redefine it to change its DSCP)")
    }

    @Test func hostsAndTenantsArePinnedAndAHostPinWins() throws {
        let catalog = try QoSClassCatalog.parseYAML("""
            classes:
              - {name: gold, weight: 4, priority: 0, dscp: [46], hosts: [db1]}
              - {name: silver, weight: 2, priority: 1, dscp: [26], tenants: [acme]}
            """, file: "classes.yaml")
        #expect(catalog.pinnedClass(host: "db1", tenant: "acme")?.name == "gold")
        #expect(catalog.pinnedClass(host: "web1", tenant: "acme")?.name == "silver")
        #expect(catalog.pinnedClass(host: "web1", tenant: "other") == nil)
    }

    @Test func aHostPinnedToTwoClassesIsRejected() {
        let found = problems("classes:\n  - {name: gold, weight: 4, priority: 0, hosts: [h1]}\n  - {name: silver, weight: 2, priority: 1, hosts: [h1]}\n")
        #expect(found.map(\.field) == ["hosts"])
        #expect(found.first?.message == "'h1' is pinned to both 'gold' and 'silver'")
    }
}
