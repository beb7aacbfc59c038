import Controller
import FlowCompiler
import Foundation
import Optimizer
import TaasPlanner
import Testing
import Topology
import struct Topology.Host
import WeftTestSupport

extension OVSSuite {
    /// Tap flows on a real Open vSwitch fabric (2 spines × 3 leaves × 2 hosts): host h1-1's port is tapped,
    /// h2-1 talks to it, the monitor is h3-2. Copies cross leaf1 → spine → leaf3. Nested in the serialized
    /// OVS suite so it runs one at a time with the other fabric tests (a UDP stream through the userspace datapath
    /// would otherwise slow their timing checks).
    @Suite("Tap mirroring on a real OVS fabric")
    struct MirrorOVSTests {
        /// Plans the catalog's flows around an idle tenant allocation and programs routes plus mirror.
        private func install(_ catalog: TapCatalog, on controller: FabricController, topology: Topology,
                             traffic: MirrorTraffic = .portRates([:])) async throws -> (MirrorPlan, FabricProgram) {
            let idle = Allocation(topology: topology, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0, demands: [],
                                  solveSeconds: 0, solverStatus: .optimal)
            let plan = try MirrorPlanner(topology: topology).plan(catalog, around: idle, traffic: traffic)
            var routing = RoutingPlan.shortestPaths(in: topology, version: 0)
            routing.mirror = MirrorProgram(plan: plan, catalog: catalog, topology: topology)
            await controller.apply(routing)
            return (plan, try #require(await controller.installedProgram))
        }

        private func tapCatalog(_ topology: Topology, direction: TapDirection, maxRateBps: Double? = nil, truncateBytes: Int? = nil,
                                monitor: String = "h3-2") throws -> TapCatalog {
            let context = TapContext(topology: topology)
            var catalog = TapCatalog()
            let service = try catalog.createService(TapService(name: "ids", tenant: "default", port: .host(monitor)), in: context)
            try catalog.createFlow(TapFlow(id: "tap-a", name: "tap-a", tapServiceID: service.id, sourcePort: .host("h1-1"),
                                           direction: direction, maxRateBps: maxRateBps, truncateBytes: truncateBytes), in: context)
            return catalog
        }

        /// Starts the controller and waits until it discovered and programmed the whole fabric.
        private func startController(_ fabric: OVSFabric) async throws -> FabricController {
            try await QoSEdgeOVSTests.startController(fabric)
        }

        /// Captures on the monitor for `seconds` while `traffic` runs; returns tcpdump's decoded lines.
        private func capture(on fabric: OVSFabric, monitor: Host, seconds: Int, while traffic: () async throws -> Void) async throws -> [String] {
            let file = "\(fabric.directory)/capture-\(UUID().uuidString).pcap"
            async let dumped = Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: monitor), "/usr/bin/timeout", "\(seconds)",
                                                        "/usr/bin/tcpdump", "-i", "eth0", "-n", "-U", "-w", file]).runReturningStatus()
            try await Task.sleep(for: .milliseconds(1200))
            try await traffic()
            _ = try await dumped
            let decoded = try await Command("/usr/bin/tcpdump", ["-r", file, "-n", "-e"]).run()
            return decoded.split(separator: "\n").map(String.init)
        }

        private func host(_ fabric: OVSFabric, _ name: String) throws -> Host {
            try #require(fabric.topology.hostNamed(name))
        }

        @Test("IN, OUT and BOTH copies reach the monitor with the right direction; tenant pings keep working", arguments: [TapDirection.in, .out, .both])
        func directions(direction: TapDirection) async throws {
            try await withOVSFabric { fabric in
                let controller = try await startController(fabric)
                let a = try host(fabric, "h1-1"), b = try host(fabric, "h2-1"), monitor = try host(fabric, "h3-2")
                let (plan, program) = try await install(try tapCatalog(fabric.topology, direction: direction), on: controller, topology: fabric.topology)
                print("tap \(direction): path \(plan.placements.first?.nodes.joined(separator: " -> ") ?? "-"), meter \(BitRate(bitsPerSecond: plan.placements.first?.meterRateBps ?? 0).formatted)")
                print(program.switches["leaf1"].map { $0.flows.filter { $0.cookie.purpose == .mirror }.map(\.description).joined(separator: "\n") } ?? "")
                var pinged = false
                let lines = try await capture(on: fabric, monitor: monitor, seconds: 4) {
                    let result = try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: b), "/usr/bin/ping", "-c", "3", "-i", "0.2", "-W", "1", a.ip.description]).runReturningStatus()
                    pinged = result.status == 0
                }
                await controller.stop()
                let requests = lines.filter { $0.contains("\(b.ip) > \(a.ip): ICMP echo request") }
                let replies = lines.filter { $0.contains("\(a.ip) > \(b.ip): ICMP echo reply") }
                print("monitor saw \(requests.count) requests, \(replies.count) replies (\(lines.count) frames)")
                #expect(pinged, "tenant ping \(b.name) -> \(a.name) failed while tapped")
                #expect((requests.count >= 3) == direction.includesIn, "IN copies: \(requests.count)")
                #expect((replies.count >= 3) == direction.includesOut, "OUT copies: \(replies.count)")
                #expect(!lines.contains { $0.contains("802.1Q") }, "a copy kept its taas_id tag")
                #expect(lines.allSatisfy { !$0.contains("\(b.ip) > \(a.ip)") || direction.includesIn })
            }
        }

        /// The monitor is on the tapped host's leaf, so the truncated copy leaves through a real (veth) port.
        /// With the monitor on another leaf the copy's `output(max_len)` points at a patch port (this test
        /// fabric's cables) and no copy reached the monitor (0 of 3 captured, tried here): userspace OVS
        /// apparently does not truncate towards patch ports.
        @Test("a tap whose copies do not fit its max_rate is truncated: the monitor captures frames cut to the bytes asked for")
        func truncatedCopiesReachTheMonitorCut() async throws {
            try await withOVSFabric { fabric in
                let controller = try await startController(fabric)
                let a = try host(fabric, "h1-1"), b = try host(fabric, "h2-1"), monitor = try host(fabric, "h1-2")
                // Measured: 30 Mbit/s of 1042-byte frames towards h1-1; the cap is 10 Mbit/s, so the planner
                // truncates the copies to the 128 bytes the tap allows.
                let truncate = 128
                let measured = MirrorTraffic.portRates([a.attachment: PortRate(receivedBps: 0, transmittedBps: 30e6, receivedPps: 0, transmittedPps: 30e6 / 8 / 1042)])
                let (plan, program) = try await install(try tapCatalog(fabric.topology, direction: .in, maxRateBps: 10e6, truncateBytes: truncate, monitor: monitor.name),
                                                        on: controller, topology: fabric.topology, traffic: measured)
                let placement = try #require(plan.placements.first)
                #expect(placement.truncatedToBytes == truncate)
                let copies = program.switches["leaf1"]?.flows.filter { $0.cookie.purpose == .mirror }.map(\.description) ?? []
                print("tap placement: \(placement.nodes.joined(separator: " -> ")), truncated to \(placement.truncatedToBytes.map(String.init) ?? "-") bytes\n" + copies.joined(separator: "\n"))
                let dumped = try await fabric.flows(on: "leaf1")
                #expect(dumped.contains { $0.actions.contains("max_len") }, "no output(max_len) on leaf1: \(dumped.map(\.actions))")
                var pinged = false
                let lines = try await capture(on: fabric, monitor: monitor, seconds: 4) {
                    let result = try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: b), "/usr/bin/ping", "-c", "3", "-i", "0.2", "-W", "1",
                                                                    "-s", "1000", a.ip.description]).runReturningStatus()
                    pinged = result.status == 0
                }
                await controller.stop()
                let copies1000 = lines.filter { $0.contains("\(b.ip) > \(a.ip)") }
                let lengths = copies1000.compactMap { line -> Int? in
                    guard let range = line.range(of: ", length ") else { return nil }
                    return Int(line[range.upperBound...].prefix { $0.isNumber })
                }
                print("monitor captured \(copies1000.count) copies of the 1042-byte echo requests, frame lengths \(lengths) (\(lines.count) frames in all)")
                print(lines.prefix(6).joined(separator: "\n"))
                #expect(pinged, "the tenant's 1000-byte ping failed while tapped")
                #expect(lengths.count >= 3, "copies: \(copies1000)")
                #expect(lengths.allSatisfy { $0 == truncate }, "frames not cut to \(truncate) bytes: \(lengths)")
            }
        }

        @Test("deleting the tap flow removes its rules, meters and groups from every bridge; pings still work")
        func deleteRemovesRules() async throws {
            try await withOVSFabric { fabric in
                let controller = try await startController(fabric)
                var catalog = try tapCatalog(fabric.topology, direction: .both)
                let (_, withTap) = try await install(catalog, on: controller, topology: fabric.topology)
                let mirrored = withTap.switches.values.flatMap(\.flows).filter { $0.cookie.purpose == .mirror }
                #expect(!mirrored.isEmpty)
                let dumped = try await fabric.flows(on: "leaf1")
                #expect(dumped.contains { $0.actions.contains("push_vlan") }, "no copy entry on leaf1: \(dumped)")
                try catalog.deleteFlow("tap-a")
                _ = try await install(catalog, on: controller, topology: fabric.topology)
                for name in fabric.topology.switches.map(\.name) {
                    let left = try await fabric.flows(on: name).filter { $0.actions.contains("vlan") || $0.match.contains { $0.contains("vlan") } }
                    #expect(left.isEmpty, "\(name) still has mirror entries: \(left)")
                    let meters = try await fabric.ofctl(["dump-meters", name])
                    #expect(!meters.contains("meter=\(0x1000)") && !meters.contains("meter=\(0x1800)"), "\(name): \(meters)")
                }
                let a = try host(fabric, "h1-1"), b = try host(fabric, "h2-1")
                let reachable = await fabric.ping(from: b, to: a)
                await controller.stop()
                #expect(reachable)
            }
        }

        @Test("a UDP stream mirrored above its cap is cut to the cap at the monitor while the tenant keeps its rate")
        func meterCutsCopiesNotTenant() async throws {
            try await withOVSFabric { fabric in
                let controller = try await startController(fabric)
                let a = try host(fabric, "h1-1"), b = try host(fabric, "h2-1"), monitor = try host(fabric, "h3-2")
                let cap = 10e6
                let (plan, program) = try await install(try tapCatalog(fabric.topology, direction: .in, maxRateBps: cap), on: controller, topology: fabric.topology)
                let placement = try #require(plan.placements.first)
                #expect(placement.meterRateBps == cap)
                let meterSwitch = placement.nodes[1]
                #expect(program.switches[meterSwitch]?.meters.contains { $0.rateKbps == UInt32(cap / 1000) } == true)
                #expect(program.switches["leaf1"]?.flows.filter { $0.cookie.purpose == .mirror }.allSatisfy { $0.meter == nil } == true,
                        "a copy entry that forwards tenant frames carries a meter")

                // The userspace datapath does not complete checksums a veth left to offload: TCP (iperf3's
                // control connection) and UDP need them computed in the sending namespace.
                for endpoint in [a, b] {
                    try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: endpoint), "/usr/sbin/ethtool", "-K", "eth0", "tx", "off"]).run()
                }
                let server = fabric.namespace(of: a)
                async let served = Command("/usr/sbin/ip", ["netns", "exec", server, "/usr/bin/timeout", "20", "/usr/bin/iperf3", "-s", "-1", "-J"]).runReturningStatus()
                try await Task.sleep(for: .milliseconds(800))
                let counter = ["netns", "exec", fabric.namespace(of: monitor), "/usr/bin/cat", "/sys/class/net/eth0/statistics/rx_bytes"]
                let startBytes = Double(try await Command("/usr/sbin/ip", counter).run().trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
                let clock = ContinuousClock()
                let started = clock.now
                let client = try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: b), "/usr/bin/iperf3", "-c", a.ip.description,
                                                                "-u", "-b", "30M", "-t", "5", "-l", "1000", "-J"]).run()
                let elapsed = started.duration(to: clock.now)
                let endBytes = Double(try await Command("/usr/sbin/ip", counter).run().trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
                _ = try await served
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                let monitorBps = (endBytes - startBytes) * 8 / seconds
                let tenantBps = try IperfReport.receivedBps(iperfJSON: client)
                let meters = try await fabric.ofctl(["meter-stats", meterSwitch])
                await controller.stop()
                print("tenant UDP stream received at \(BitRate(bitsPerSecond: tenantBps).formatted); monitor received copies at \(BitRate(bitsPerSecond: monitorBps).formatted) (cap \(BitRate(bitsPerSecond: cap).formatted))")
                print("meter stats on \(meterSwitch):\n\(meters)")
                #expect(tenantBps > 0.9 * 30e6, "tenant stream slowed to \(tenantBps) of 30 Mbit/s offered")
                #expect(monitorBps < cap * 1.3, "monitor got \(monitorBps) bit/s, cap \(cap)")
                #expect(monitorBps > cap * 0.5, "monitor got only \(monitorBps) bit/s")
            }
        }
    }
}
