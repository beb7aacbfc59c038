import FlowCompiler
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import OpenFlow
import Optimizer
import ServiceLifecycle
import TaasPlanner
import Topology
import TopologyStore
import TopologyFormats

/// An OpenFlow 1.3 controller for a spine-leaf fabric: discovers it, keeps it programmed, measures it.
///
/// - **Sessions.** Switches connect over TCP (SwiftNIO); each gets a `SwitchSession` (hello → features
///   → port descriptions → ready), echo keepalive and dead-peer detection.
/// - **Discovery.** LLDP packet-outs on every port each `lldpIntervalSeconds`; LLDP PACKET_INs become
///   `LLDPObservation`s, turned into links by `LLDPLinkDiscovery`. Links time out; a PORT_STATUS that
///   takes a port down (or deletes it) withdraws its links at once. Each changed topology is saved to
///   the `TopologyStore` (a new version only when it changed).
/// - **Programming.** The current plan (shortest paths, or the last applied allocation adapted to the
///   current topology) is compiled by `FlowCompiler` and installed make-before-break across the fabric:
///   new entries on every switch, barriers; entries that move traffic, barriers; the old version
///   deleted by cookie, barriers. A switch that
///   (re)connects is reconciled instead: its flows and groups are read back, what is not desired is
///   removed and what is missing added.
/// - **Measurement.** Port statistics polled every `statsIntervalSeconds` give per-port rates.
/// - **Roles.** With several controllers on the same switches (Weft instances sharing a database),
///   `claim(_:generationID:seed:)` sends `OFPT_ROLE_REQUEST` on every connection. A SLAVE controller
///   only watches: no LLDP, no programming, no topology saves. Becoming MASTER (with the leader
///   lease's fencing token as generation id) reconciles every switch without flushing it; a switch
///   that refuses the role as stale makes the controller passive again.
///
/// - **Admission.** Only switches whose datapath id is in `inventory` or admitted by the configuration's
///   `SwitchAdmission` join the fabric; any other peer is disconnected after the handshake, logged once
///   per datapath id (rate-limited) and counted, and never changes the topology. With `tls`, switches
///   connect over TLS and must present a certificate signed by the configured CA.
///
/// Host inventory (MAC, IP, attachment, tenant) and switch names come from `inventory`, keyed by
/// datapath id; switches missing from it are named `sw-<dpid>`.
///
/// - **Lifecycle.** The controller is a swift-service-lifecycle `Service`: `run()` listens and owns a
///   task group of its loops (connections, programming, LLDP, keepalive, statistics, topology saves);
///   it ends them on graceful shutdown or cancellation, and an error in any of them (the listener
///   failing) ends `run()` with that error. Each changed topology is published on
///   ``topologyChanges()``; the store is written by a child task consuming that stream, never on the
///   actor. `start()`/`stop()` run `run()` in a task of their own, for callers outside a `ServiceGroup`.
public actor FabricController: Service {
    private let configuration: ControllerConfiguration
    private let inventory: Topology
    private let store: TopologyStore?
    private let compiler = FlowCompiler()
    private var logger: Logger
    private let startedAt = ContinuousClock.now

    private var lifecycle = Lifecycle.idle
    private var listeningWaiters: [CheckedContinuation<Int, any Error>] = []
    /// `run()` started by `start()`, ended by `stop()`.
    private var runTask: Task<Void, any Error>?
    private var nextConnectionID = 0
    private var topologySubscribers: [Int: AsyncStream<Topology>.Continuation] = [:]
    private var nextSubscriber = 0

    private var sessions: [DatapathID: SwitchSession] = [:]
    private var switchesByID: [DatapathID: Switch] = [:]
    private var packetInBuckets: [DatapathID: TokenBucket] = [:]
    private let peerWarnings = PeerWarnings()
    /// Datapath ids refused admission (bounded: counts stop growing at `maxRemembered`).
    private var refusedIDs: Set<DatapathID> = []
    private var observations = LinkObservations()
    /// Inventory switches that carry inventory links, believed (with their links) until each reconnects
    /// or `expectedUntil` passes, so a restarted controller programs (and reconciles to) the whole fabric
    /// from the start, and a switch still in its reconnect back-off is not a topology change.
    private var expectedSwitches: [DatapathID: Switch] = [:]
    private let expectedUntil: ContinuousClock.Instant
    /// The discovered topology differs from the stored one but was not saved (waiting for switches).
    private var unsaved = false
    private var portSamples: [LinkEnd: PortCounterSample] = [:]
    /// Where each connected port's speed came from (reported by the switch, or the stored port's).
    private var speedSources: [LinkEnd: CapacitySource] = [:]
    private var rates: [LinkEnd: PortRate] = [:]
    private var controlFrames = ControlFrameCounter()
    /// Ports the inventory's hosts attach to: LLDP arriving there is a host's, never a link.
    private let hostPorts: Set<LinkEnd>

    private var currentTopology: Topology
    private var topologyDirty = false
    private var appliedPlan: RoutingPlan?
    /// Mirror copies installed with shortest paths while no plan is applied.
    private var shortestPathMirror: MirrorProgram?
    private var trafficMeter = TrafficMatrixMeter()
    private var installed: [DatapathID: SwitchProgram] = [:]
    private var needsReconcile: Set<DatapathID> = []
    private var program: FabricProgram?
    /// What `program` was compiled from: a pass with the same inputs and no switch to reconcile has
    /// nothing to do, so a store write that changes neither (a reservation, a matrix snapshot) costs
    /// a comparison, not a compile.
    private var programInputs: ProgramInputs?
    private var version: UInt32 = 0
    private var failureAt: ContinuousClock.Instant?
    /// The last switch connection or port-up report: where `lastDiscoverySeconds` is measured from.
    private var discoveryStart: ContinuousClock.Instant?
    private var stats = ControllerStatistics()
    /// Set once the controller stops (shutdown began, or a connection was cancelled by it): no
    /// programming, no topology changes from switches let go.
    private var stopping = false
    private var shutDownStarted = false
    /// The role claimed on every connection; `nil` for the only controller (no request: EQUAL).
    private var role: RoleRequest?

    private var wakeProgrammer: AsyncStream<Void>.Continuation?
    /// Topologies to save, consumed by the saving child task of `run()`.
    private var pendingSaves: AsyncStream<Topology>.Continuation?
    private var requestedPass = 0
    private var completedPass = 0
    private var passWaiters: [(pass: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// - Parameters:
    ///   - inventory: switch names/roles by datapath id, hosts and tenants; its links seed discovery
    ///     (they are believed until they time out), so a restarted controller keeps the fabric routed.
    ///   - store: where each changed topology is saved; `nil` to keep it in memory only.
    public init(inventory: Topology, configuration: ControllerConfiguration = ControllerConfiguration(),
                store: TopologyStore? = nil, logger: Logger = Logger(label: "weft.controller")) {
        self.inventory = inventory
        self.configuration = configuration
        hostPorts = Set(inventory.hosts.map(\.attachment))
        self.store = store
        self.logger = logger
        currentTopology = Topology(name: inventory.name, hosts: [], tenants: inventory.tenants)
        let now = ContinuousClock.now
        expectedUntil = now + .seconds(configuration.restartGraceSeconds)
        for (observation, sender, receiver) in Self.believedLinks(of: inventory) {
            observations.record(observation, at: now)
            expectedSwitches[sender.datapathID] = sender
            expectedSwitches[receiver.datapathID] = receiver
        }
        topologyDirty = !expectedSwitches.isEmpty
    }

    /// The LLDP observations that `topology`'s up links would produce, with their two switches.
    private static func believedLinks(of topology: Topology) -> [(LLDPObservation, sender: Switch, receiver: Switch)] {
        topology.links.filter(\.isUp).compactMap { link in
            guard let sender = topology.switchNamed(link.source.node), let receiver = topology.switchNamed(link.target.node) else { return nil }
            return (LLDPObservation(datapathID: receiver.datapathID, port: link.target.port,
                                    neighbourDatapathID: sender.datapathID, neighbourPort: link.source.port), sender, receiver)
        }
    }

    // MARK: Public API

    /// Listens for switches and runs every loop of the controller in one task group until graceful
    /// shutdown or cancellation; then disconnects every switch (their flows stay: `fail_mode=secure`).
    /// Throws when the configuration is invalid, when it cannot listen, or when the listener fails.
    /// Runs once.
    public func run() async throws {
        guard case .idle = lifecycle else { throw ControllerError.notRunning }
        let server: OpenFlowListener.Server
        do {
            let problems = configuration.problems()
            guard problems.isEmpty else { throw ControllerError.invalidConfiguration(problems) }
            let tlsContext = try configuration.tls?.makeContext()
            server = try await OpenFlowListener.bind(configuration.listen, tls: tlsContext)
            let port = server.channel.localAddress?.port ?? 0
            logger.info("controller listening", metadata: [
                "address": "\(configuration.listen)", "port": "\(port)", "transport": "\(tlsContext == nil ? "tcp" : "tls (mutual)")",
                "admission": "\(admissionSummary)",
            ])
            becomeListening(port: port)
        } catch {
            end(failing: error)
            throw error
        }
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeProgrammer = wake
        let (saves, save) = AsyncStream<Topology>.makeStream(bufferingPolicy: .bufferingNewest(1))
        pendingSaves = save
        requestProgramming()
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { try await self.accept(on: server) }
                    group.addTask { await self.programmingLoop(wakeups) }
                    group.addTask { await self.every(self.configuration.lldpIntervalSeconds) { await $0.discoveryRound() } }
                    group.addTask {
                        await self.every(min(self.configuration.echoIntervalSeconds, self.configuration.deadPeerSeconds) / 2) { await $0.keepaliveRound() }
                    }
                    if self.configuration.statsIntervalSeconds > 0 {
                        group.addTask { await self.every(self.configuration.statsIntervalSeconds) { await $0.statisticsRound() } }
                    }
                    if let store = self.store {
                        group.addTask { await Self.save(saves, to: store, logger: self.logger) }
                    }
                    group.addTask {
                        // Cancellation (shutdown) reaches the loops here first: close every session so
                        // that no loop waits on a reply that will never come.
                        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                        await self.shutDown()
                    }
                }
            }
        } catch is CancellationError {
            // Shutdown or cancellation: the normal end.
        } catch {
            await shutDown()
            end(failing: error)
            throw error
        }
        await shutDown()
        end(failing: nil)
    }

    /// Starts `run()` in a task of its own and returns once it listens: the TCP port (0 for a Unix
    /// socket). For callers that do not run the controller in a `ServiceGroup`; end it with `stop()`.
    @discardableResult
    public func start() async throws -> Int {
        if runTask == nil {
            runTask = Task { try await self.run() }
        }
        return try await listeningPort()
    }

    /// Ends what `start()` started: cancels `run()` and waits until every loop ended and every switch
    /// was disconnected (their flows stay: `fail_mode=secure`).
    public func stop() async {
        guard let runTask else { return }
        runTask.cancel()
        _ = try? await runTask.value
    }

    /// The port `run()` listens on (0 for a Unix socket), once it does; throws what kept it from
    /// listening, or when it already ended.
    public func listeningPort() async throws -> Int {
        switch lifecycle {
        case let .listening(port): return port
        case let .ended(error): throw error ?? ControllerError.notRunning
        case .idle: return try await withCheckedThrowingContinuation { listeningWaiters.append($0) }
        }
    }

    /// Each topology the controller discovers from now on (switches, ports, links, capacities), in
    /// order; a subscriber that falls behind gets the newest. Ends when `run()` ends.
    public func topologyChanges() -> AsyncStream<Topology> {
        let (stream, continuation) = AsyncStream<Topology>.makeStream(bufferingPolicy: .bufferingNewest(1))
        if case .ended = lifecycle {
            continuation.finish()
            return stream
        }
        nextSubscriber += 1
        let id = nextSubscriber
        topologySubscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        topologySubscribers[id] = nil
    }

    private enum Lifecycle {
        case idle
        case listening(port: Int)
        case ended((any Error)?)
    }

    private func becomeListening(port: Int) {
        lifecycle = .listening(port: port)
        for waiter in listeningWaiters { waiter.resume(returning: port) }
        listeningWaiters.removeAll()
    }

    private func end(failing error: (any Error)?) {
        lifecycle = .ended(error)
        for waiter in listeningWaiters { waiter.resume(throwing: error ?? ControllerError.notRunning) }
        listeningWaiters.removeAll()
        for subscriber in topologySubscribers.values { subscriber.finish() }
        topologySubscribers.removeAll()
    }

    /// Stops programming, disconnects every switch and releases whoever waits for a programming pass.
    private func shutDown() async {
        guard !shutDownStarted else { return }
        shutDownStarted = true
        stopping = true
        wakeProgrammer?.finish()
        pendingSaves?.finish()
        for session in sessions.values { await session.close(reason: "controller stopping") }
        for waiter in passWaiters { waiter.continuation.resume() }
        passWaiters.removeAll()
        logger.info("controller stopped")
    }

    /// Saves each topology `refreshTopology` hands over to `store`, off the actor: a slow write delays
    /// the next save, never the controller; a save that falls behind is replaced by the newest.
    private static func save(_ changes: AsyncStream<Topology>, to store: TopologyStore, logger: Logger) async {
        for await topology in changes {
            do {
                let outcome = try store.saveIfChanged(topology, source: "controller")
                if outcome.madeNewVersion {
                    logger.info("topology saved", metadata: ["version": "\(outcome.version.number)"])
                }
            } catch {
                logger.error("cannot save topology", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The fabric as discovered now: connected switches with their ports, LLDP links, inventory hosts.
    public var topology: Topology {
        refreshTopology()
        return currentTopology
    }

    /// The program version last installed, with every switch's flows, groups and meters.
    public var installedProgram: FabricProgram? { program }

    /// Latest receive/transmit rate of every polled port.
    public var portRates: [LinkEnd: PortRate] { rates }

    /// Counters and timings.
    public var statistics: ControllerStatistics {
        var snapshot = stats
        snapshot.connectedSwitches = sessions.count
        snapshot.packetInsDropped = packetInBuckets.values.reduce(0) { $0 + $1.dropped }
        snapshot.unknownDatapathIDs = refusedIDs.count
        snapshot.hostControlFramesDropped = controlFrames.total
        snapshot.peerWarningsSuppressed = peerWarnings.suppressedCount
        snapshot.programVersion = version
        return snapshot
    }

    /// How many switch connections have a write waiting for the switch to read (TCP back-pressure).
    func sessionsWaitingToWrite() async -> Int {
        var waiting = 0
        for session in sessions.values where await session.writerWaitsForPeer { waiting += 1 }
        return waiting
    }

    /// Programs `allocation` (computed on `topology`) and returns once every switch acknowledged it
    /// with a barrier reply. Until the next call, topology changes reprogram this allocation adapted to
    /// the new topology (broken pairs fall back to shortest paths).
    /// With `classes`, the ingress leaves classify by DSCP and meter every (ingress, egress, class)
    /// aggregate to its allocated rate.
    public func apply(_ allocation: Allocation, computedOn topology: Topology, classes: QoSClassCatalog? = nil) async throws {
        appliedPlan = try RoutingPlan(allocation: allocation, topology: topology, version: 0, classes: classes)
        await reprogramAndWait()
    }

    /// Programs `plan` (its version is replaced by the controller's) and waits for the barrier replies.
    public func apply(_ plan: RoutingPlan) async {
        appliedPlan = plan
        await reprogramAndWait()
    }

    /// Routes by shortest paths on the topology as it is discovered (no allocation applied), with
    /// `mirror` copies, and waits for the barrier replies.
    public func applyShortestPaths(mirror: MirrorProgram?) async {
        appliedPlan = nil
        shortestPathMirror = mirror
        await reprogramAndWait()
    }

    /// Sets the measured traffic matrix's window (minimum time between the two counter samples of a
    /// rate) and smoothing (weight of the newest window); history is kept.
    public func configureTrafficMatrix(window: Duration, smoothing: Double) {
        trafficMeter.window = window
        trafficMeter.smoothing = min(1, max(smoothing, 0.01))
    }

    /// Reads the class-aggregate meter counters of every connected ingress switch and returns the measured
    /// leaf-to-leaf × class matrix (aggregates whose window has not completed yet are absent).
    public func sampleTrafficMatrix() async -> [TrafficMatrixMeter.Entry] {
        for (id, session) in sessions where trafficMeter.measures(switchName(id)) {
            let name = switchName(id)
            do {
                trafficMeter.record(switchName: name, stats: try await meterStats(of: session), at: .now)
            } catch {
                logger.warning("traffic matrix sample failed", metadata: ["switch": "\(name)", "error": "\(error)"])
            }
        }
        return trafficMeter.matrix
    }

    /// Reads the class-aggregate meters of every connected ingress switch: per aggregate, the bytes that
    /// reached its meter and the bytes its drop band dropped (what the edge cut to the allocation), sorted
    /// by aggregate.
    public func aggregateMeterCounters() async -> [AggregateMeterCounters] {
        var counters: [AggregateMeterCounters] = []
        for (id, session) in sessions where trafficMeter.measures(switchName(id)) {
            let name = switchName(id)
            do {
                for stats in try await meterStats(of: session) {
                    guard let aggregate = trafficMeter.aggregate(on: name, meter: stats.meterID) else { continue }
                    counters.append(AggregateMeterCounters(aggregate: aggregate, meterID: stats.meterID, inputBytes: stats.byteInCount,
                                                           droppedBytes: stats.bandStats.first?.byteCount ?? 0))
                }
            } catch {
                logger.warning("aggregate meter statistics failed", metadata: ["switch": "\(name)", "error": "\(error)"])
            }
        }
        return counters.sorted { $0.aggregate < $1.aggregate }
    }

    /// Every meter's statistics of one switch (one `OFPMP_METER` request for all meters).
    private func meterStats(of session: SwitchSession) async throws -> [MeterStats] {
        var stats: [MeterStats] = []
        for case let .meter(part) in try await session.multipart(.meter(), name: "METER_STATS") {
            stats += part
        }
        return stats
    }

    /// Reads the flow statistics of the installed tap flows' copy entries, the statistics of their
    /// sampling groups and of their meters from the connected switches; one ``MirrorCounters`` per tap
    /// flow, sorted by id.
    public func mirrorCounters() async -> [MirrorCounters] {
        guard let program, !program.taps.isEmpty else { return [] }
        var entries: [String: [FlowRule.Key: FlowStats]] = [:]
        var meters: [String: [UInt32: MeterStats]] = [:]
        var groups: [String: [UInt32: GroupStats]] = [:]
        for (id, session) in sessions {
            let name = switchName(id)
            let copies = program.taps.values.contains { $0.copyEntries[name] != nil }
            let metered = program.taps.values.contains { $0.meters[name] != nil }
            let sampled = program.taps.values.contains { $0.samplingGroups[name] != nil }
            do {
                if sampled {
                    for case let .group(part) in try await session.multipart(.group(), name: "GROUP_STATS") {
                        for stats in part { groups[name, default: [:]][stats.groupID] = stats }
                    }
                }
                if copies {
                    for case let .flow(part) in try await session.multipart(.flow(FlowStatsRequest(tableID: FlowCompiler.Table.admission)), name: "FLOW_STATS") {
                        for stats in part {
                            if let rule = FlowRule(stats: stats) { entries[name, default: [:]][rule.key] = stats }
                        }
                    }
                }
                if metered {
                    for stats in try await meterStats(of: session) { meters[name, default: [:]][stats.meterID] = stats }
                }
            } catch {
                logger.warning("mirror statistics failed", metadata: ["switch": "\(name)", "error": "\(error)"])
            }
        }
        return program.taps.sorted { $0.key < $1.key }.map { tapFlowID, accounting in
            let copied = accounting.copyEntries.flatMap { name, keys in keys.compactMap { entries[name]?[$0] } }
            let metered = accounting.meters.compactMap { name, id in meters[name]?[id] }
            let sampledOut = accounting.samplingGroups.flatMap { name, ids in ids.compactMap { groups[name]?[$0]?.bucketStats.dropFirst().first } }
            return MirrorCounters(tapFlowID: tapFlowID, copiedPackets: copied.reduce(0) { $0 + $1.packetCount },
                                  copiedBytes: copied.reduce(0) { $0 + $1.byteCount }, sourceSkippedBytes: sampledOut.reduce(0) { $0 + $1.byteCount },
                                  meterInputBytes: accounting.meters.isEmpty ? nil : metered.reduce(0) { $0 + $1.byteInCount },
                                  meterDroppedBytes: accounting.meters.isEmpty ? nil : metered.reduce(0) { $0 + ($1.bandStats.first?.byteCount ?? 0) })
        }
    }

    /// Re-runs programming now and returns when it finished (e.g. after changing the inventory's plan).
    public func reprogramAndWait() async {
        let pass = requestProgramming()
        await withCheckedContinuation { continuation in
            if completedPass >= pass || wakeProgrammer == nil {
                continuation.resume()
            } else {
                passWaiters.append((pass, continuation))
            }
        }
    }

    // MARK: Roles

    /// Claims `role` on every switch connection now and on every later one. MASTER: `seed` (the
    /// topology the previous leader saved) is believed until LLDP confirms or times it out, and every
    /// switch is reconciled to the current plan, adding what is missing and removing what is stale,
    /// never flushing. SLAVE: the controller stops sending anything that changes a switch. Returns
    /// once every switch answered the role request and, for MASTER, was reconciled.
    public func claim(_ role: RoleRequest.Role, generationID: UInt64, seed: Topology? = nil) async {
        let request = RoleRequest(role: role, generationID: generationID)
        self.role = request
        if role == .master {
            if let seed {
                let now = ContinuousClock.now
                for (observation, _, _) in Self.believedLinks(of: seed) { observations.record(observation, at: now) }
                topologyDirty = true
            }
            needsReconcile.formUnion(sessions.keys)
        }
        for (id, session) in sessions {
            await sendRole(request, to: session, id: id)
        }
        logger.notice("OpenFlow role", metadata: [
            "claimed": "\(role)", "holding": "\(self.role?.role ?? role)", "generation_id": "\(generationID)", "switches": "\(sessions.count)",
        ])
        if self.role?.role == .master {
            await reprogramAndWait()
        }
    }

    /// Whether this controller only watches (SLAVE).
    private var isPassive: Bool { role?.role == .slave }

    /// Sends the role request; a switch refusing a MASTER claim as stale makes this controller passive.
    private func sendRole(_ request: RoleRequest, to session: SwitchSession, id: DatapathID) async {
        do {
            _ = try await session.request(.roleRequest(request), name: "ROLE_REQUEST")
        } catch let SwitchSessionError.rejected(_, _, _, error) where error.errorType == .roleRequestFailed {
            stats.roleRequestsRefused += 1
            logger.warning("switch refused the role", metadata: [
                "switch": "\(switchName(id))", "role": "\(request.role)", "generation_id": "\(request.generationID)", "error": "\(error)",
            ])
            if request.role == .master, role == request {
                role = RoleRequest(role: .slave, generationID: request.generationID)
            }
        } catch {
            logger.warning("role request failed", metadata: ["switch": "\(switchName(id))", "error": "\(error)"])
        }
    }

    // MARK: Connections

    /// Accepts switch connections until cancelled, each served by a child task; throws when the
    /// listener fails.
    private func accept(on server: OpenFlowListener.Server) async throws {
        do {
            try await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } catch where Task.isCancelled {
            // The controller is stopping: the listener ending is not an error then.
        }
    }

    /// Runs one switch connection (its session's task group: inbound loop, writer and the handshake)
    /// until the connection ends or the controller stops.
    private func serve(_ connection: OpenFlowListener.Connection) async {
        nextConnectionID += 1
        let session = SwitchSession(connectionID: nextConnectionID, channel: connection.channel, logger: logger,
                                    requestTimeout: configuration.requestTimeoutSeconds, warnings: peerWarnings)
        do {
            try await session.run(connection, establish: { await self.establish(session) },
                                  events: { await self.handle($0, from: session) })
        } catch let error as NIOSSLError {
            stats.tlsHandshakesFailed += 1
            peerWarnings.warning(logger, "TLS handshake failed", kind: "tls", metadata: ["peer": "\(session.remoteAddress)", "error": "\(error)"])
        } catch {
            logger.debug("connection ended", metadata: ["peer": "\(session.remoteAddress)", "error": "\(error)"])
        }
        await session.close(reason: "connection ended")
        await sessionEnded(session)
    }

    private func establish(_ session: SwitchSession) async {
        do {
            let (features, ports) = try await session.handshake()
            let id = DatapathID(features.datapathID)
            guard configuration.admission.admits(id, inventory: inventory) else {
                refuse(id, session: session)
                await session.close(reason: "datapath id \(id) is not admitted", quietly: true)
                return
            }
            if let role {
                await sendRole(role, to: session, id: id)
            }
            if let previous = sessions[id], previous !== session {
                await previous.close(reason: "replaced by a new connection from the same datapath")
            }
            sessions[id] = session
            switchesByID[id] = makeSwitch(id, ports: ports)
            packetInBuckets[id] = TokenBucket(ratePerSecond: configuration.packetInRatePerSecond, burst: configuration.packetInBurst)
            needsReconcile.insert(id)
            topologyDirty = true
            discoveryCouldBegin(at: session.connectedAt)
            logger.info("switch connected", metadata: ["dpid": "\(id)", "switch": "\(switchName(id))", "ports": "\(ports.count)"])
            requestProgramming()
        } catch {
            stats.handshakesFailed += 1
            peerWarnings.warning(logger, "handshake failed", kind: "handshake", metadata: ["peer": "\(session.remoteAddress)", "error": "\(error)"])
            await session.close(reason: "handshake failed")
        }
    }

    /// A switch connected or reported a port up at `instant`: links may be found from then on.
    private func discoveryCouldBegin(at instant: ContinuousClock.Instant) {
        discoveryStart = max(discoveryStart ?? instant, instant)
    }

    /// Counts and (rate-limited, once per datapath id) logs a switch that is not admitted.
    private func refuse(_ id: DatapathID, session: SwitchSession) {
        stats.switchesRefused += 1
        if refusedIDs.count < Self.maxRemembered { refusedIDs.insert(id) }
        peerWarnings.warning(logger, "switch not admitted: its datapath id is neither stored nor allowed (--allow-dpid); disconnected",
                             kind: "not admitted", key: "\(id)", metadata: ["dpid": "\(id)", "peer": "\(session.remoteAddress)"])
    }

    /// Most refused datapath ids remembered for the count.
    private static let maxRemembered = 10_000

    private var admissionSummary: String {
        let admission = configuration.admission
        if admission.admitsEverySwitch { return "every switch" }
        return "\(inventory.switches.count) stored + \(admission.allowed.subtracting(inventory.switches.map(\.datapathID)).count) allowed datapath ids"
    }

    private func sessionEnded(_ session: SwitchSession) async {
        guard let id = await session.datapathID, sessions[id] === session else { return }
        sessions[id] = nil
        // Connections are cancelled only when the controller stops: switches it lets go of then did
        // not leave the fabric, and the stored topology must not say they did.
        if Task.isCancelled { stopping = true }
        guard !stopping else { return }
        switchesByID[id] = nil
        installed[id] = nil
        needsReconcile.remove(id)
        let withdrawn = observations.withdraw(datapathID: id)
        topologyDirty = true
        logger.info("switch disconnected", metadata: ["dpid": "\(id)", "switch": "\(switchName(id))", "links_withdrawn": "\(withdrawn.count)"])
        requestProgramming()
    }

    // MARK: Events

    private func handle(_ event: SwitchSession.Event, from session: SwitchSession) async {
        guard let id = await session.datapathID, sessions[id] === session else { return }
        switch event {
        case let .packetIn(packetIn):
            guard packetInBuckets[id]?.admit() ?? false else { return }
            guard LLDPFrame.isLLDP(packetIn.data), let port = packetIn.inPort else {
                stats.packetInsIgnored += 1
                return
            }
            guard let frame = try? LLDPFrame(decoding: packetIn.data), frame.instance == configuration.instanceName else { return }
            guard !hostPorts.contains(LinkEnd(node: switchName(id), port: port)) else {
                // The switch should have dropped it (table 0); a host never takes part in discovery.
                stats.lldpFromHostPorts += 1
                return
            }
            stats.lldpFramesReceived += 1
            let observation = LLDPObservation(datapathID: id, port: port,
                                              neighbourDatapathID: DatapathID(frame.datapathID), neighbourPort: frame.portNumber)
            if observations.record(observation, at: .now) {
                stats.lastDiscoverySeconds = discoveryStart.map { $0.duration(to: .now).seconds }
                logger.debug("link observed", metadata: ["observation": "\(observation)"])
                topologyDirty = true
                requestProgramming()
            }
        case let .portStatus(status):
            let description = status.port
            let down = status.reason == .delete || description.config.contains(.portDown) || description.state.contains(.linkDown)
            if var item = switchesByID[id] {
                item.ports.removeAll { $0.number == description.portNumber }
                if status.reason != .delete, let port = makePort(description, of: id) { item.ports.append(port) }
                item.ports.sort { $0.number < $1.number }
                switchesByID[id] = item
            }
            topologyDirty = true
            if down {
                let withdrawn = observations.withdraw(datapathID: id, port: description.portNumber)
                failureAt = failureAt ?? .now
                logger.info("port down", metadata: ["switch": "\(switchName(id))", "port": "\(description.portNumber)",
                                                    "reason": "\(status.reason)", "links_withdrawn": "\(withdrawn.count)"])
            } else {
                discoveryCouldBegin(at: .now)
                logger.info("port changed", metadata: ["switch": "\(switchName(id))", "port": "\(description.portNumber)", "reason": "\(status.reason)"])
                if !isPassive { await sendLLDP(from: id, ports: [description.portNumber]) }
            }
            requestProgramming()
        }
    }

    // MARK: Periodic work

    private func every(_ seconds: Double, _ body: @Sendable (FabricController) async -> Void) async {
        while !Task.isCancelled {
            await body(self)
            try? await Task.sleep(for: .seconds(seconds))
        }
    }

    private func discoveryRound() async {
        let waiting = waitingSwitches
        if !expectedSwitches.isEmpty, waiting.isEmpty || ContinuousClock.now >= expectedUntil {
            let missing = waiting.map(switchName).sorted()
            expectedSwitches.removeAll()
            topologyDirty = true
            if missing.isEmpty {
                logger.info("every stored switch reconnected")
            } else {
                logger.warning("stored switches did not reconnect within the restart grace", metadata: [
                    "switches": "\(missing)", "grace_s": "\(configuration.restartGraceSeconds)"])
            }
            requestProgramming()
        }
        observations.refresh(involving: waitingSwitches, at: .now)
        let expired = observations.expire(heardBefore: .now - .seconds(configuration.linkTimeoutSeconds))
        if !expired.isEmpty {
            logger.info("links timed out", metadata: ["count": "\(expired.count)", "observations": "\(expired)"])
            topologyDirty = true
            requestProgramming()
        }
        guard !isPassive else { return }
        for id in sessions.keys {
            await sendLLDP(from: id, ports: nil)
        }
    }

    /// Sends an LLDP frame out of each listed port (every up port when `nil`) of switch `id`, without
    /// waiting for anything: the inbound loop calls this for PORT_STATUS, and must never wait on a reply
    /// that only it can deliver.
    private func sendLLDP(from id: DatapathID, ports numbers: [UInt32]?) async {
        guard let session = sessions[id], let item = switchesByID[id] else { return }
        let ports = item.ports.filter { $0.isUp && (numbers?.contains($0.number) ?? true) }
        let messages: [OpenFlowMessage.Payload] = ports.map { port in
            let frame = LLDPFrame(sourceMAC: port.mac?.value ?? 0x0200_0000_0000 | UInt64(port.number), datapathID: id.value,
                                  portNumber: port.number, ttl: UInt16(min(65535, configuration.linkTimeoutSeconds.rounded(.up))),
                                  instance: configuration.instanceName)
            return .packetOut(PacketOut(actions: [.output(port: port.number)], data: frame.encoded()))
        }
        guard !messages.isEmpty else { return }
        stats.lldpFramesSent += UInt64(messages.count)
        await session.sendUnacknowledged(messages)
    }

    private func keepaliveRound() async {
        for (id, session) in sessions {
            let silence = await session.silenceSeconds
            if silence > configuration.deadPeerSeconds {
                logger.warning("switch silent, disconnecting", metadata: ["switch": "\(switchName(id))", "silent_s": "\(silence)"])
                await session.close(reason: "dead peer: silent for \(silence) s")
            } else if silence > configuration.echoIntervalSeconds {
                await session.probe()
            }
        }
    }

    private func statisticsRound() async {
        for (id, session) in sessions where !needsReconcile.contains(id) {
            guard let replies = try? await session.multipart(.portStats(), name: "PORT_STATS") else { continue }
            await readControlFrames(of: id, session: session)
            let now = ContinuousClock.now
            let name = switchName(id)
            for case let .portStats(list) in replies {
                for counters in list where counters.portNumber <= OpenFlowPort.max {
                    let end = LinkEnd(node: name, port: counters.portNumber)
                    let sample = PortCounterSample(counters, at: now)
                    if let earlier = portSamples[end], let rate = sample.rate(since: earlier) {
                        rates[end] = rate
                    }
                    portSamples[end] = sample
                }
            }
        }
    }

    /// Reads the host-port control-frame drop counters of every connected switch and returns the
    /// frames dropped since start (also refreshed by every statistics round).
    public func sampleControlFramesDropped() async -> UInt64 {
        for (id, session) in sessions where !needsReconcile.contains(id) {
            await readControlFrames(of: id, session: session)
        }
        return controlFrames.total
    }

    private func readControlFrames(of id: DatapathID, session: SwitchSession) async {
        guard let replies = try? await session.multipart(.flow(ControlFrameCounter.statsRequest), name: "FLOW_STATS") else { return }
        var stats: [FlowStats] = []
        for case let .flow(part) in replies { stats += part }
        controlFrames.record(stats, of: id)
    }

    // MARK: Programming

    @discardableResult
    private func requestProgramming() -> Int {
        guard !stopping else { return requestedPass }
        requestedPass += 1
        wakeProgrammer?.yield()
        return requestedPass
    }

    private func programmingLoop(_ wakeups: AsyncStream<Void>) async {
        for await _ in wakeups {
            let pass = requestedPass
            await programOnce()
            completedPass = max(completedPass, pass)
            let ready = passWaiters.filter { $0.pass <= completedPass }
            passWaiters.removeAll { $0.pass <= completedPass }
            for waiter in ready { waiter.continuation.resume() }
        }
    }

    /// Compiles the current plan for the current topology and brings every switch to it: reconcile for
    /// switches that (re)connected, and a fabric-wide make-before-break for the rest when the program
    /// changed (see `SwitchProgrammer.Update`: add everywhere, then move traffic everywhere, then remove
    /// the old everywhere, each step barrier-confirmed by every switch before the next).
    private func programOnce() async {
        guard !isPassive else { return }
        let topologyChanged = refreshTopology()
        let topology = currentTopology
        let inputs = ProgramInputs(topology: topology, appliedPlan: appliedPlan, mirror: appliedPlan == nil ? shortestPathMirror : nil)
        guard inputs != programInputs || program == nil || !needsReconcile.isEmpty else { return }
        var plan: RoutingPlan
        if let appliedPlan {
            plan = appliedPlan.adapted(to: topology)
        } else {
            plan = RoutingPlan.shortestPaths(in: topology, version: 0)
            plan.mirror = shortestPathMirror
        }
        // One compile, at the version a change would install; the installed program relabelled to that
        // version tells whether anything changed.
        let desired: FabricProgram
        do {
            plan.version = version + 1
            let compiled = try compiler.compile(plan, for: topology)
            if let program, program.version == version, program.hasSameEntries(as: compiled) {
                desired = program
            } else {
                desired = compiled
            }
        } catch {
            logger.error("cannot compile the routing plan", metadata: ["error": "\(error)"])
            return
        }
        programInputs = inputs
        stats.programsCompiled += 1
        let changed = desired.version != version
        let reconcile = needsReconcile
        guard changed || !reconcile.isEmpty else { return }
        needsReconcile.removeAll()
        let clock = ContinuousClock()
        let started = clock.now
        let targets = sessions.compactMap { id, session -> (DatapathID, SwitchSession, SwitchProgram)? in
            guard let name = switchesByID[id]?.name, let wanted = desired.switches[name] else { return nil }
            return (id, session, wanted)
        }
        let previous = installed
        let updates = Dictionary(uniqueKeysWithValues: targets.compactMap { id, session, wanted -> (DatapathID, (SwitchSession, SwitchProgrammer.Update))? in
            guard !reconcile.contains(id), previous[id] != nil else { return nil }
            return (id, (session, SwitchProgrammer.Update(from: previous[id], to: wanted)))
        })
        // Step 1: switches of unknown state are reconciled; the others get what no traffic uses yet.
        var outcomes = await withTaskGroup(of: (DatapathID, Result<ProgrammingOutcome, any Error>).self) { group in
            for (id, session, wanted) in targets {
                let add = updates[id]?.1.add
                group.addTask {
                    let programmer = SwitchProgrammer(session: session)
                    do {
                        guard let add else { return (id, .success(try await programmer.reconcile(to: wanted))) }
                        return (id, .success(ProgrammingOutcome(program: wanted, reconciled: false, flowsAdded: wanted.flows.count,
                                                                errors: try await programmer.send(add))))
                    } catch {
                        return (id, .failure(error))
                    }
                }
            }
            var collected: [DatapathID: Result<ProgrammingOutcome, any Error>] = [:]
            for await (id, outcome) in group { collected[id] = outcome }
            return collected
        }
        // Steps 2 and 3, each on every updated switch before the next: move traffic, then remove the old.
        for step in [\SwitchProgrammer.Update.move, \.remove] {
            await withTaskGroup(of: (DatapathID, Result<[ErrorMessage], any Error>).self) { group in
                for (id, (session, update)) in updates {
                    guard case .success = outcomes[id] else { continue }
                    let messages = update[keyPath: step]
                    group.addTask {
                        do {
                            return (id, .success(try await SwitchProgrammer(session: session).send(messages)))
                        } catch {
                            return (id, .failure(error))
                        }
                    }
                }
                for await (id, result) in group {
                    switch result {
                    case let .success(errors):
                        if case var .success(outcome) = outcomes[id] {
                            outcome.errors += errors
                            outcomes[id] = .success(outcome)
                        }
                    case let .failure(error):
                        outcomes[id] = .failure(error)
                    }
                }
            }
        }
        for (id, result) in outcomes {
            switch result {
            case let .success(outcome):
                installed[id] = outcome.program
                stats.switchErrors += outcome.errors.count
                if outcome.reconciled {
                    stats.reconciliations += 1
                    stats.flowsAddedByReconcile += outcome.flowsAdded
                    stats.flowsRemovedByReconcile += outcome.flowsRemoved
                    logger.info("switch reconciled", metadata: [
                        "switch": "\(switchName(id))", "version": "\(desired.version)", "flows_added": "\(outcome.flowsAdded)",
                        "flows_removed": "\(outcome.flowsRemoved)", "flows_kept": "\(outcome.flowsKept)", "errors": "\(outcome.errors.count)",
                    ])
                }
                for error in outcome.errors {
                    logger.warning("switch rejected a modification", metadata: ["switch": "\(switchName(id))", "error": "\(error)"])
                }
            case let .failure(error):
                needsReconcile.insert(id)
                logger.log(level: stopping ? .debug : .warning, "programming failed", metadata: ["switch": "\(switchName(id))", "error": "\(error)"])
            }
        }
        let elapsed = started.duration(to: clock.now)
        version = desired.version
        program = desired
        trafficMeter.follow(plan, program: desired, topology: topology)
        if changed {
            stats.programsInstalled += 1
            logger.info("program installed", metadata: [
                "version": "\(desired.version)", "switches": "\(targets.count)", "flows": "\(desired.totalFlows)",
                "links": "\(topology.links.count)", "topology_changed": "\(topologyChanged)", "elapsed": "\(elapsed)",
                "rules": "\(desired.switches.keys.sorted().map { "\($0)=\(desired.switches[$0]?.flows.count ?? 0)" }.joined(separator: " "))",
            ])
        }
        if let failureAt {
            let reroute = failureAt.duration(to: clock.now)
            let seconds = reroute.seconds
            stats.lastRerouteSeconds = seconds
            self.failureAt = nil
            logger.info("reroute complete", metadata: ["port_status_to_barrier_s": "\(seconds)", "version": "\(desired.version)"])
        }
        if !reconcile.isEmpty {
            // A switch that just got its LLDP entry can hear its neighbours now: probe from everywhere.
            for id in sessions.keys where !needsReconcile.contains(id) { await sendLLDP(from: id, ports: nil) }
        }
    }

    /// Everything a program is compiled from.
    private struct ProgramInputs: Equatable {
        var topology: Topology
        var appliedPlan: RoutingPlan?
        var mirror: MirrorProgram?
    }

    /// Stored switches still believed but not (yet) reconnected.
    private var waitingSwitches: Set<DatapathID> {
        Set(expectedSwitches.keys.filter { sessions[$0] == nil })
    }

    /// Rebuilds the topology from connected switches and current observations; saves it when it changed,
    /// except while stored switches are still awaited (the stored fabric stays the truth until then).
    @discardableResult
    private func refreshTopology() -> Bool {
        guard topologyDirty else { return false }
        topologyDirty = false
        var known = switchesByID
        known.merge(expectedSwitches) { connected, _ in connected }
        let switches = known.values.sorted { $0.name < $1.name }
        let byName = Dictionary(switches.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let hosts = inventory.hosts.filter { byName[$0.attachment.node]?.port($0.attachment.port) != nil }
        let base = Topology(name: inventory.name, switches: switches, hosts: hosts, tenants: inventory.tenants)
        let result = LLDPLinkDiscovery(defaultCapacityBps: configuration.defaultLinkCapacityBps)
            .discover(base, observations: observations.current, speedSources: speedSources)
        for rejection in result.rejections {
            logger.debug("observation rejected", metadata: ["rejection": "\(rejection)"])
        }
        let changed = result.topology != currentTopology
        if changed {
            currentTopology = result.topology
            unsaved = true
            let elapsed = startedAt.duration(to: .now)
            stats.lastTopologyChangeSeconds = elapsed.seconds
            logger.info("topology changed", metadata: ["switches": "\(switches.count)", "links": "\(result.topology.links.count)", "hosts": "\(hosts.count)"])
            for subscriber in topologySubscribers.values { subscriber.yield(result.topology) }
        }
        if unsaved, expectedSwitches.isEmpty, let pendingSaves, !isPassive, !stopping {
            unsaved = false
            pendingSaves.yield(result.topology)
        }
        return changed
    }

    // MARK: Naming

    private func switchName(_ id: DatapathID) -> String {
        inventory.switchWith(datapathID: id)?.name ?? switchesByID[id]?.name ?? "sw-\(id)"
    }

    private func makeSwitch(_ id: DatapathID, ports: [PortDescription]) -> Switch {
        Switch(name: switchName(id), datapathID: id, role: inventory.switchWith(datapathID: id)?.role ?? .edge,
               ports: ports.compactMap { makePort($0, of: id) }.sorted { $0.number < $1.number })
    }

    /// The port as the switch describes it; its speed is the one the switch reports, else the stored
    /// port's `speed_bps` (OVS patch ports report none), else 0 (links then get the default capacity).
    private func makePort(_ description: PortDescription, of id: DatapathID) -> Port? {
        guard description.portNumber <= OpenFlowPort.max else { return nil }
        let reported = Double(description.currentSpeedKbps) * 1000
        let stored = inventory.switchWith(datapathID: id)?.port(description.portNumber)?.speedBps ?? 0
        speedSources[LinkEnd(node: switchName(id), port: description.portNumber)] = reported > 0 ? .switchReported : stored > 0 ? .stored : nil
        return Port(number: description.portNumber, name: description.name, mac: MACAddress(description.hardwareAddress),
                    speedBps: reported > 0 ? reported : stored,
                    isUp: !description.config.contains(.portDown) && !description.state.contains(.linkDown))
    }
}
