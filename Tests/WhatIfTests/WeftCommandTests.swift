import Foundation
import Optimizer
import TaasPlanner
import Testing
import Topology
import TopologyFormats
import WeftTestSupport
@testable import WhatIf

/// The built `weft` binary: `whatif` writes its reports or names every problem, and a report's
/// step agrees with `weft optimize --json` run on that step's topology and demands.
@Suite(.serialized) struct WeftCommandTests {
    /// `weft` run in the package root, where the shipped scenarios' relative paths resolve.
    func weft(_ arguments: [String]) throws -> WeftProcess.Outcome {
        try WeftProcess(directory: ShippedScenarios.packageRoot).run(arguments)
    }

    func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-whatif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func whatifWritesBothReportsAndSaysWhere() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try weft(["whatif", "scenarios/wan-abilene-link-cut.yaml", "--output", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(directory.appendingPathComponent("report.html").path))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.html").path))
        let json = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        let report = try ReportWriter().decode(json)
        #expect(report.steps.count == 4)
        #expect(run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("step ") }.count == 4)
    }

    /// `--demand-basis` and `--growth-margin` choose among a store's demands: without `--db`, or with a
    /// basis or margin that means nothing, `weft whatif` refuses before reading anything, naming the option.
    @Test(arguments: [
        (["--demand-basis", "measured"], "--demand-basis and --growth-margin choose among a store's demands: they need --db"),
        (["--growth-margin", "1.5"], "--demand-basis and --growth-margin choose among a store's demands: they need --db"),
        (["--db", "fabric.sqlite", "--demand-basis", "newest"], "--demand-basis 'newest': expected declared, measured, larger"),
        (["--db", "fabric.sqlite", "--growth-margin", "0"], "--growth-margin '0.0': must be a positive number"),
    ])
    func demandBasisOptionsAreCheckedBeforeAnythingIsRead(options: [String], message: String) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try weft(["whatif", "scenarios/live/spine2-fails-now.yaml", "--output", directory.path] + options)
        #expect(run.status != 0)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "a refused run wrote a report")
    }

    @Test func badScenarioExitsOneWithOneLinePerProblem() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try """
        name: bad
        topology: {generate: spine-leaf, spines: 2, leaves: 2}
        demands: [{generate: uniform, class: default, per_pair: 1G}]
        events:
          - label: typo
            actions:
              - fail_switch: spine7
              - fail_link: leaf1<->leaf2
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try weft(["whatif", file.path, "--output", directory.appendingPathComponent("out").path])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("error: \(file.path):7: events[0].actions[0].fail_switch: unknown switch 'spine7'"))
        #expect(lines[1].hasPrefix("error: \(file.path):8: events[0].actions[1].fail_link: no link 'leaf1<->leaf2'"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test func reportStepMatchesWeftOptimizeJSON() throws {
        let prepared = try ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent("spine-failure-under-load.yaml").path)
        let report = try ScenarioRunner().run(prepared)
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        for index in [0, 2] {
            let topologyFile = directory.appendingPathComponent("step\(index).json")
            try JSONEncoder().encode(prepared.states[index].topology).write(to: topologyFile)
            let demandFile = directory.appendingPathComponent("step\(index).csv")
            let rows = prepared.demands(atStep: index).map { "\($0.source),\($0.destination),\(String(format: "%.17g", $0.rateBps)),\($0.qosClass.name),\($0.id)" }
            try (["src,dst,rate_bps,class,id"] + rows).joined(separator: "\n").write(to: demandFile, atomically: true, encoding: .utf8)
            let classFile = directory.appendingPathComponent("classes.yaml")
            try ("classes:\n" + prepared.scenario.classes.map { "  - {name: \($0.name), weight: \($0.qosClass.weight), priority: \($0.qosClass.priority)}" }.joined(separator: "\n"))
                .write(to: classFile, atomically: true, encoding: .utf8)
            let run = try weft(["optimize", "--topology", topologyFile.path, "--demands", demandFile.path, "--classes", classFile.path,
                                "--objective", prepared.scenario.objective.rawValue, "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            let printed = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let step = report.steps[index]
            #expect(close(step.servedBps, try #require(printed["total_throughput_bps"] as? Double)))
            #expect(close(step.mlu, try #require(printed["mlu"] as? Double)))
            #expect(close(step.solver.objectiveValue, try #require(printed["objective_value"] as? Double)))
            let perClass = try #require(printed["per_class"] as? [[String: Any]])
            for line in perClass {
                let name = try #require(line["class"] as? String)
                let outcome = try #require(step.classes.first { $0.name == name })
                #expect(close(outcome.servedBps, try #require(line["served_bps"] as? Double)), "step \(index) class \(name)")
            }
        }
    }

    /// A small WAN file with the usual defects: A–B twice, a self-loop on C, D hanging on a `speed`
    /// edge, E on no edge at all.
    static func wanFile(speedOfCToD: String) -> String {
        let nodes = ["A", "B", "C", "D", "E"].enumerated().map { "<node id=\"\($0)\"><data key=\"l\">\($1)</data></node>" }
        let edges = [(0, 1, "10000000000"), (0, 1, "10000000000"), (1, 2, "10000000000"), (2, 2, "10000000000"), (2, 3, speedOfCToD)]
            .map { "<edge source=\"\($0)\" target=\"\($1)\"><data key=\"s\">\($2)</data></edge>" }
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key attr.name="label" attr.type="string" for="node" id="l"/>
            <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="s"/>
            <graph edgedefault="undirected">
            \((nodes + edges).joined(separator: "\n"))
            </graph>
            </graphml>
            """
    }

    @Test func mincutAllOnAWANFileWithDuplicateEdgesASelfLoopAndAnIsolatedNodeSaysEach() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("defects.graphml")
        try Self.wanFile(speedOfCToD: "1000000000").write(to: file, atomically: true, encoding: .utf8)
        let run = try weft(["mincut", "--all", "--topology", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("self-loop skipped"), "\(run.stderr)")
        #expect(run.stdout.contains("note: parallel-cables: 1 node pair(s) joined by parallel cables, capacities added: A–B (2 cables)"), "\(run.stdout)")
        #expect(run.stdout.contains("note: disconnected: the usable graph has 2 separate parts (sizes 4, 1); the min-cut between nodes in different parts is 0; isolated: E"), "\(run.stdout)")
        #expect(run.stdout.contains("4 of 10 pairs are disconnected (min-cut 0)"), "\(run.stdout)")
    }

    @Test func mincutAllRefusesAZeroSpeedEdgeInAWANFileNamingItsLine() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("zero.graphml")
        try Self.wanFile(speedOfCToD: "0").write(to: file, atomically: true, encoding: .utf8)
        let run = try weft(["mincut", "--all", "--topology", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("zero.graphml:15"), "\(run.stderr)")
        #expect(run.stderr.contains("LinkSpeedRaw '0' is not a positive number of bit/s"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    static let liveScenario = """
        name: live-spine1-fails
        description: What if spine1 fails now?
        topology: store
        classes:
          - {name: gold, weight: 4, priority: 0}
          - {name: bronze, weight: 1, priority: 2}
        demands:
          - {from: declared}
        events:
          - label: spine1 fails
            actions:
              - fail_switch: spine1

        """

    @Test func whatifWithDbStartsFromTheStoredTopologyAndDeclaredDemands() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("live.sqlite").path
        #expect(try weft(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--hosts-per-leaf", "2", "--db", database]).status == 0)
        let demands = directory.appendingPathComponent("d.csv")
        try "src,dst,rate_bps,class\nh1-1,h2-1,1G,gold\nh1-2,h3-1,500M,bronze\n".write(to: demands, atomically: true, encoding: .utf8)
        #expect(try weft(["demands", "import", demands.path, "--db", database]).status == 0)
        let scenario = directory.appendingPathComponent("live.yaml")
        try Self.liveScenario.write(to: scenario, atomically: true, encoding: .utf8)

        let run = try weft(["whatif", scenario.path, "--db", database, "--output", directory.appendingPathComponent("report").path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try ReportWriter().decode(try Data(contentsOf: directory.appendingPathComponent("report/report.json")))
        #expect(report.steps.map(\.offeredBps) == [1.5e9, 1.5e9])
        #expect(report.steps.last?.failedSwitches == ["spine1"])

        let withoutDb = try weft(["whatif", scenario.path, "--output", directory.appendingPathComponent("other").path])
        #expect(withoutDb.status == 1)
        #expect(withoutDb.stderr.contains("--db"), "\(withoutDb.stderr)")
    }

    @Test func aMissingDatabaseIsOneLineNamingTheScenarioTheFieldAndThePath() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("live.yaml")
        try Self.liveScenario.write(to: scenario, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("absent.sqlite").path
        let run = try weft(["whatif", scenario.path, "--db", database, "--output", directory.appendingPathComponent("report").path])
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(scenario.path): topology: --db \(database): no such database\n")
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report").path))
    }
}

/// `from: measured` takes the store's newest measured matrix as leaf-to-leaf demands of the scenario's classes.
@Suite struct LiveScenarioTests {
    @Test func measuredDemandsComeFromTheLiveState() throws {
        let topology = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()
        let yaml = WeftCommandTests.liveScenario.replacingOccurrences(of: "{from: declared}", with: "{from: measured}")
        let scenario = try ScenarioLoader().parse(yaml: yaml, file: "live.yaml", baseDirectory: "/tmp")
        let live = LiveState(location: "test.sqlite", topology: topology, topologyVersion: 3, declared: [],
                             measured: [Demand(id: "measured:leaf1->leaf3/gold", source: "leaf1", destination: "leaf3", rateBps: 7e6,
                                               qosClass: QoSClass(name: "gold", weight: 1, priority: 9))],
                             measuredAt: Date())
        let prepared = try PreparedScenario(scenario, file: "live.yaml", live: live)
        #expect(prepared.demands.map(\.rateBps) == [7e6])
        #expect(prepared.demands.first?.qosClass.weight == 4)
        #expect(prepared.topologyNotes.first == "baseline: topology version 3 of test.sqlite (the scenario's topology is not used)")
        let unknown = LiveState(location: "t", topology: topology, topologyVersion: 1, declared: [],
                                measured: [Demand(id: "m", source: "leaf1", destination: "leaf2", rateBps: 1e6, qosClass: QoSClass(name: "silver", weight: 2, priority: 1))],
                                measuredAt: Date())
        #expect(throws: LocatedError.self) { try PreparedScenario(scenario, file: "live.yaml", live: unknown) }
    }

    @Test func reservationsFromTheStoreLowerEveryStepsMinCuts() throws {
        // 2 spines × 3 leaves, 100G uplinks: leaf pairs 200G. 60G reserved on leaf1 → spine2 leaves that
        // cable 40G, so leaf1's pairs fall to 140G (40G once spine1 fails, where the rest have 100G).
        let topology = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()
        let scenario = try ScenarioLoader().parse(yaml: WeftCommandTests.liveScenario, file: "live.yaml", baseDirectory: "/tmp")
        let uplink = try #require(topology.links.first { $0.source.node == "leaf1" && $0.target.node == "spine2" })
        let demand = Demand(id: "d", source: "h1-1", destination: "h2-1", rateBps: 1e9, qosClass: QoSClass(name: "gold", weight: 4, priority: 0))
        func minCuts(_ reservations: CapacityReservations?) throws -> [MinCutOutcome] {
            let live = LiveState(location: "test.sqlite", topology: topology, topologyVersion: 1, declared: [demand], measured: [],
                                 measuredAt: nil, heldCapacity: reservations ?? CapacityReservations(byResource: [:]),
                                 minCutMinusReservations: reservations != nil)
            let report = try ScenarioRunner().run(try PreparedScenario(scenario, file: "live.yaml", live: live))
            return try report.steps.map { try #require($0.minCuts) }
        }
        let full = try minCuts(nil)
        #expect(full.map(\.lowestBps) == [200e9, 100e9])
        let left = try minCuts(CapacityReservations(byResource: [uplink.name: 60e9]))
        #expect(left.map(\.lowestBps) == [140e9, 40e9])
        #expect(left.map(\.highestBps) == [200e9, 100e9])
        #expect(left.allSatisfy { $0.notes.contains { $0.hasPrefix("reserved: capacities minus path reservations: 1 link(s) hold 60 Gbit/s") } })
    }

    @Test func aStepThatFailsTheSpineATapsCopiesCrossNamesTheTapFlow() throws {
        let topology = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()
        let gold = QoSClass(name: "gold", weight: 4, priority: 0)
        let demand = Demand(id: "web", source: "h1-1", destination: "h2-1", rateBps: 1e9, qosClass: gold)
        var taps = TapCatalog()
        let context = TapContext(topology: topology, demandEndpoints: [(demand.source, demand.destination)])
        let service = try taps.createService(TapService(id: "s1", name: "ids", tenant: "default", port: .host("h3-2")), in: context)
        try taps.createFlow(TapFlow(id: "f1", name: "tap-h1-1", tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .both), in: context)
        let live = LiveState(location: "test.sqlite", topology: topology, topologyVersion: 2, declared: [demand], measured: [], measuredAt: nil, taps: taps)
        func run(failing spine: String) throws -> WhatIfReport {
            let yaml = WeftCommandTests.liveScenario.replacingOccurrences(of: "spine1", with: spine)
            let scenario = try ScenarioLoader().parse(yaml: yaml, file: "live.yaml", baseDirectory: "/tmp")
            return try ScenarioRunner().run(try PreparedScenario(scenario, file: "live.yaml", live: live))
        }
        let crossed = try #require(try run(failing: "spine1").steps[0].mirrors?.flows.first?.path.first { $0.hasPrefix("spine") })
        let report = try run(failing: crossed)
        #expect(report.steps[0].impacts.isEmpty)
        let impact = try #require(report.steps[1].impacts.first)
        #expect(impact.kind == .tapFlow)
        #expect(impact.name == "tap-h1-1")
        #expect(impact.message.contains("its copies crossed \(crossed) (failed); now via leaf1 › "), "\(impact.message)")
        let rerouted = try #require(report.steps[1].mirrors?.flows.first)
        #expect(!rerouted.path.contains(crossed))
        #expect(rerouted.mirroredBps == 1e9)
    }

    @Test func theShippedLiveScenarioTakesTheStoresDemandsWhenItNamesNone() throws {
        let topology = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()
        let file = ShippedScenarios.directory.appendingPathComponent("live/spine2-fails-now.yaml").path
        let scenario = try ScenarioLoader().load(file: file)
        #expect(scenario.classes.map(\.qosClass) == [.gold, .silver, .bronze])
        let stored = Demand(id: "web", source: "h1-1", destination: "h2-1", rateBps: 2e9, qosClass: QoSClass(name: "gold", weight: 1, priority: 9))
        let live = LiveState(location: "fabric.sqlite", topology: topology, topologyVersion: 4, declared: [], measured: [], measuredAt: nil,
                             storeDemands: LiveState.StoreDemands(basis: "declared", demands: [stored], description: "1 declared demand, 2 Gbit/s"))
        let report = try ScenarioRunner().run(try PreparedScenario(scenario, file: file, live: live))
        #expect(report.steps.map(\.offeredBps) == [2e9, 2e9])
        #expect(report.steps.last?.failedSwitches == ["spine2"])
        #expect(report.live?.demandSources == ["demands: --demand-basis declared: 1 declared demand, 2 Gbit/s"])
        #expect(throws: LocatedError.self) { try PreparedScenario(scenario, file: file) }
    }
}
