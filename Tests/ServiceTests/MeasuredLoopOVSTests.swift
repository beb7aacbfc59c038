import Foundation
import Testing
import Topology

@testable import Service
import WeftTestSupport

/// The closed loop with the real `weft serve --openflow` on a real OVS fabric: traffic above what was
/// declared is measured at the ingress leaf, the stored matrix triggers a re-optimization on measured
/// demand, and the new meter is on the switch.
@Suite("Re-optimization on measured traffic on an OVS fabric", .serialized)
struct MeasuredLoopOVSTests {
    struct Latest: Decodable {
        struct Decision: Decodable {
            struct Matrix: Decodable {
                var basis: String
                var snapshot_id: Int?
                var sample_age_seconds: Double?
            }

            var id: Int
            var trigger: String
            var applied: Bool
            var solve_seconds: Double
            var demand_matrix: Matrix?
        }

        var decision: Decision
    }

    struct Demands: Decodable {
        struct Row: Decodable {
            var src: String
            var dst: String
            var `class`: String
            var declared_bps: Double
            var measured_bps: Double?
        }

        struct Snapshot: Decodable {
            var id: Int
        }

        var measured: Snapshot?
        var aggregates: [Row]
    }

    /// The rate (kbit/s) of every meter of `bridge` in `ovs-ofctl dump-meters` output.
    static func meterRates(_ text: String) -> [Int] {
        text.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("rate=") }.flatMap { Int($0.dropFirst("rate=".count).prefix { $0.isNumber }) }
        }
    }

    @Test("gold sent at 8 Mbit/s against 4 Mbit/s declared: the measured matrix triggers a run naming it, and leaf1's gold meter is raised")
    func measuredGrowthRaisesTheMeter() async throws {
        try await withOVSFabric(spines: 2, leaves: 3, hostsPerLeaf: 2) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let demandFile = setup.directory.appendingPathComponent("demands.csv").path
            try "src,dst,rate_bps,class\nh1-1,h3-1,4M,gold\n".write(toFile: demandFile, atomically: true, encoding: .utf8)
            let serve = try setup.serve([
                "--openflow", "127.0.0.1:\(setup.openFlowPort)", "--demands", demandFile, "--demand-basis", "larger", "--growth-margin", "1.25",
                "--matrix-threshold", "0.1", "--matrix-every", "500ms", "--matrix-window", "2s", "--matrix-smoothing", "1",
                "--reoptimize-every", "off", "--min-improvement", "0.01",
            ])
            do {
                try await loop(fabric: fabric, api: setup.api, openFlowPort: setup.openFlowPort)
            } catch {
                print("weft serve log:\n\(serve.log)")
                await serve.stop()
                throw error
            }
            await serve.stop()
        }
    }

    private func loop(fabric: OVSFabric, api: String, openFlowPort: UInt16) async throws {
        try #require(await WeftSubprocess.waitUntil(seconds: 10) { (try? await WeftSubprocess.get(api, "/healthz", in: fabric)) != nil })
        try await fabric.connectControllers(port: openFlowPort)
        func latest() async -> Latest.Decision? {
            guard let text = try? await WeftSubprocess.get(api, "/v1/allocations/latest", in: fabric) else { return nil }
            return try? JSONDecoder.api.decode(Latest.self, from: Data(text.utf8)).decision
        }
        var meters: [Int] = []
        let programmed = await WeftSubprocess.waitUntil(seconds: 20) {
            meters = Self.meterRates((try? await fabric.ofctl(["dump-meters", "leaf1"])) ?? "")
            return meters.contains(4000)
        }
        try #require(programmed, "leaf1 never got the 4 Mbit/s gold meter: \(meters)")
        let first = try #require(await latest())
        #expect(first.applied && first.demand_matrix?.snapshot_id == nil)

        let sender = try #require(fabric.topology.hostNamed("h1-1")), receiver = try #require(fabric.topology.hostNamed("h3-1"))
        for host in [sender, receiver] {
            try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: host), "/usr/sbin/ethtool", "-K", "eth0", "tx", "off"]).run()
        }
        let payload = 1000.0, wireFactor = (payload + 8 + 20 + 14) / payload, offered = 8e6
        async let served = Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: receiver), "/usr/bin/timeout", "40",
                                                    "/usr/bin/iperf3", "-s", "-1", "-p", "5501"]).runReturningStatus()
        try await Task.sleep(for: .milliseconds(800))
        async let sent = Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: sender), "/usr/bin/iperf3", "-c", receiver.ip.description,
                                                  "-p", "5501", "-u", "-b", "\(Int(offered / wireFactor))", "-t", "20", "-l", "\(Int(payload))",
                                                  "--dscp", "46", "-J"]).run()

        // Watch every 100 ms while the traffic runs: when a stored snapshot first shows the gold
        // aggregate above its declared rate, the decisions naming a snapshot (recorded after the
        // switches acknowledged the new program), and every change of leaf1's meter rate.
        let clock = ContinuousClock()
        var raisedSeen: (at: ContinuousClock.Instant, snapshot: Int, measured: Double)?
        var decisions: [(at: ContinuousClock.Instant, decision: Latest.Decision)] = []
        var meterChanges: [(at: ContinuousClock.Instant, rates: [Int])] = [(clock.now, meters)]
        let deadline = clock.now + .seconds(18)
        while clock.now < deadline {
            let now = clock.now
            if raisedSeen == nil, let text = try? await WeftSubprocess.get(api, "/v1/demands", in: fabric),
               let view = try? JSONDecoder.api.decode(Demands.self, from: Data(text.utf8)), let snapshot = view.measured,
               let gold = view.aggregates.first(where: { $0.src == "leaf1" && $0.dst == "leaf3" && $0.class == "gold" }),
               let measured = gold.measured_bps, measured * 1.25 > gold.declared_bps * 1.1 {
                raisedSeen = (now, snapshot.id, measured)
            }
            if let decision = await latest(), decision.id > (decisions.last?.decision.id ?? first.id) {
                decisions.append((now, decision))
            }
            if let text = try? await fabric.ofctl(["dump-meters", "leaf1"]), case let rates = Self.meterRates(text), rates != meterChanges.last?.rates {
                meterChanges.append((now, rates))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let iperf = try await sent
        _ = try await served
        let raised = try #require(raisedSeen, "no stored snapshot showed the gold aggregate above its declared 4 Mbit/s")
        let measuredRuns = decisions.filter { $0.decision.trigger.hasPrefix("measured matrix moved") }
        let decided = try #require(measuredRuns.first, "no re-optimization was triggered by the measured matrix")
        #expect(decided.decision.applied)
        #expect(decided.decision.demand_matrix?.basis == "larger")
        #expect((decided.decision.demand_matrix?.snapshot_id ?? 0) >= 1)
        #expect(meterChanges.count >= 2, "leaf1's gold meter was never raised: \(meterChanges.map(\.rates))")
        let received = try IperfReport.receivedBps(iperfJSON: iperf) * wireFactor
        let start = meterChanges[0].at
        print("first stored snapshot over the declared rate: #\(raised.snapshot), gold leaf1->leaf3 measured \(BitRate(bitsPerSecond: raised.measured).formatted) (declared 4 Mbit/s, offered \(BitRate(bitsPerSecond: offered).formatted) on the wire)")
        for (at, decision) in decisions {
            print("  +\(start.duration(to: at)) decision #\(decision.id) \(decision.applied ? "applied" : "held"): '\(decision.trigger)', basis \(decision.demand_matrix?.basis ?? "-") snapshot #\(decision.demand_matrix?.snapshot_id ?? 0), sample age at decision \(decision.demand_matrix?.sample_age_seconds.map { String(format: "%.3f s", $0) } ?? "-"), solve \(String(format: "%.3f", decision.solve_seconds)) s")
        }
        print("leaf1 meter rates (kbit/s) over time: " + meterChanges.map { "+\(start.duration(to: $0.at)): \($0.rates)" }.joined(separator: ", "))
        print("receiver got \(BitRate(bitsPerSecond: received).formatted) over the 20 s run")
        let age = try #require(decided.decision.demand_matrix?.sample_age_seconds)
        #expect(age < 2, "the first measured run's allocation was in force \(age) s after its sample")
    }
}
