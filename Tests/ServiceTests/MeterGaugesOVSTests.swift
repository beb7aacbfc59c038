import Foundation
import Testing
import Topology
import struct Topology.Host

@testable import Service
import WeftTestSupport

/// `weft serve`'s per-aggregate meter gauges in `/metrics` against what the switch and the hosts
/// counted, on a real OVS fabric (2 spines × 3 leaves × 2 hosts).
@Suite("Meter gauges of weft serve on an OVS fabric", .serialized)
struct MeterGaugesOVSTests {
    @Test("bronze offered at 3x its allocation: /metrics' dropped bytes of its aggregate rise by what leaf1's meter dropped and the receiver missed")
    func aggregateDropGaugeMatchesTheWire() async throws {
        try await withOVSFabric(spines: 2, leaves: 3, hostsPerLeaf: 2) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let demandFile = setup.directory.appendingPathComponent("demands.csv").path
            try "src,dst,rate_bps,class\nh1-2,h3-1,10M,bronze\n".write(toFile: demandFile, atomically: true, encoding: .utf8)
            let serve = try setup.serve(["--openflow", "127.0.0.1:\(setup.openFlowPort)", "--demands", demandFile, "--reoptimize-every", "off"])
            do {
                try await dropGauge(fabric: fabric, api: setup.api, openFlowPort: setup.openFlowPort)
            } catch {
                print("weft serve log:\n\(serve.log)")
                await serve.stop()
                throw error
            }
            await serve.stop()
        }
    }

    /// `weft_aggregate_meter_<name>_bytes` of leaf1 -> leaf3 bronze in `/metrics`.
    private func gauge(_ name: String, api: String, fabric: OVSFabric) async throws -> Double {
        let text = try await WeftSubprocess.get(api, "/metrics", in: fabric)
        let prefix = "weft_aggregate_meter_\(name)_bytes{src=\"leaf1\",dst=\"leaf3\",class=\"bronze\"} "
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) }, "no \(prefix) in /metrics")
        return try #require(Double(line.dropFirst(prefix.count)))
    }

    private func dropGauge(fabric: OVSFabric, api: String, openFlowPort: UInt16) async throws {
        try #require(await WeftSubprocess.waitUntil(seconds: 10) { (try? await WeftSubprocess.get(api, "/healthz", in: fabric)) != nil })
        try await fabric.connectControllers(port: openFlowPort)
        let allocatedBps = 10e6
        var meterID: UInt32?
        let programmed = await WeftSubprocess.waitUntil(seconds: 20) {
            let text = (try? await fabric.ofctl(["dump-meters", "leaf1"])) ?? ""
            meterID = Self.meterID(rateKbps: Int(allocatedBps / 1000), in: text)
            return meterID != nil
        }
        try #require(programmed, "leaf1 never got the 10 Mbit/s bronze meter")
        let bronzeMeter = try #require(meterID)
        let sender = try #require(fabric.topology.hostNamed("h1-2")), receiver = try #require(fabric.topology.hostNamed("h3-1"))
        for host in [sender, receiver] { try await fabric.computeChecksums(on: host) }
        try #require(await WeftSubprocess.waitUntil(seconds: 10) { await fabric.ping(from: sender, to: receiver) }, "h1-2 does not reach h3-1")

        let droppedBefore = try await gauge("dropped", api: api, fabric: fabric), inputBefore = try await gauge("input", api: api, fabric: fabric)
        let switchBefore = try #require(try await fabric.meterStats(on: "leaf1")[bronzeMeter])
        let sentBefore = try await fabric.interfaceBytes(of: sender, "tx"), receivedBefore = try await fabric.interfaceBytes(of: receiver, "rx")

        let payload = 1000, wireFactor = Double(payload + 8 + 20 + 14) / Double(payload), port = 5801
        async let served = fabric.iperfServer(on: receiver, port: port, seconds: 30).runReturningStatus()
        try #require(await fabric.waitUntilListening(on: receiver, port: port), "the iperf3 server on h3-1 never listened")
        let client = try await fabric.iperfClient(from: sender, to: receiver, port: port, bpsPerStream: 3 * allocatedBps / wireFactor, seconds: 6,
                                                     payload: payload).runReturningStatus()
        let server = try await served
        try #require(client.status == 0, "iperf3 client exited \(client.status): \(client.errors) \(client.output.suffix(400))")
        #expect(server.status == 0, "iperf3 server exited \(server.status): \(server.errors)")

        let dropped = try await gauge("dropped", api: api, fabric: fabric) - droppedBefore
        let input = try await gauge("input", api: api, fabric: fabric) - inputBefore
        let switchAfter = try #require(try await fabric.meterStats(on: "leaf1")[bronzeMeter])
        let sent = try await fabric.interfaceBytes(of: sender, "tx") - sentBefore
        let received = try await fabric.interfaceBytes(of: receiver, "rx") - receivedBefore
        let switchDropped = Double(switchAfter.droppedBytes - switchBefore.droppedBytes), switchInput = Double(switchAfter.inputBytes - switchBefore.inputBytes)
        print("bronze leaf1 -> leaf3, allocation 10 Mbit/s, offered 30 Mbit/s for 6 s (meter \(bronzeMeter)):")
        print("  /metrics weft_aggregate_meter_dropped_bytes +\(Int(dropped)), weft_aggregate_meter_input_bytes +\(Int(input))")
        print("  ovs-ofctl meter-stats leaf1: band dropped +\(Int(switchDropped)), byte_in_count +\(Int(switchInput))")
        print("  h1-2 sent \(Int(sent)) bytes (\(Int(sent - switchInput)) never reached leaf1's meter: lost between the veth and the userspace datapath), h3-1 received \(Int(received)); input - dropped = \(Int(input - dropped))")
        // The gauge is the switch's own drop-band counter, read through OpenFlow: equal up to what arrived
        // between the two reads (nothing: the traffic had stopped).
        #expect(abs(dropped - switchDropped) <= 0.001 * switchDropped + 1500, "gauge +\(dropped), switch +\(switchDropped) bytes")
        #expect(abs(input - switchInput) <= 0.001 * switchInput + 1500, "input gauge +\(input), switch +\(switchInput) bytes")
        // What passed the meter is what the receiver got (nothing else drops further in; the receiver's
        // counter also carries the iperf3 control connection and ARP, a few kB).
        #expect(abs(input - dropped - received) <= 0.005 * received + 5000, "input \(input) - dropped \(dropped) vs received \(received) bytes")
        // Offered 3x the allocation: about two thirds of what reached the meter dropped (the burst lets a little more through).
        #expect(dropped > 0.55 * input && dropped < 0.72 * input, "dropped \(dropped) of \(input) bytes that reached the meter")
    }

    /// The id of the meter with a drop band at `rateKbps` in `ovs-ofctl dump-meters` output (`meter=ID …`
    /// on the band's line `type=drop rate=R …` or the line before it).
    static func meterID(rateKbps: Int, in text: String) -> UInt32? {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() where line.split(separator: " ").contains { $0.hasSuffix("rate=\(rateKbps)") } {
            let owner = line.hasPrefix("meter=") || index == 0 ? line : lines[index - 1]
            guard let field = owner.split(separator: " ").first, field.hasPrefix("meter=") else { continue }
            return UInt32(field.dropFirst("meter=".count))
        }
        return nil
    }
}
