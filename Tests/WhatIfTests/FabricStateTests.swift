import Testing
import Topology
@testable import WhatIf
import TopologyFormats

@Suite struct FabricStateTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()

    func state() -> FabricState {
        FabricState(topology: fabric, classNames: ["gold", "bronze"])
    }

    func action(_ kind: ScenarioAction.Kind, line: Int = 9) -> ScenarioAction {
        ScenarioAction(kind, at: FieldLocation(line: line, field: "events[0].actions[0]"))
    }

    @Test func failingACableTakesBothDirectionsDown() {
        var state = state()
        #expect(state.apply(action(.failLink(.between("leaf1", "spine2")))).isEmpty)
        #expect(state.failedLinks == ["leaf1:4->spine2:1", "spine2:1->leaf1:4"])
        #expect(state.topology.links.filter { !$0.isUp }.count == 2)
    }

    @Test func failingOneDirectedLinkLeavesTheOtherUp() {
        var state = state()
        #expect(state.apply(action(.failLink(.named("leaf1:4->spine2:1")))).isEmpty)
        #expect(state.failedLinks == ["leaf1:4->spine2:1"])
    }

    @Test func failingASwitchTakesEveryIncidentLinkDown() {
        var state = state()
        state.apply(action(.failSwitch("spine1")))
        #expect(state.failedSwitches == ["spine1"])
        #expect(state.failedLinks.count == 6)
        #expect(state.topology.neighbours(of: "leaf2") == ["spine2"])
    }

    @Test func drainingASpineMarksItsLinksDrainedNotFailed() {
        var state = state()
        state.apply(action(.drainSpine("spine2")))
        #expect(state.drainedSwitches == ["spine2"])
        #expect(state.drainedLinks.count == 6)
        #expect(state.failedLinks.isEmpty)
    }

    @Test func drainingALeafIsRefused() {
        var state = state()
        let problems = state.apply(action(.drainSpine("leaf1")))
        #expect(problems.map(\.message) == ["'leaf1' is a leaf, not a spine; use fail_switch to take it down"])
        #expect(state.drainedSwitches.isEmpty)
    }

    @Test func setCapacityChangesBothDirections() {
        var state = state()
        state.apply(action(.setCapacity(.between("leaf3", "spine1"), bps: 40e9)))
        let changed = state.topology.links.filter { $0.capacityBps == 40e9 }.map(\.name).sorted()
        #expect(changed == ["leaf3:3->spine1:3", "spine1:3->leaf3:3"])
    }

    @Test func demandScalingAccumulates() {
        var state = state()
        state.apply(action(.scaleDemand(className: "gold", factor: 2)))
        state.apply(action(.scaleDemand(className: "gold", factor: 1.5)))
        #expect(state.scale(of: "gold") == 3)
        #expect(state.scale(of: "bronze") == 1)
    }

    @Test func unknownNamesAreProblemsAtTheActionsLocation() {
        var state = state()
        let cases: [(ScenarioAction.Kind, String)] = [
            (.failSwitch("spine9"), "unknown switch 'spine9'"),
            (.failLink(.between("leaf1", "leaf2")), "no link 'leaf1<->leaf2'"),
            (.failLink(.named("leaf1:9->spine1:1")), "no link 'leaf1:9->spine1:1'"),
            (.setCapacity(.between("leaf1", "spine7"), bps: 1e9), "unknown switch 'spine7'"),
            (.scaleDemand(className: "platinum", factor: 2), "unknown class 'platinum'"),
        ]
        for (kind, expected) in cases {
            let problems = state.apply(action(kind, line: 42))
            #expect(problems.count == 1)
            #expect(problems.first?.location.line == 42)
            #expect(problems.first?.message.hasPrefix(expected) == true, "\(problems)")
        }
        #expect(state.topology == fabric)
    }

    @Test func tapsNeedKnownHostsAndServices() {
        var state = state()
        let location = FieldLocation(line: 3, field: "taps.flows[0]")
        let spec = TapsSpec(
            services: [TapServiceSpec(name: "ids", destinationHost: "h3-2", location: location)],
            flows: [
                TapFlowSpec(name: "a", service: "ids", sourceHost: "h1-1", direction: .both, location: location),
                TapFlowSpec(name: "b", service: "nope", sourceHost: "h1-2", direction: .both, location: location),
                TapFlowSpec(name: "c", service: "ids", sourceHost: "h9-9", direction: .in, location: location),
                TapFlowSpec(name: "d", service: "ids", sourceHost: "h3-2", direction: .out, location: location),
            ]
        )
        let problems = state.apply(action(.addTaps(spec)))
        #expect(problems.map(\.message) == [
            "tap flow 'b' names unknown tap service 'nope'",
            "tap flow 'c' names unknown source host 'h9-9'",
            "tap flow 'd': port 'h3-2' is the destination of tap service 'ids' (ids) and cannot also be one of its sources",
        ])
        #expect(state.taps.flows.map(\.name) == ["a"])
    }

    @Test func aMonitorPortCarryingTenantTrafficIsRefused() {
        var state = FabricState(topology: fabric, classNames: [], demandEndpoints: [(source: "h1-1", destination: "h3-2")])
        let location = FieldLocation(line: 3, field: "taps.services[0]")
        let problems = state.apply(action(.addTaps(TapsSpec(services: [TapServiceSpec(name: "ids", destinationHost: "h3-2", location: location)]))))
        #expect(problems.map(\.location) == [location])
        #expect(problems.first?.message.contains("carries tenant traffic") == true)
    }

    @Test func crossTenantTapIsRefusedNamingBothTenants() {
        var state = FabricState(topology: SpineLeafGenerator(spines: 1, leaves: 2, hostsPerLeaf: 2, tenants: 2).generate(), classNames: [])
        let location = FieldLocation(line: 3, field: "taps")
        let problems = state.apply(action(.addTaps(TapsSpec(
            services: [TapServiceSpec(name: "ids", destinationHost: "h2-2", location: location)],
            flows: [TapFlowSpec(name: "x", service: "ids", sourceHost: "h1-1", direction: .both, location: location)]
        ))))
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("tenant 'tenant1'") == true)
        #expect(problems.first?.message.contains("tenant 'tenant2'") == true)
    }
}
