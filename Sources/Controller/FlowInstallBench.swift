import FlowCompiler
import Logging
import OpenFlow
import Topology

/// The controller's flow-programming path in isolation, for `weft bench flows`: accepts switches,
/// runs the OpenFlow handshake, and installs a given list of entries on one of them through the same
/// session code the controller uses (flow-mods in order, then one barrier), timing until the barrier
/// reply confirms that the switch applied them all.
public actor FlowInstallBench {
    /// One timed installation.
    public struct Measurement: Sendable {
        public var entries: Int
        public var seconds: Double
        /// Errors the switch reported for the flow-mods.
        public var errors: Int
        public var entriesPerSecond: Double { seconds > 0 ? Double(entries) / seconds : 0 }
    }

    private let listen: ControllerConfiguration.Listen
    private let requestTimeout: Double
    private let logger: Logger
    private var server: OpenFlowListener.Server?
    private var acceptTask: Task<Void, Never>?
    private var sessions: [DatapathID: SwitchSession] = [:]
    private var nextConnectionID = 0

    public init(listen: ControllerConfiguration.Listen, requestTimeoutSeconds: Double = 30, logger: Logger = Logger(label: "weft.bench")) {
        self.listen = listen
        requestTimeout = requestTimeoutSeconds
        self.logger = logger
    }

    /// Starts listening.
    public func start() async throws {
        let server = try await OpenFlowListener.bind(listen, tls: nil)
        self.server = server
        acceptTask = Task {
            try? await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await self.serve(connection) }
                        }
                    } catch {}
                }
            }
        }
    }

    /// Datapath ids of the switches that completed the handshake.
    public var connected: Set<DatapathID> { Set(sessions.keys) }

    /// Sends `rules` as flow-mods to switch `id`, then a barrier; returns when the barrier reply arrived.
    public func install(_ rules: [FlowRule], on id: DatapathID) async throws -> Measurement {
        guard let session = sessions[id] else { throw SwitchSessionError.closed(peer: "\(id)", request: "bench install") }
        let messages = rules.map(\.addMessage)
        let clock = ContinuousClock()
        let started = clock.now
        let errors = try await session.sendBatch(messages)
        let elapsed = started.duration(to: clock.now)
        return Measurement(entries: rules.count, seconds: elapsed.seconds, errors: errors.count)
    }

    /// Deletes every flow entry of switch `id` and waits for the barrier.
    public func clear(_ id: DatapathID) async throws {
        guard let session = sessions[id] else { return }
        _ = try await session.sendBatch([.flowMod(FlowMod(command: .delete, tableID: OpenFlowID.allTables))])
    }

    /// Disconnects every switch and stops listening.
    public func stop() async {
        for session in sessions.values { await session.close(reason: "benchmark finished") }
        sessions.removeAll()
        try? await server?.channel.close()
        acceptTask?.cancel()
    }

    private func serve(_ connection: OpenFlowListener.Connection) async {
        nextConnectionID += 1
        let session = SwitchSession(connectionID: nextConnectionID, channel: connection.channel, logger: logger, requestTimeout: requestTimeout)
        try? await session.run(connection, establish: {
            guard let (features, _) = try? await session.handshake() else { return }
            await self.register(session, id: DatapathID(features.datapathID))
        }, events: { _ in })
        await session.close(reason: "connection ended")
        if let id = await session.datapathID, sessions[id] === session { sessions[id] = nil }
    }

    private func register(_ session: SwitchSession, id: DatapathID) {
        sessions[id] = session
    }
}
