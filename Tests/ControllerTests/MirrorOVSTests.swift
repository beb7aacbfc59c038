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

        /// Captures on the monitor while `traffic` runs (tcpdump is capturing before it starts, and stopped
        /// by its pid a moment after it ended, for copies still in flight); returns tcpdump's decoded lines.
        private func capture(on fabric: OVSFabric, monitor: Host, while traffic: () async throws -> Void) async throws -> [String] {
            let capture = try await startCapture(on: fabric, monitor: monitor)
            do {
                try await traffic()
                try await Task.sleep(for: .milliseconds(300))
            } catch {
                await capture.process.stop()
                throw error
            }
            await capture.process.stop()
            let decoded = try await Command("/usr/bin/tcpdump", ["-r", capture.file, "-n", "-e"]).run()
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
                let lines = try await capture(on: fabric, monitor: monitor) {
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
                let lines = try await capture(on: fabric, monitor: monitor) {
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

        /// Starts tcpdump on `monitor`'s eth0 (only frames to `destination`'s MAC, the IN copies of its
        /// traffic, when given); returns once the capture file is open (tcpdump is capturing). Stop it by its pid.
        private func startCapture(on fabric: OVSFabric, monitor: Host, of destination: Host? = nil) async throws -> (file: String, process: ManagedProcess) {
            let file = "\(fabric.directory)/capture-\(monitor.name)-\(UUID().uuidString).pcap"
            let filter = destination.map { ["ether", "dst", $0.mac.description] } ?? []
            let process = try ManagedProcess(name: "tcpdump", executable: "/usr/sbin/ip", arguments: [
                "netns", "exec", fabric.namespace(of: monitor), "/usr/bin/tcpdump", "-i", "eth0", "-n", "-U", "-w", file,
            ] + filter, logPath: file + ".log")
            let opened = await ControllerHarness.waitUntil(seconds: 10) {
                ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int ?? 0) >= 24
            }
            if opened == nil { await process.stop() }
            try #require(opened != nil, "tcpdump on \(monitor.name) never opened its capture file: \(process.log)")
            return (file, process)
        }

        /// The frame lengths of the packets in `file` whose capture time lies in `window` (epoch seconds).
        private func frameBytes(in file: String, during window: ClosedRange<Double>) async throws -> (frames: Int, bytes: Int) {
            let lines = try await Command("/usr/bin/tcpdump", ["-r", file, "-n", "-e", "-tt"]).run().split(separator: "\n")
            var frames = 0, bytes = 0
            for line in lines {
                guard let time = line.split(separator: " ").first.flatMap({ Double($0) }), window.contains(time),
                      let range = line.range(of: ", length ") else { continue }
                frames += 1
                bytes += Int(line[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            return (frames, bytes)
        }

        @Test("a sampled tap flow's sampled-out bytes are its group's empty bucket and what its monitor did not get; a second flow on the same copy entries counts each frame once")
        func sampledOutBytesMatchTheWire() async throws {
            try await withOVSFabric { fabric in
                let controller = try await startController(fabric)
                let a = try host(fabric, "h1-1"), b = try host(fabric, "h2-1"), sampledMonitor = try host(fabric, "h1-2"), fullMonitor = try host(fabric, "h3-2")
                let context = TapContext(topology: fabric.topology)
                var catalog = TapCatalog()
                let ids = try catalog.createService(TapService(name: "ids", tenant: "default", port: .host(sampledMonitor.name)), in: context)
                let audit = try catalog.createService(TapService(name: "audit", tenant: "default", port: .host(fullMonitor.name)), in: context)
                // Both flows copy what reaches h1-1: the same copy entries on leaf1 make both copies. The first
                // is capped at 10 Mbit/s of a measured 30 and its monitor is on leaf1, so it is sampled at the source.
                try catalog.createFlow(TapFlow(id: "tap-sampled", name: "tap-sampled", tapServiceID: ids.id, sourcePort: .host(a.name), direction: .in,
                                               maxRateBps: 10e6), in: context)
                try catalog.createFlow(TapFlow(id: "tap-full", name: "tap-full", tapServiceID: audit.id, sourcePort: .host(a.name), direction: .in), in: context)
                let measured = MirrorTraffic.portRates([a.attachment: PortRate(receivedBps: 0, transmittedBps: 30e6, receivedPps: 0, transmittedPps: 30e6 / 8 / 1042)])
                let (plan, program) = try await install(catalog, on: controller, topology: fabric.topology, traffic: measured)
                let sampled = try #require(plan.placements.first { $0.flowID == "tap-sampled" })
                let fraction = try #require(sampled.samplingFraction)
                #expect(fraction > 0.1 && fraction < 0.9, "tap-sampled: sampling fraction \(fraction)")
                // One sampling group per output of the copy (a copy of a frame from h1-2 leaves by IN_PORT).
                let groups = try #require(program.taps["tap-sampled"]?.samplingGroups["leaf1"], "tap-sampled has no sampling group on leaf1").sorted()
                let shared = try #require(program.taps["tap-sampled"]?.copyEntries["leaf1"])
                #expect(!shared.isEmpty && shared == program.taps["tap-full"]?.copyEntries["leaf1"], "the two flows do not share leaf1's copy entries")
                print("tap-sampled: sampling \(String(format: "%.3f", fraction)) through groups \(groups); \(shared.count) copy entries on leaf1 shared with tap-full")
                /// The bytes of every sampling group's empty bucket (bucket 1) on leaf1, as ovs-ofctl reads them.
                func emptyBuckets() async throws -> Int {
                    var total = 0
                    for group in groups { total += Int(try await fabric.groupBucketBytes(on: "leaf1", group: group).dropFirst().first ?? 0) }
                    return total
                }

                for endpoint in [a, b] { try await fabric.computeChecksums(on: endpoint) }
                try #require(await ControllerHarness.waitUntil(seconds: 10) { await fabric.ping(from: b, to: a) } != nil, "h2-1 does not reach h1-1")
                let sampledCapture = try await startCapture(on: fabric, monitor: sampledMonitor, of: a)
                let fullCapture = try await startCapture(on: fabric, monitor: fullMonitor, of: a)
                let before: [String: MirrorCounters], after: [String: MirrorCounters], bucketsBefore: Int, bucketsAfter: Int
                let opened: Double, closed: Double
                do {
                    before = Dictionary(uniqueKeysWithValues: await controller.mirrorCounters().map { ($0.tapFlowID, $0) })
                    bucketsBefore = try await emptyBuckets()
                    opened = Date().timeIntervalSince1970

                    // 16 TCP streams at 1.5 Mbit/s each: an OVS select group picks a bucket per flow hash, so sampling
                    // splits flows, not packets; and the userspace datapath's hash (`hash(sym_l4(0))`) leaves UDP
                    // ports out, so UDP streams between two hosts all take one bucket (seen here: 16 of 16 sampled out).
                    let port = 5901
                    async let served = fabric.iperfServer(on: a, port: port, seconds: 30).runReturningStatus()
                    try #require(await fabric.waitUntilListening(on: a, port: port), "the iperf3 server on h1-1 never listened")
                    let client = try await fabric.iperfClient(from: b, to: a, port: port, bpsPerStream: 1.5e6, seconds: 5, streams: 16, udp: false)
                        .runReturningStatus()
                    _ = try await served
                    try #require(client.status == 0, "iperf3 client exited \(client.status): \(client.errors)")
                    // Flow and group counters reach OpenFlow statistics through the revalidators (about every 0.5 s):
                    // read until two reads 0.6 s apart agree.
                    var counters = await controller.mirrorCounters()
                    for _ in 0..<10 {
                        try await Task.sleep(for: .milliseconds(600))
                        let next = await controller.mirrorCounters()
                        if next == counters { break }
                        counters = next
                    }
                    closed = Date().timeIntervalSince1970
                    after = Dictionary(uniqueKeysWithValues: counters.map { ($0.tapFlowID, $0) })
                    bucketsAfter = try await emptyBuckets()
                    let version = await controller.installedProgram?.version
                    try #require(version == program.version, "the controller reprogrammed (v\(program.version) -> v\(version ?? 0)): the switch counters restarted")
                    await controller.stop()
                } catch {
                    await sampledCapture.process.stop()
                    await fullCapture.process.stop()
                    throw error
                }
                await sampledCapture.process.stop()
                await fullCapture.process.stop()
                let sampledSeen = try await frameBytes(in: sampledCapture.file, during: opened...closed)
                let fullSeen = try await frameBytes(in: fullCapture.file, during: opened...closed)

                func delta(_ flow: String, _ value: (MirrorCounters) -> UInt64) throws -> Int {
                    let start = try #require(before[flow]), end = try #require(after[flow])
                    return Int(value(end)) - Int(value(start))
                }
                let copied = try delta("tap-sampled", \.copiedBytes), sampledOut = try delta("tap-sampled", \.sourceSkippedBytes)
                let fullCopied = try delta("tap-full", \.copiedBytes), fullPackets = try delta("tap-full", \.copiedPackets)
                let emptyBucket = bucketsAfter - bucketsBefore
                print("tap-sampled: copied +\(copied) bytes, sampled out (weft_mirror_sampled_out_bytes) +\(sampledOut), groups' empty buckets +\(emptyBucket) (ovs-ofctl dump-group-stats); monitor h1-2 got \(sampledSeen.frames) frames, \(sampledSeen.bytes) bytes: copied - seen = \(copied - sampledSeen.bytes)")
                print("tap-full: copied +\(fullCopied) bytes in \(fullPackets) frames; monitor h3-2 got \(fullSeen.frames) frames, \(fullSeen.bytes) bytes")
                #expect(sampledOut == emptyBucket, "sampled-out \(sampledOut) bytes, the group's empty bucket \(emptyBucket)")
                #expect(sampledOut > 0 && sampledSeen.bytes > 0, "sampling split nothing: \(sampledOut) bytes sampled out, \(sampledSeen.bytes) seen")
                #expect(abs(copied - sampledOut - sampledSeen.bytes) <= copied / 100, "copied \(copied) - sampled out \(sampledOut) != seen \(sampledSeen.bytes)")
                // The shared entries count each frame once for each flow: both flows copied the same frames, and
                // the unsampled flow's monitor got every one of them.
                #expect(fullCopied == copied, "tap-full counted \(fullCopied) bytes, tap-sampled \(copied) on the same entries")
                #expect(abs(fullSeen.bytes - fullCopied) <= fullCopied / 100 && abs(fullSeen.frames - fullPackets) <= fullPackets / 100,
                        "tap-full: counted \(fullPackets) frames / \(fullCopied) bytes, its monitor got \(fullSeen.frames) / \(fullSeen.bytes)")
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

                for endpoint in [a, b] { try await fabric.computeChecksums(on: endpoint) }
                async let served = fabric.iperfServer(on: a, port: 5201, seconds: 30, json: true).runReturningStatus()
                try #require(await fabric.waitUntilListening(on: a, port: 5201), "the iperf3 server on h1-1 never listened")
                let startBytes = try await fabric.interfaceBytes(of: monitor, "rx")
                let meterID = try #require(program.taps["tap-a"]?.meters[meterSwitch], "tap-a has no meter on \(meterSwitch)")
                let gaugeBefore = try #require(await controller.mirrorCounters().first { $0.tapFlowID == "tap-a" }?.meterDroppedBytes)
                let switchBefore = try #require(try await fabric.meterStats(on: meterSwitch)[meterID])
                let clock = ContinuousClock()
                let started = clock.now
                let client = try await fabric.iperfClient(from: b, to: a, port: 5201, bpsPerStream: 30e6, seconds: 5, payload: 1000).run()
                let elapsed = started.duration(to: clock.now)
                let endBytes = try await fabric.interfaceBytes(of: monitor, "rx")
                _ = try await served
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                let monitorBps = (endBytes - startBytes) * 8 / seconds
                let tenantBps = try IperfReport.receivedBps(iperfJSON: client)
                let meters = try await fabric.ofctl(["meter-stats", meterSwitch])
                let gaugeDropped = try #require(await controller.mirrorCounters().first { $0.tapFlowID == "tap-a" }?.meterDroppedBytes) - gaugeBefore
                let switchDropped = try #require(try await fabric.meterStats(on: meterSwitch)[meterID]).droppedBytes - switchBefore.droppedBytes
                await controller.stop()
                // weft_mirror_meter_dropped_bytes is this value: the copies the tap's meter dropped, as the switch counts them.
                print("tap-a meter \(meterID) on \(meterSwitch): mirror meter-dropped +\(gaugeDropped) bytes, ovs-ofctl band +\(switchDropped)")
                #expect(gaugeDropped == switchDropped && gaugeDropped > 0, "meter-dropped +\(gaugeDropped), switch band +\(switchDropped) bytes")
                print("tenant UDP stream received at \(BitRate(bitsPerSecond: tenantBps).formatted); monitor received copies at \(BitRate(bitsPerSecond: monitorBps).formatted) (cap \(BitRate(bitsPerSecond: cap).formatted))")
                print("meter stats on \(meterSwitch):\n\(meters)")
                #expect(tenantBps > 0.9 * 30e6, "tenant stream slowed to \(tenantBps) of 30 Mbit/s offered")
                #expect(monitorBps < cap * 1.3, "monitor got \(monitorBps) bit/s, cap \(cap)")
                #expect(monitorBps > cap * 0.5, "monitor got only \(monitorBps) bit/s")
            }
        }
    }
}
