import Controller
import Hummingbird
import HummingbirdTesting
import OpenFlow
import Testing
import Topology
import WeftTestSupport

@testable import Service

/// `/metrics` shows what the OpenFlow port turned away: the admission and handshake gauges follow the
/// embedded controller's counters.
@Suite("OpenFlow admission gauges in /metrics", .serialized)
struct OpenFlowMetricsTests {
    /// The value of the sample named `name` (no labels) in a Prometheus text exposition.
    static func value(of name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix("\(name) ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    @Test("two unknown datapath ids (one connecting twice) and one junk peer show as switches_refused 3, unknown_dpids 2, handshakes_failed 1")
    func admissionGauges() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), statsIntervalSeconds: 0,
                                                        requestTimeoutSeconds: 1, restartGraceSeconds: 0)
            let controller = FabricController(inventory: try fixture.store.loadLatest().topology, configuration: configuration)
            let port = try await controller.start()
            let programmer = FabricProgrammer(controller: controller, engine: fixture.engine)
            let application = Application(router: APIRouter.make(engine: fixture.engine, metrics: fixture.metrics, programmer: programmer, token: nil),
                                          configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            do {
                let before = try await application.test(.router) { client in String(buffer: try await client.execute(uri: "/metrics", method: .get).body) }
                for datapathID: UInt64 in [0xDEAD_0001, 0xDEAD_0002, 0xDEAD_0001] {
                    try await FakeSwitch.connect(port: port, datapathID: datapathID) { fake in
                        try await fake.send(.hello(Hello()))
                        #expect(await fake.waitForClose(seconds: 5), "datapath id \(datapathID) was not disconnected")
                    }
                }
                try await FakeSwitch.connect(port: port) { junk in
                    try await junk.sendRaw(Array("GET / HTTP/1.1\r\n\r\n".utf8))
                    #expect(await junk.waitForClose(seconds: 5), "the junk peer was not disconnected")
                }
                let counted = await Self.waitUntil { await controller.statistics.handshakesFailed == 1 }
                #expect(counted, "the junk peer's failed handshake was never counted")
                let after = try await application.test(.router) { client in String(buffer: try await client.execute(uri: "/metrics", method: .get).body) }
                await controller.stop()
                #expect(Self.value(of: "weft_openflow_switches_refused", in: before) == 0)
                #expect(Self.value(of: "weft_openflow_switches_refused", in: after) == 3)
                #expect(Self.value(of: "weft_openflow_unknown_dpids", in: after) == 2)
                #expect(Self.value(of: "weft_openflow_handshakes_failed", in: after) == 1)
                #expect(Self.value(of: "weft_openflow_host_control_frames_dropped", in: after) == 0)
            } catch {
                await controller.stop()
                throw error
            }
        }
    }

    /// Polls `condition` every 20 ms for up to 5 s; returns whether it held.
    static func waitUntil(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
