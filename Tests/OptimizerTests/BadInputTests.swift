import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct BadInputTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 1, uplinkBps: 100e9, downlinkBps: 25e9).generate()

    private func problems(_ demands: [Demand], options: OptimizerOptions = OptimizerOptions()) -> [DemandProblem] {
        do {
            _ = try TrafficOptimizer(topology: fabric).optimize(demands, options: options)
            return []
        } catch {
            if case .invalidDemands(let problems) = error { return problems }
            return []
        }
    }

    @Test func unknownNodesNameTheDemandAndField() {
        let found = problems([Demand(id: "d1", source: "leaf9", destination: "h2-1", rateBps: 1e9),
                              Demand(id: "d2", source: "leaf1", destination: "ghost", rateBps: 1e9)])
        #expect(found.map(\.demandID) == ["d1", "d2"])
        #expect(found.map(\.field) == ["src", "dst"])
        #expect(found[0].message.contains("unknown node 'leaf9'"))
    }

    @Test func negativeAndNonFiniteRatesAreRejected() {
        let found = problems([Demand(id: "neg", source: "leaf1", destination: "leaf2", rateBps: -1),
                              Demand(id: "nan", source: "leaf1", destination: "leaf2", rateBps: .nan),
                              Demand(id: "inf", source: "leaf1", destination: "leaf2", rateBps: .infinity)])
        #expect(found.map(\.field) == ["rate_bps", "rate_bps", "rate_bps"])
    }

    @Test func classesNeedAPositiveWeight() {
        let found = problems([Demand(id: "zero", source: "leaf1", destination: "leaf2", rateBps: 1, qosClass: QoSClass(name: "x", weight: 0, priority: 0))])
        #expect(found.map(\.field) == ["class"])
    }

    @Test func duplicateIDsAndSelfLoopsAreRejected() {
        let found = problems([Demand(id: "d", source: "leaf1", destination: "leaf2", rateBps: 1),
                              Demand(id: "d", source: "leaf1", destination: "leaf1", rateBps: 1)])
        #expect(found.map(\.field) == ["id", "dst"])
    }

    @Test func unknownClassInAFileIsRejectedWithItsLine() {
        #expect {
            try DemandFile.parseCSV("src,dst,rate_bps,class\nleaf1,leaf2,1G,diamond\n", file: "x.csv")
        } throws: { error in
            (error as? LocatedError)?.problems.first?.description.hasPrefix("x.csv:2: class: unknown class 'diamond'") ?? false
        }
    }

    @Test func optimizerProblemsMapBackToFileLines() throws {
        let file = try DemandFile.parseCSV("src,dst,rate_bps\nleaf1,leaf2,1G\nleaf1,nowhere,1G\n", file: "d.csv")
        let found = problems(file.demands)
        #expect(file.locate(found).problems.map(\.description) == ["d.csv:3: dst: unknown node 'nowhere' (not a host or switch of topology 'spine-leaf-2x3')"])
    }

    @Test func disconnectedPairIsServedZeroWithAReason() throws {
        var broken = fabric
        for index in broken.links.indices where broken.links[index].source.node == "leaf3" {
            broken.links[index].isUp = false
        }
        let demands = [Demand(id: "cut", source: "leaf3", destination: "leaf1", rateBps: 1e9), Demand(id: "ok", source: "leaf1", destination: "leaf2", rateBps: 1e9)]
        let allocation = try TrafficOptimizer(topology: broken).optimize(demands)
        #expect(allocation.demands[0].servedFraction == 0)
        #expect(allocation.demands[0].shortfall?.kind == .disconnected)
        #expect(allocation.demands[0].reason == "no path of up links from leaf3 to leaf1")
        #expect(allocation.demands[1].servedFraction == 1)
    }

    @Test func hostPortSpeedBoundsItsDemands() throws {
        let demands = [Demand(id: "a", source: "h1-1", destination: "h2-1", rateBps: 20e9),
                       Demand(id: "b", source: "h1-1", destination: "h3-1", rateBps: 20e9, qosClass: .gold)]
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands)
        #expect(abs(allocation.totalThroughputBps - 25e9) < 1)
        #expect(allocation.demands[1].servedBps == 20e9)
        #expect(allocation.demands[0].shortfall?.kind == .accessLimited)
        #expect(allocation.demands[0].reason?.contains("host h1-1 port leaf1:1") == true)
    }

    @Test func zeroRateDemandIsFullyServed() throws {
        let allocation = try TrafficOptimizer(topology: fabric).optimize([Demand(source: "leaf1", destination: "leaf2", rateBps: 0)])
        #expect(allocation.demands[0].servedFraction == 1)
        #expect(allocation.demands[0].shortfall == nil)
    }

    @Test func headroomMustBeBelowOne() {
        #expect(throws: OptimizerError.invalidOption(name: "headroom", message: "1.0 must be at least 0 and below 1")) {
            try TrafficOptimizer(topology: fabric).optimize([], options: OptimizerOptions(headroom: 1))
        }
    }

    @Test func spineLeafPathSpaceNeedsLeafEndpoints() {
        #expect(throws: OptimizerError.self) {
            try TrafficOptimizer(topology: fabric).optimize([Demand(source: "spine1", destination: "leaf2", rateBps: 1)],
                                                            options: OptimizerOptions(pathSpace: .spineLeaf))
        }
    }

    @Test func spineEndpointsFallBackToSimplePaths() throws {
        let allocation = try TrafficOptimizer(topology: fabric).optimize([Demand(source: "spine1", destination: "leaf2", rateBps: 1e9)])
        #expect(allocation.servedFraction == 1)
    }

    @Test func priorityMaxMinCannotBeExported() {
        #expect(throws: OptimizerError.self) {
            try TrafficOptimizer(topology: fabric).exportModel([], options: OptimizerOptions(objective: .priorityMaxMin), to: "/tmp/never.lp")
        }
    }

    @Test func emptyDemandSetGivesAnEmptyOptimalAllocation() throws {
        let allocation = try TrafficOptimizer(topology: fabric).optimize([])
        #expect(allocation.totalThroughputBps == 0)
        #expect(allocation.servedFraction == 1)
        #expect(allocation.solverStatus == .optimal)
    }
}
