import Controller
import FlowCompiler
import Foundation
import Optimizer
import Testing
import Topology
import struct Topology.Host
import WeftTestSupport

extension OVSSuite {
    /// Edge enforcement on a real Open vSwitch fabric (2 spines × 3 leaves × 2 hosts): gold and bronze
    /// from leaf1 to leaf3, each metered by leaf1 to its allocation.
    @Suite("QoS classes enforced at the ingress leaf on a real OVS fabric")
    struct QoSEdgeOVSTests {
        /// Ethernet + IPv4 + UDP bytes around each iperf3 payload of `payload` bytes: meters count frames.
        static func wireFactor(payload: Double) -> Double { (payload + 8 + 20 + 14) / payload }

        /// The drop band's byte count of `meter` in `ovs-ofctl meter-stats` output (the band line follows the meter line).
        static func droppedBytes(meter: UInt32, in stats: String) -> UInt64 {
            let lines = stats.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let index = lines.firstIndex(where: { $0.hasPrefix("meter:\(meter) ") }), index + 1 < lines.count else { return 0 }
            let field = lines[index + 1].split(separator: " ").first { $0.hasPrefix("byte_count:") }
            return field.flatMap { UInt64($0.dropFirst("byte_count:".count)) } ?? 0
        }

        @Test("gold offered at its allocation gets it; bronze offered at 3x is cut to its allocation by the ingress meter")
        func goldKeepsItsRateBronzeIsMetered() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology)
                let expected = fabric.topology.linkNames
                let took = await ControllerHarness.waitUntil(seconds: 8) {
                    guard await controller.topology.linkNames == expected,
                          await controller.statistics.connectedSwitches == fabric.topology.switches.count else { return false }
                    await controller.reprogramAndWait()
                    return await controller.installedProgram != nil
                }
                try #require(took != nil, "the controller never programmed the fabric")

                let goldBps = 20e6, bronzeBps = 10e6
                let demands = [Demand(source: "leaf1", destination: "leaf3", rateBps: goldBps, qosClass: .gold),
                               Demand(source: "leaf1", destination: "leaf3", rateBps: bronzeBps, qosClass: .bronze)]
                let allocation = try TrafficOptimizer(topology: fabric.topology).optimize(demands)
                try await controller.apply(allocation, computedOn: fabric.topology, classes: .defaults)
                let program = try #require(await controller.installedProgram)
                let leaf1 = try #require(program.switches["leaf1"])
                let aggregates = leaf1.flows.filter { $0.cookie.purpose == .classAggregate }
                let bronzeMeter = try #require(aggregates.first { $0.match.metadata == 3 }?.meter)
                let goldMeter = try #require(aggregates.first { $0.match.metadata == 1 }?.meter)
                print("leaf1 aggregates:\n" + aggregates.map(\.description).joined(separator: "\n"))
                print("leaf1 meters: " + leaf1.meters.map(\.description).joined(separator: "; "))

                let goldSender = try #require(fabric.topology.hostNamed("h1-1")), bronzeSender = try #require(fabric.topology.hostNamed("h1-2"))
                let receiver = try #require(fabric.topology.hostNamed("h3-1"))
                for endpoint in [goldSender, bronzeSender, receiver] {
                    try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: endpoint), "/usr/sbin/ethtool", "-K", "eth0", "tx", "off"]).run()
                }
                let server = fabric.namespace(of: receiver)
                async let goldServed = Command("/usr/sbin/ip", ["netns", "exec", server, "/usr/bin/timeout", "25", "/usr/bin/iperf3", "-s", "-1", "-p", "5301", "-J"]).runReturningStatus()
                async let bronzeServed = Command("/usr/sbin/ip", ["netns", "exec", server, "/usr/bin/timeout", "25", "/usr/bin/iperf3", "-s", "-1", "-p", "5302", "-J"]).runReturningStatus()
                try await Task.sleep(for: .milliseconds(800))
                let payload = 1000.0, factor = Self.wireFactor(payload: payload)
                func client(_ host: Host, port: Int, wireBps: Double, dscp: Int) -> Command {
                    Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: host), "/usr/bin/iperf3", "-c", receiver.ip.description,
                                             "-p", "\(port)", "-u", "-b", "\(Int(wireBps / factor))", "-t", "6", "-l", "\(Int(payload))",
                                             "--dscp", "\(dscp)", "-J"])
                }
                async let gold = client(goldSender, port: 5301, wireBps: goldBps, dscp: 46).run()
                async let bronze = client(bronzeSender, port: 5302, wireBps: 3 * bronzeBps, dscp: 0).run()
                let goldWire = try MirrorOVSTests.receivedBps(iperfJSON: try await gold) * factor
                let bronzeWire = try MirrorOVSTests.receivedBps(iperfJSON: try await bronze) * factor
                _ = try await goldServed
                _ = try await bronzeServed
                let meters = try await fabric.ofctl(["meter-stats", "leaf1"])
                let spineDrops = try await fabric.ofctl(["dump-meters", "spine1"])
                await controller.stop()
                print("gold: offered \(BitRate(bitsPerSecond: goldBps).formatted) on the wire, received \(BitRate(bitsPerSecond: goldWire).formatted) (\(Int(100 * goldWire / goldBps)) %)")
                print("bronze: offered \(BitRate(bitsPerSecond: 3 * bronzeBps).formatted), allocation \(BitRate(bitsPerSecond: bronzeBps).formatted), received \(BitRate(bitsPerSecond: bronzeWire).formatted)")
                print("leaf1 meter stats:\n\(meters)")
                #expect(goldWire >= 0.95 * goldBps, "gold got \(goldWire) of \(goldBps) bit/s")
                #expect(abs(bronzeWire - bronzeBps) <= 0.1 * bronzeBps, "bronze got \(bronzeWire), allocation \(bronzeBps) bit/s")
                let dropped = Self.droppedBytes(meter: bronzeMeter, in: meters)
                #expect(dropped > UInt64(bronzeBps / 8), "the bronze meter's drop band counted only \(dropped) bytes: \(meters)")
                print("drop band: bronze meter \(bronzeMeter) dropped \(dropped) bytes, gold meter \(goldMeter) dropped \(Self.droppedBytes(meter: goldMeter, in: meters)) bytes")
                #expect(!spineDrops.contains("meter:"), "a spine has meters: \(spineDrops)")
            }
        }
    }
}
