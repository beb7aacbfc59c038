import Controller
import Foundation
import Optimizer
import TaasPlanner
import Testing
import Topology
import TopologyStore
import WeftTestSupport
import WhatIf

@testable import Service

/// `weft whatif SCENARIO --db DB` on a real SQLite store holding a topology, declared demands, a measured
/// matrix, a tap and a path reservation: every step carries the taps and reservations, the report names
/// the store version and the demand matrix, and a step that fails the reservation's spine says so.
@Suite(.serialized) struct WhatIfLiveStoreTests {
    /// 2 spines × 3 leaves, 10G uplinks and host ports; gold 1G h1-1 → h2-1 and bronze 500M h1-2 → h3-2
    /// declared; leaf1 → leaf3 gold measured at 15G; a tap of h1-1 into a monitor host; 8G reserved
    /// leaf1 → leaf2 (over one spine, which `body` gets as the reservation's primary spine).
    func withLiveStore<T>(measured: Bool = true, kind: StoreKind = .sqlite,
                          _ body: (ServiceFixture, _ reservation: PathReservation, _ spine: String) async throws -> T) async throws -> T {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(), kind: kind) { fixture in
            let topology = Fabrics.spineLeaf()
            try await fixture.engine.declare([
                Demand(id: "web", source: "h1-1", destination: "h2-1", rateBps: 1e9, qosClass: .gold),
                Demand(id: "backup", source: "h1-2", destination: "h3-2", rateBps: 500e6, qosClass: .bronze),
            ])
            if measured {
                let now = Date()
                _ = try await fixture.engine.recordMatrix(MatrixSnapshot(sampledAt: now, entries: [
                    TrafficMatrixMeter.Entry(source: "leaf1", destination: "leaf3", className: "gold", rateBps: 15e9, smoothedBps: 15e9, sampledAt: now, windowSeconds: 5),
                ]), retention: .seconds(3600))
            }
            let tenant = try #require(topology.hostNamed("h1-1")).tenant
            let monitor = try #require(topology.hosts.first { $0.tenant == tenant && !["h1-1", "h1-2", "h2-1", "h3-2"].contains($0.name) })
            let taps = TapStore(store: fixture.store)
            let service = try taps.createService(TapService(name: "ids", tenant: tenant, port: .host(monitor.name)))
            try taps.createFlow(TapFlow(name: "tap-h1-1", tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .both))
            let reservation = try await fixture.engine.reserve(PathRequest(source: "leaf1", destination: "leaf2", bandwidthBps: 8e9, qosClass: "gold"))
            let spine = try #require(reservation.paths.first?.hops.map(\.switchName).first { $0.hasPrefix("spine") })
            return try await body(fixture, reservation, spine)
        }
    }

    func scenario(failing spine: String, in directory: URL, extra: String = "") throws -> String {
        let file = directory.appendingPathComponent("now.yaml")
        try """
        name: \(spine)-fails-now
        topology: store
        classes:
          - {name: gold, weight: 4, priority: 0}
          - {name: bronze, weight: 1, priority: 2}
        events:
          - label: \(spine) fails
            actions:
              - fail_switch: \(spine)
        \(extra)
        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func weft(_ arguments: [String], in directory: URL) throws -> WeftProcess.Outcome {
        try WeftProcess(directory: directory).run(arguments)
    }

    func report(in directory: URL) throws -> WhatIfReport {
        try ReportWriter().decode(Data(contentsOf: directory.appendingPathComponent("report/report.json")))
    }

    @Test(arguments: StoreKind.allCases)
    func storedTapsAndReservationsReachEveryStepWithTheDeclaredDemandsByDefault(kind: StoreKind) async throws {
        try await withLiveStore(kind: kind) { fixture, reservation, spine in
            let directory = fixture.directory
            // A second 8G from leaf1 fits only over the other spine: once the first one's spine fails, it has no room to reroute.
            let other = try await fixture.engine.reserve(PathRequest(source: "leaf1", destination: "leaf3", bandwidthBps: 8e9, qosClass: "gold"))
            let otherSpine = try #require(other.paths.first?.hops.map(\.switchName).first { $0.hasPrefix("spine") })
            #expect(otherSpine != spine)
            let run = try weft(["whatif", try scenario(failing: spine, in: directory), "--db", fixture.location, "--output", "report"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            let report = try report(in: directory)
            let live = try #require(report.live)
            #expect(live.topologyVersion == 1)
            #expect(live.demandBasis == "declared")
            let declaredAt = try #require(try fixture.store.read(DemandRecords.updatedAt(in:)))
            #expect(live.demandSources == ["demands: --demand-basis declared: 2 declared demands, 1.5 Gbit/s (stored \(declaredAt))"])
            #expect(live.measuredSnapshot == nil)
            #expect((live.tapServices, live.tapFlows, live.reservations, live.reservedBps) == (1, 1, 2, 16e9))
            #expect(report.steps.map(\.offeredBps) == [1.5e9, 1.5e9])

            // Each leaf1 uplink keeps 2G beside the reservations; copies may take the 10 % mirror cap of that.
            for step in report.steps {
                let tap = try #require(step.mirrors?.flows.first { $0.flow == "tap-h1-1" })
                #expect(tap.demandBps == 1e9)
                #expect(abs(tap.mirroredBps - 0.2e9) < 1, "step \(step.index): \(tap)")
                #expect(tap.limitedBy?.hasPrefix("link leaf1:") == true, "\(String(describing: tap.limitedBy))")
                #expect(abs((step.mirrors?.monitors.first?.loadBps ?? 0) - 0.2e9) < 1)
            }
            let held = try #require(reservation.paths.first?.links.first)
            let baselineLink = try #require(report.steps[0].links.first { $0.name == held })
            #expect((baselineLink.capacityBps, baselineLink.reservedBps) == (10e9, 8e9))
            #expect(report.steps.allSatisfy { step in step.links.allSatisfy { $0.usedBps <= $0.capacityBps * 1.000001 || $0.state != .up } })

            #expect(report.steps[0].reservations?.map(\.status) == [.reserved, .reserved])
            #expect(report.steps[0].impacts.isEmpty)
            #expect(report.steps[1].reservations?.map(\.status) == [.down, .reserved])
            let failed = try #require(report.steps[1].reservations?.first)
            #expect(failed.reroute == RerouteCheck(fits: false, reason: failed.reroute?.reason))
            #expect(failed.reroute?.reason?.contains("8 Gbit/s") == true, "\(String(describing: failed.reroute))")
            #expect(failed.lostSwitches == [spine])
            #expect(failed.lostLinks == reservation.paths[0].links)
            #expect(failed.reservation.paths == reservation.paths.map(\.links))
            let impact = try #require(report.steps[1].impacts.first { $0.kind == .reservation })
            #expect(impact.name == reservation.id)
            #expect(impact.message.contains("\(spine) (failed); no reroute: "), "\(impact.message)")
            #expect(report.steps[1].impacts.filter { $0.kind == .reservation }.count == 1)

            #expect(live.location == fixture.databasePath)
            #expect(!live.location.contains(PostgresServer.password))
            #expect(run.stdout.contains("from \(fixture.databasePath), topology version 1"), "\(run.stdout)")
            #expect(run.stdout.contains("step 1 \(spine) fails: "), "\(run.stdout)")
            #expect(run.stdout.contains("breaks reservation \(reservation.id) (leaf1 → leaf2, gold, 8 Gbit/s): down"), "\(run.stdout)")
            let html = try String(contentsOf: directory.appendingPathComponent("report/report.html"), encoding: .utf8)
            #expect(html.contains("Live state"))
            #expect(html.contains("MLU is the most utilized link (tenant traffic plus mirror copies plus the rates path reservations hold)"))
            #expect(html.contains("Path reservations"))
            #expect(html.contains("Broken by this step"))
            #expect(html.contains("1 tap flow: 0 in full, 1 reduced, 0 starved"))
        }
    }

    @Test func theMeasuredMatrixIsSolvedInWhatTheReservationLeaves() async throws {
        // leaf1 → leaf3 measured at 15G; leaf1 has 2 × 10G uplinks, 8G of one reserved: 12G can be served.
        try await withLiveStore { fixture, _, spine in
            let directory = fixture.directory
            let run = try weft(["whatif", try scenario(failing: spine, in: directory), "--db", fixture.location, "--output", "report",
                                "--demand-basis", "measured"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
            let report = try report(in: directory)
            let live = try #require(report.live)
            let snapshot = try #require(try fixture.store.read(MatrixRecords.latest(in:)))
            #expect(live.measuredSnapshot == snapshot.id)
            #expect(live.demandSources.first?.hasPrefix("demands: --demand-basis measured: measured snapshot #\(snapshot.id) sampled ") == true, "\(live.demandSources)")
            #expect(report.steps.map(\.offeredBps) == [15e9, 15e9])
            #expect(abs(report.steps[0].servedBps - 12e9) < 1e3, "\(report.steps[0].servedBps)")
            // spine down: leaf1 keeps one 10G uplink, and its reservation's rate is held nowhere it is up.
            #expect(abs(report.steps[1].servedBps - 10e9) < 1e3, "\(report.steps[1].servedBps)")
            let other = spine == "spine1" ? "spine2" : "spine1"
            #expect(report.steps[1].reservations?.first?.reroute == RerouteCheck(fits: true, path: ["leaf1", other, "leaf2"]))
        }
    }

    @Test func theGrowthMarginAndTheLargerBasisFollowWeftServesDemandPolicy() async throws {
        try await withLiveStore { fixture, _, spine in
            let directory = fixture.directory
            let file = try scenario(failing: spine, in: directory)
            let grown = try weft(["whatif", file, "--db", fixture.location, "--output", "report", "--demand-basis", "measured", "--growth-margin", "1.2"], in: directory)
            #expect(grown.status == 0, "\(grown.stderr)")
            #expect(try report(in: directory).steps.map(\.offeredBps) == [18e9, 18e9])
            #expect(try report(in: directory).live?.demandSources.first?.contains(" × 1.20 → 3 demands, 18 Gbit/s") == true)
            // larger, per (ingress leaf, egress leaf, class): gold leaf1→leaf2 declared 1G, bronze leaf1→leaf3 declared 500M,
            // gold leaf1→leaf3 measured 15G.
            let larger = try weft(["whatif", file, "--db", fixture.location, "--output", "report", "--demand-basis", "larger"], in: directory)
            #expect(larger.status == 0, "\(larger.stderr)")
            #expect(try report(in: directory).steps.map(\.offeredBps) == [16.5e9, 16.5e9])
            #expect(try report(in: directory).live?.demandBasis == "larger")
        }
    }

    @Test func askingForMeasuredDemandsOfAStoreWithoutAMatrixNamesWhatIsMissing() async throws {
        try await withLiveStore(measured: false) { fixture, _, spine in
            let directory = fixture.directory
            let file = try scenario(failing: spine, in: directory)
            let run = try weft(["whatif", file, "--db", fixture.location, "--output", "report", "--demand-basis", "measured"], in: directory)
            #expect(run.status == 1)
            #expect(run.stderr == "error: \(file): demands: --db \(fixture.location): --demand-basis measured: the store holds no measured traffic matrix (weft serve --demand-basis measured|larger records one); use --demand-basis declared\n")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report").path))

            let entry = try scenario(failing: spine, in: directory, extra: "demands: [{from: measured}]")
            let explicit = try weft(["whatif", entry, "--db", fixture.location, "--output", "report"], in: directory)
            #expect(explicit.status == 1)
            #expect(explicit.stderrLines.count == 1)
            #expect(explicit.stderr.contains("demands[0].from: \(fixture.location) holds no measured traffic matrix"), "\(explicit.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report").path))
        }
    }

    @Test func unknownScenarioElementsAreNamedAndNothingIsWritten() async throws {
        try await withLiveStore { fixture, _, _ in
            let directory = fixture.directory
            let file = try scenario(failing: "spine9", in: directory, extra: """
              - label: typo
                actions:
                  - fail_swtich: spine1
            """)
            let run = try weft(["whatif", file, "--db", fixture.location, "--output", "report"], in: directory)
            #expect(run.status == 1)
            #expect(run.stderrLines.count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("fail_swtich"), "\(run.stderr)")

            let unknown = try scenario(failing: "spine9", in: directory)
            let second = try weft(["whatif", unknown, "--db", fixture.location, "--output", "report"], in: directory)
            #expect(second.status == 1)
            #expect(second.stderr.hasPrefix("error: \(unknown):9: events[0].actions[0].fail_switch: unknown switch 'spine9'"), "\(second.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report").path))
        }
    }

    @Test func aStoreWithoutATopologyIsRefusedNamingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-whatif-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("empty.sqlite").path
        _ = try TopologyStore(path: database, additionalMigrations: ServeSchema.allMigrations)
        let file = try scenario(failing: "spine1", in: directory)
        let run = try weft(["whatif", file, "--db", database, "--output", "report"], in: directory)
        #expect(run.status == 1)
        #expect(run.stderr == "error: \(file): topology: --db \(database): the store holds no topology yet (weft topo gen|import --db \(database) first)\n")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report").path))
    }
}
