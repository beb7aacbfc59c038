@testable import Controller
import OpenFlow
import Testing
import Topology
import WeftTestSupport

/// Session handling against a scripted switch on loopback: handshake, bad input, dead peers, floods.
@Suite("Switch sessions", .serialized)
struct SwitchSessionTests {
    /// Runs a controller on a free loopback port with short timers and a small PACKET_IN budget.
    func withController(deadPeerSeconds: Double = 1, _ body: (FabricController, Int) async throws -> Void) async throws {
        let configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), lldpIntervalSeconds: 0.5,
                                                    echoIntervalSeconds: 0.3, deadPeerSeconds: deadPeerSeconds, statsIntervalSeconds: 0,
                                                    requestTimeoutSeconds: 1, packetInRatePerSecond: 100, packetInBurst: 50,
                                                    admission: .everySwitch)
        let controller = FabricController(inventory: Topology(name: "empty"), configuration: configuration, logger: ControllerHarness.logger)
        let port = try await controller.start()
        do {
            try await body(controller, port)
            await controller.stop()
        } catch {
            await controller.stop()
            throw error
        }
    }

    @Test("the handshake runs hello, features, port descriptions; then the switch is reconciled and probed with LLDP")
    func handshakeReachesReady() async throws {
        try await withController { controller, port in
            try await FakeSwitch.connect(port: port) { fake in
                try await fake.send(.hello(Hello()))
                let packetOut = await fake.waitFor { if case .packetOut = $0.payload { true } else { false } }
                // The discovery round probes every connected switch on its own timer, so on a loaded
                // machine the first LLDP frame can leave before the reconcile's entries: wait for those.
                let flowMod = await fake.waitFor { $0.type == .flowMod }
                let types = await fake.received.map(\.type)
                #expect(Array(types.prefix(3)) == [.hello, .featuresRequest, .multipartRequest])
                #expect(flowMod != nil, "the LLDP entry was not installed: \(types)")
                guard case let .packetOut(out)? = packetOut?.payload else {
                    Issue.record("no LLDP packet-out")
                    return
                }
                let frame = try LLDPFrame(decoding: out.data)
                #expect(frame.datapathID == 0x42 && frame.portNumber == 1 && frame.instance == "weft")
                #expect(await controller.statistics.connectedSwitches == 1)
            }
        }
    }

    @Test("a peer without OpenFlow 1.3 gets HELLO_FAILED and is disconnected")
    func incompatibleVersionIsRefused() async throws {
        try await withController { _, port in
            try await FakeSwitch.connect(port: port) { fake in
                await fake.setAnswering(false)
                try await fake.send(.hello(Hello(versions: [1])), version: 1)
                let error = await fake.waitFor { if case .error = $0.payload { true } else { false } }
                guard case let .error(body)? = error?.payload else {
                    Issue.record("no error message")
                    return
                }
                #expect(body.type == ErrorMessage.ErrorType.helloFailed.rawValue)
                #expect(await fake.waitForClose(seconds: 3))
            }
        }
    }

    @Test("an undecodable message is answered with OFPT_ERROR and the session carries on")
    func undecodableMessageGetsAnError() async throws {
        try await withController { controller, port in
            try await FakeSwitch.connect(port: port) { fake in
                try await fake.send(.hello(Hello()))
                _ = await fake.waitFor { $0.type == .packetOut }
                // A header naming message type 200, which OpenFlow 1.3 does not define.
                try await fake.sendRaw([4, 200, 0, 12, 0, 0, 0x12, 0x34, 1, 2, 3, 4])
                let error = await fake.waitFor { $0.xid == 0x1234 }
                guard case let .error(body)? = error?.payload else {
                    Issue.record("no error for the undecodable message")
                    return
                }
                #expect(body.type == ErrorMessage.ErrorType.badRequest.rawValue)
                try await fake.send(.echoRequest([9, 9]), xid: 0x5678)
                let echo = await fake.waitFor { $0.xid == 0x5678 }
                #expect(echo?.payload == .echoReply([9, 9]))
                #expect(await controller.statistics.connectedSwitches == 1)
            }
        }
    }

    /// The controller probes a switch silent for more than the echo interval (0.3 s) and drops it once
    /// silent for more than the dead-peer time. The probe must fall in between: 2.7 s here, so a
    /// keepalive round delayed by a loaded machine still lands in it. The disconnect is measured from
    /// the switch's last write, which the controller cannot have heard after, so "not before the
    /// dead-peer time" holds however late the rounds run; "then" allows 10 s for them.
    @Test("a switch that goes silent is probed with echo requests, then disconnected as dead")
    func silentSwitchIsDisconnected() async throws {
        let deadPeer = Duration.seconds(3)
        try await withController(deadPeerSeconds: deadPeer.seconds) { controller, port in
            try await FakeSwitch.connect(port: port) { fake in
                try await fake.send(.hello(Hello()))
                _ = await fake.waitFor { $0.type == .packetOut }
                let echoesAnswered = await fake.received.filter { $0.type == .echoRequest }.count
                await fake.setAnswering(false)
                #expect(await fake.waitForClose(seconds: deadPeer.seconds + 10))
                #expect(await fake.received.filter { $0.type == .echoRequest }.count > echoesAnswered, "no echo request while silent")
                if let closedAt = await fake.closedAt {
                    let silence = closedAt - (await fake.lastSentAt)
                    #expect(silence > deadPeer, "disconnected after \(silence) of silence, dead-peer time \(deadPeer)")
                }
                let gone = await ControllerHarness.waitUntil(seconds: 10) { await controller.statistics.connectedSwitches == 0 }
                #expect(gone != nil)
            }
        }
    }

    @Test("a PACKET_IN flood is limited per switch and what was refused is counted")
    func packetInFloodIsLimited() async throws {
        try await withController { controller, port in
            try await FakeSwitch.connect(port: port) { fake in
                try await fake.send(.hello(Hello()))
                _ = await fake.waitFor { $0.type == .packetOut }
                let frame = [UInt8](repeating: 0xAB, count: 60)
                for _ in 0..<2000 {
                    try await fake.send(.packetIn(PacketIn(reason: .noMatch, match: [.inPort(1)], data: frame)))
                }
                let counted = await ControllerHarness.waitUntil(seconds: 5) {
                    let statistics = await controller.statistics
                    return statistics.packetInsDropped + statistics.packetInsIgnored >= 2000
                }
                let statistics = await controller.statistics
                print("PACKET_IN flood: \(statistics.packetInsIgnored) admitted (not LLDP, ignored), \(statistics.packetInsDropped) dropped by the limiter")
                #expect(counted != nil)
                #expect(statistics.packetInsDropped >= 1000)
                #expect(statistics.packetInsIgnored <= 1000)
            }
        }
    }
}
