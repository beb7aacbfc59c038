@testable import Controller
import NIOConcurrencyHelpers
import NIOCore
import OpenFlow
import Testing
import Topology
import WeftTestSupport

/// A session's writes go through `NIOAsyncChannel`'s outbound writer and every request's deadline is a
/// child task of the request: against a scripted switch on loopback, a switch that stops reading never
/// keeps a session (or the controller) from ending, and a request without a reply fails with a typed
/// timeout. Each test has a time limit, so a hang fails instead of stalling the run.
@Suite("Session writer and deadlines", .serialized)
struct SwitchSessionWriterTests {
    /// Whether `SwitchSession.run` returned.
    final class RunEnded: Sendable {
        private let box = NIOLockedValueBox(false)
        var value: Bool { box.withLockedValue { $0 } }
        func mark() { box.withLockedValue { $0 = true } }
    }

    /// Accepts one connection on a loopback listener and runs a `SwitchSession` on it (with the
    /// handshake when `handshake` holds) while `body` drives a `FakeSwitch` against it.
    func withSession(requestTimeout: Double = 1, handshake: Bool = true,
                     _ body: @Sendable (SwitchSession, FakeSwitch, RunEnded) async throws -> Void) async throws {
        let server = try await OpenFlowListener.bind(.tcp(host: "127.0.0.1", port: 0), tls: nil)
        let port = try #require(server.channel.localAddress?.port)
        let accepted = NIOLockedValueBox<SwitchSession?>(nil)
        let ended = RunEnded()
        try await server.executeThenClose { connections in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await connection in connections {
                        let session = SwitchSession(connectionID: 1, channel: connection.channel, logger: ControllerHarness.logger,
                                                    requestTimeout: requestTimeout)
                        accepted.withLockedValue { $0 = session }
                        try? await session.run(connection, establish: {
                            if handshake { _ = try? await session.handshake() }
                        }, events: { _ in })
                        ended.mark()
                        return
                    }
                }
                try await FakeSwitch.connect(port: port) { fake in
                    try await fake.send(.hello(Hello()))
                    let found = await ControllerHarness.waitUntil(seconds: 10) {
                        guard let session = accepted.withLockedValue({ $0 }) else { return false }
                        guard handshake else { return true }
                        return await session.state == .ready
                    }
                    let session = try #require(accepted.withLockedValue { $0 }, "no connection accepted")
                    try #require(found != nil, "the handshake did not finish")
                    try await body(session, fake, ended)
                }
                group.cancelAll()
            }
        }
    }

    @Test("a switch that stops reading: writes wait, and closing the session still ends run() at once",
          .timeLimit(.minutes(1)))
    func stalledPeerDoesNotHoldTheSession() async throws {
        try await withSession { session, fake, ended in
            await fake.setReading(false)
            // 18 MB of packet-outs: more than loopback's socket buffers hold, so the writer must wait.
            let frame = [UInt8](repeating: 0x5A, count: 60_000)
            await session.sendUnacknowledged(Array(repeating: .packetOut(PacketOut(actions: [.output(port: 1)], data: frame)), count: 300))
            let waiting = await ControllerHarness.waitUntil(seconds: 15) {
                await session.sendUnacknowledged([.packetOut(PacketOut(actions: [.output(port: 1)], data: frame))])
                return await session.writerWaitsForPeer
            }
            try #require(waiting != nil, "the writer never waited for the switch")
            let clock = ContinuousClock()
            let closing = clock.now
            await session.close(reason: "test closes a session whose switch stopped reading")
            let returned = await ControllerHarness.waitUntil(seconds: 10) { ended.value }
            let took = closing.duration(to: clock.now)
            print("run() returned \(took) after close() with a write waiting on a switch that does not read")
            #expect(returned != nil, "run() did not return after close()")
            #expect(took < .seconds(3), "run() took \(took) to return after close()")
        }
    }

    @Test("a request without a reply fails with a timeout error naming it, and its deadline child has ended",
          .timeLimit(.minutes(1)))
    func unansweredRequestTimesOut() async throws {
        try await withSession(requestTimeout: 0.5) { session, fake, _ in
            await fake.setAnswering(false)
            let clock = ContinuousClock()
            let sent = clock.now
            do {
                _ = try await session.request(.echoRequest([1, 2, 3]), name: "ECHO_REQUEST")
                Issue.record("a request the switch never answered succeeded")
            } catch let SwitchSessionError.timedOut(_, request, _, seconds) {
                #expect(request == "ECHO_REQUEST" && seconds == 0.5)
            }
            let took = sent.duration(to: clock.now)
            #expect(took >= .milliseconds(500), "timed out after \(took), deadline 0.5 s")
            #expect(await session.runningDeadlines == 0)
            #expect(await session.state == .ready, "a timed-out request must not close the session")
        }
    }

    @Test("a reply cancels its request's deadline child before the request returns", .timeLimit(.minutes(1)))
    func replyCancelsTheDeadline() async throws {
        try await withSession(requestTimeout: 30) { session, _, _ in
            for round in 0..<20 {
                let reply = try await session.request(.echoRequest([UInt8(round)]), name: "ECHO_REQUEST")
                #expect(reply == .echoReply([UInt8(round)]))
                #expect(await session.runningDeadlines == 0, "a deadline child outlived its reply")
            }
        }
    }

    @Test("cancelling a caller that waits for a reply fails its request at once", .timeLimit(.minutes(1)))
    func cancelledCallerStopsWaiting() async throws {
        try await withSession(requestTimeout: 30) { session, fake, _ in
            await fake.setAnswering(false)
            let waiting = Task { try await session.request(.echoRequest([7]), name: "ECHO_REQUEST") }
            _ = await ControllerHarness.waitUntil(seconds: 5) { await session.runningDeadlines == 1 }
            let clock = ContinuousClock()
            let cancelled = clock.now
            waiting.cancel()
            let outcome = await waiting.result
            let took = cancelled.duration(to: clock.now)
            #expect(throws: CancellationError.self) { try outcome.get() }
            #expect(took < .seconds(2), "the request ended \(took) after its caller was cancelled")
            #expect(await session.runningDeadlines == 0)
        }
    }

    /// The hang behind last session's revert: a peer that connects and leaves at once can end the
    /// session before its handshake starts; the handshake must then fail, not wait for a HELLO forever.
    @Test("a handshake that starts after the connection ended fails at once", .timeLimit(.minutes(1)))
    func handshakeAfterCloseFails() async throws {
        try await withSession(handshake: false) { session, _, _ in
            await session.close(reason: "peer left before the handshake")
            do {
                _ = try await session.handshake()
                Issue.record("a handshake on a closed session succeeded")
            } catch let SwitchSessionError.closed(_, request) {
                #expect(request == "HELLO")
            }
        }
    }

    @Test("cancelling the controller while its writes wait for a switch that stopped reading returns promptly",
          .timeLimit(.minutes(1)))
    func controllerStopsWithWritesPending() async throws {
        let configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), lldpIntervalSeconds: 0.5, deadPeerSeconds: 60,
                                                    statsIntervalSeconds: 0, requestTimeoutSeconds: 30, admission: .everySwitch)
        let controller = FabricController(inventory: Topology(name: "empty"), configuration: configuration, logger: ControllerHarness.logger)
        let port = try await controller.start()
        try await FakeSwitch.connect(port: port) { fake in
            try await fake.send(.hello(Hello()))
            _ = await fake.waitFor { $0.type == .packetOut }
            await fake.setReading(false)
            // Each 60 kB echo request is answered with a 60 kB echo reply the switch does not read.
            let data = [UInt8](repeating: 0xEC, count: 60_000)
            let waiting = await ControllerHarness.waitUntil(seconds: 20) {
                for _ in 0..<20 { try? await fake.send(.echoRequest(data)) }
                return await controller.sessionsWaitingToWrite() == 1
            }
            try #require(waiting != nil, "the controller's writer never waited for the switch")
            let clock = ContinuousClock()
            let stopping = clock.now
            await controller.stop()
            let took = stopping.duration(to: clock.now)
            print("controller stopped \(took) after cancellation with a write waiting on a switch that does not read")
            #expect(took < .seconds(2), "stopping took \(took)")
        }
    }
}
