@testable import Controller
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import OpenFlow
import Testing
import Topology
import TopologyStore
import WeftTestSupport

/// The OpenFlow port belongs to the fabric: only stored (or allowed) datapath ids join; strangers are
/// disconnected, counted, logged once per id under a rate limit, and never written to the store.
@Suite("Switch admission", .serialized)
struct SwitchAdmissionTests {
    /// A stored fabric of two switches without links (so nothing is awaited after a start).
    static let stored = Topology(name: "admitted", switches: [
        Switch(name: "leaf1", datapathID: DatapathID(0x2_0001), role: .leaf),
        Switch(name: "leaf2", datapathID: DatapathID(0x2_0002), role: .leaf),
    ])

    /// Runs a controller on a free loopback port over a real SQLite store holding `stored`.
    func withController(admission: SwitchAdmission = .storedSwitches, records: RecordingLogHandler.Records = .init(),
                        _ body: (FabricController, Int, TopologyStore) async throws -> Void) async throws {
        let scratch = try ScratchDirectory()
        let store = try TopologyStore(path: scratch.path("weft.sqlite"))
        _ = try store.save(Self.stored, source: "test")
        let configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), lldpIntervalSeconds: 0.2,
                                                    statsIntervalSeconds: 0, requestTimeoutSeconds: 1, admission: admission)
        let controller = FabricController(inventory: try store.loadLatest().topology, configuration: configuration, store: store,
                                          logger: RecordingLogHandler.logger(into: records))
        let port = try await controller.start()
        do {
            try await body(controller, port, store)
            await controller.stop()
        } catch {
            await controller.stop()
            throw error
        }
    }

    /// Connects a scripted switch with `datapathID`, says hello, and returns whether the controller
    /// closed the connection within `seconds`.
    func connectAndWaitForClose(port: Int, datapathID: UInt64, seconds: Double = 10) async throws -> Bool {
        let closed = NIOLockedValueBox(false)
        try await FakeSwitch.connect(port: port, datapathID: datapathID) { fake in
            try await fake.send(.hello(Hello()))
            let observed = await fake.waitForClose(seconds: seconds)
            closed.withLockedValue { $0 = observed }
        }
        return closed.withLockedValue { $0 }
    }

    @Test("20 unknown switches connecting and disconnecting add no stored version and are counted")
    func unknownSwitchesAddNoVersion() async throws {
        try await withController { controller, port, store in
            for index in 0..<20 {
                let refused = try await connectAndWaitForClose(port: port, datapathID: 0x9_0000 + UInt64(index))
                #expect(refused, "unknown switch \(index) was not disconnected")
            }
            await controller.reprogramAndWait()
            try await Task.sleep(for: .milliseconds(500))
            let statistics = await controller.statistics
            let versions = try store.versions().count
            #expect(versions == 1)
            #expect(statistics.switchesRefused == 20)
            #expect(statistics.unknownDatapathIDs == 20)
            #expect(statistics.connectedSwitches == 0)
            #expect(await controller.topology.switches.isEmpty)
        }
    }

    @Test("a stored switch is admitted")
    func storedSwitchIsAdmitted() async throws {
        try await withController { controller, port, _ in
            try await FakeSwitch.connect(port: port, datapathID: 0x2_0001) { fake in
                try await fake.send(.hello(Hello()))
                _ = await fake.waitFor { $0.type == .packetOut }
                #expect(await controller.statistics.connectedSwitches == 1)
                #expect(await controller.topology.switchNamed("leaf1") != nil)
                #expect(await !fake.isClosed)
            }
            #expect(await controller.statistics.switchesRefused == 0)
        }
    }

    @Test("an allowed datapath id joins a fabric that does not store it yet")
    func allowedSwitchIsAdmitted() async throws {
        try await withController(admission: SwitchAdmission(allowed: [DatapathID(0x7777)])) { controller, port, _ in
            try await FakeSwitch.connect(port: port, datapathID: 0x7777) { fake in
                try await fake.send(.hello(Hello()))
                _ = await fake.waitFor { $0.type == .packetOut }
                #expect(await controller.statistics.connectedSwitches == 1)
            }
            let refused = try await connectAndWaitForClose(port: port, datapathID: 0x7778)
            #expect(refused, "a datapath id neither stored nor allowed was admitted")
        }
    }

    @Test("a switch refused again and again is logged once")
    func refusedSwitchIsLoggedOnce() async throws {
        let records = RecordingLogHandler.Records()
        try await withController(records: records) { controller, port, _ in
            for _ in 0..<5 {
                let refused = try await connectAndWaitForClose(port: port, datapathID: 0x9_9999)
                #expect(refused)
            }
            #expect(await controller.statistics.switchesRefused == 5)
            #expect(await controller.statistics.unknownDatapathIDs == 1)
        }
        let lines = records.all.filter { $0.message.hasPrefix("switch not admitted") }
        #expect(lines.count == 1)
    }

    @Test("warnings about 200 junk peers are rate-limited and the peers are counted")
    func junkPeerWarningsAreRateLimited() async throws {
        let records = RecordingLogHandler.Records()
        try await withController(records: records) { controller, port, _ in
            for index in 0..<200 {
                let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connect(host: "127.0.0.1", port: port).get()
                // An HTTP request line, then a frame whose length is below the OpenFlow header size.
                let junk: [UInt8] = index.isMultiple(of: 2) ? Array("GET / HTTP/1.1\r\n\r\n".utf8) : [4, 0, 0, 2]
                try await channel.writeAndFlush(ByteBuffer(bytes: junk))
                try await channel.close()
            }
            let settled = await ControllerHarness.waitUntil(seconds: 10) { await controller.statistics.handshakesFailed == 200 }
            let statistics = await controller.statistics
            #expect(settled != nil, "handshakes failed: \(statistics.handshakesFailed) of 200")
            #expect(statistics.peerWarningsSuppressed >= 190)
        }
        let warnings = records.all.filter { $0.level >= .warning }
        #expect(warnings.count <= 10, "\(warnings.count) warning lines for 200 junk peers")
        #expect(records.all.count(where: { $0.level >= .info }) <= 20)
    }
}
