import Testing
import Topology
@testable import WhatIf
import TopologyFormats

@Suite struct ScenarioLoaderTests {
    static let valid = """
    name: demo
    description: a small fabric losing a spine
    topology: {generate: spine-leaf, spines: 2, leaves: 3, hosts_per_leaf: 2, uplink: 100G, downlink: 25G}
    classes:
      - {name: gold, weight: 4, priority: 0}
      - {name: bronze, weight: 1, priority: 2}
    demands:
      - {generate: uniform, class: gold, per_pair: 5G, seed: 7}
      - {generate: gravity, class: bronze, total: 300G}
    objective: min-mlu
    options: {headroom: 0.1, mirror_cap: 0.2}
    events:
      - label: spine1 fails
        actions:
          - fail_switch: spine1
      - label: bronze doubles
        actions:
          - scale_demand: {class: bronze, factor: 2}
          - set_capacity: {link: leaf1<->spine2, capacity: 40G}
    """

    func parse(_ text: String) throws(LocatedError) -> Scenario {
        try ScenarioLoader().parse(yaml: text, file: "test.yaml", baseDirectory: "/tmp")
    }

    func problems(_ text: String) -> [LocatedProblem] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func readsEverySectionOfAValidScenario() throws {
        let scenario = try parse(Self.valid)
        #expect(scenario.name == "demo")
        #expect(scenario.topology == .spineLeaf(SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 100e9, downlinkBps: 25e9)))
        #expect(scenario.classes.map(\.name) == ["gold", "bronze"])
        #expect(scenario.demands.count == 2)
        #expect(scenario.demands[0].source == .generated(DemandGeneratorSpec(model: .uniform, volume: .perPairBps(5e9), seed: 7)))
        #expect(scenario.objective == .minMLU)
        #expect(scenario.options.headroom == 0.1)
        #expect(scenario.options.mirrorCap == 0.2)
        #expect(scenario.events.map(\.label) == ["spine1 fails", "bronze doubles"])
        #expect(scenario.events[1].actions.map(\.kind) == [
            .scaleDemand(className: "bronze", factor: 2),
            .setCapacity(.between("leaf1", "spine2"), bps: 40e9),
        ])
    }

    @Test func actionsRememberTheirLineAndField() throws {
        let scenario = try parse(Self.valid)
        let action = scenario.events[0].actions[0]
        #expect(action.location == FieldLocation(line: 15, field: "events[0].actions[0].fail_switch"))
    }

    @Test func relativeFilesResolveAgainstTheScenarioDirectory() throws {
        let scenario = try ScenarioLoader().parse(
            yaml: "name: x\ntopology: {file: topologies/abilene.graphml}\ndemands: [{file: ../d.csv}]",
            file: "s.yaml", baseDirectory: "/srv/weft/scenarios")
        #expect(scenario.topology == .file("/srv/weft/scenarios/topologies/abilene.graphml", defaultCapacityBps: 10e9))
        #expect(scenario.demands[0].source == .file("/srv/weft/d.csv"))
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        let found = problems("name: x\ntopology: {generate: spine-leaf\ndemands: []\n")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.message.contains("malformed YAML") == true)
    }

    @Test func unknownFieldNamesTheFieldAndLine() {
        let found = problems(Self.valid.replacingOccurrences(of: "options: {headroom: 0.1", with: "options: {headrom: 0.1"))
        #expect(found.map(\.location) == [FieldLocation(line: 11, field: "options.headrom")])
        #expect(found.first?.message.contains("unknown field 'headrom'") == true)
    }

    @Test func missingRequiredFieldIsNamed() {
        let found = problems("name: x\ndemands: []\n")
        #expect(found.map(\.location.field) == ["topology"])
        #expect(found.first?.message == "missing required field 'topology'")
    }

    @Test func wrongTypeNamesTheFieldAndValue() {
        let found = problems(Self.valid.replacingOccurrences(of: "spines: 2", with: "spines: two"))
        #expect(found.map(\.location) == [FieldLocation(line: 3, field: "topology.spines")])
        #expect(found.first?.message.contains("'two'") == true)
    }

    @Test func badRateIsExplained() {
        let found = problems(Self.valid.replacingOccurrences(of: "per_pair: 5G", with: "per_pair: 5GB"))
        #expect(found.map(\.location) == [FieldLocation(line: 8, field: "demands[0].per_pair")])
        #expect(found.first?.message.contains("is not a rate") == true)
    }

    @Test func unknownActionNamesTheEventAndIndex() {
        let found = problems(Self.valid.replacingOccurrences(of: "- fail_switch: spine1", with: "- explode_switch: spine1"))
        #expect(found.map(\.location) == [FieldLocation(line: 15, field: "events[0].actions[0].explode_switch")])
    }

    @Test func malformedLinkSelectorIsRejected() {
        let found = problems(Self.valid.replacingOccurrences(of: "link: leaf1<->spine2", with: "link: leaf1-spine2"))
        #expect(found.map(\.location.field) == ["events[1].actions[1].set_capacity.link"])
        #expect(found.first?.location.line == 19)
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let text = Self.valid
            .replacingOccurrences(of: "objective: min-mlu", with: "objective: fastest")
            .replacingOccurrences(of: "factor: 2", with: "factor: -2")
            .replacingOccurrences(of: "weight: 4", with: "weight: heavy")
        let found = problems(text)
        #expect(found.map(\.location.field) == ["classes[0].weight", "objective", "events[1].actions[0].scale_demand.factor"])
    }

    @Test func duplicateClassIsRejected() {
        let found = problems(Self.valid.replacingOccurrences(of: "{name: bronze, weight: 1", with: "{name: gold, weight: 1"))
        #expect(found.map(\.location) == [FieldLocation(line: 6, field: "classes[1].name")])
    }

    @Test func errorLinesNameFileLineAndField() {
        let error = LocatedError(file: "s.yaml", problems: [LocatedProblem("unknown switch 'spine9'", at: FieldLocation(line: 12, field: "events[0].actions[0].fail_switch"))])
        #expect(error.problems.map(\.description) == ["s.yaml:12: events[0].actions[0].fail_switch: unknown switch 'spine9'"])
    }
}
