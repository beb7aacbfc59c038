import Foundation
import Controller
import Hummingbird
import Logging
import Optimizer
import ServiceLifecycle
import Topology
import TopologyStore

/// `weft serve`: the HTTP API over one store (SQLite file or PostgreSQL), plus scheduled and event-driven re-optimization
/// when demands are configured.
public struct WeftServer: Sendable {
    /// Where and how the API is served.
    public struct Configuration: Sendable {
        public var databasePath: String
        public var listen: ListenAddress
        /// Bearer token; required unless `listen` is loopback.
        public var token: String?
        /// Fraction of capacity that reservations and allocations leave free.
        public var headroom: Double
        /// Where the embedded OpenFlow controller accepts switches; `nil` for none.
        public var openFlow: ListenAddress?
        /// The traffic classes path requests may name.
        public var classes: [QoSClass]
        /// The class file as loaded, with its host and tenant pins, which the embedded controller
        /// classifies by (the classes alone when none is given).
        public var catalog: QoSClassCatalog
        /// Leader election among the instances sharing a PostgreSQL database; `nil` for one instance.
        public var highAvailability: HighAvailability?
        /// Smallest reservable rate and the per-tenant reservation quota.
        public var limits: ReservationLimits
        /// Header, body, idle and request timeouts and the connection limit.
        public var http: HTTPLimits
        /// Which switches the embedded controller admits (stored ones by default).
        public var openFlowAdmission: SwitchAdmission
        /// OpenFlow over TLS with mutual authentication for the embedded controller; `nil` for TCP.
        public var openFlowTLS: ControllerTLS?
        /// How the embedded controller's measured traffic matrix is sampled and kept; `nil` for not at all.
        public var matrix: MatrixSampling?
        /// How long, after a start, the embedded controller believes the stored fabric while its
        /// switches reconnect (see `ControllerConfiguration.restartGraceSeconds`).
        public var restartGrace: Duration

        /// A `weft serve` configuration; every default is the command's option default.
        public init(databasePath: String, listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8181), token: String? = nil,
                    headroom: Double = 0, openFlow: ListenAddress? = nil, classes: [QoSClass] = QoSClass.defaults,
                    highAvailability: HighAvailability? = nil, limits: ReservationLimits = ReservationLimits(),
                    http: HTTPLimits = HTTPLimits(), openFlowAdmission: SwitchAdmission = .storedSwitches,
                    openFlowTLS: ControllerTLS? = nil, matrix: MatrixSampling? = nil, restartGrace: Duration = .seconds(30),
                    catalog: QoSClassCatalog? = nil) {
            self.catalog = catalog ?? QoSClassCatalog(classes)
            self.matrix = matrix
            self.databasePath = databasePath
            self.listen = listen
            self.token = token
            self.headroom = headroom
            self.openFlow = openFlow
            self.classes = classes
            self.highAvailability = highAvailability
            self.limits = limits
            self.http = http
            self.openFlowAdmission = openFlowAdmission
            self.openFlowTLS = openFlowTLS
            self.restartGrace = restartGrace
        }
    }

    /// How this instance takes part in the leader election.
    public struct HighAvailability: Sendable {
        /// Unique among the instances (default `host:pid`).
        public var instanceID: String
        /// This instance's API base URL as the others should reach it (`http://host:port`).
        public var advertise: String
        /// Lease time: a dead or paused leader is replaced within about this long.
        public var lease: Duration

        public init(instanceID: String, advertise: String, lease: Duration = .seconds(3)) {
            self.instanceID = instanceID
            self.advertise = advertise
            self.lease = lease
        }
    }

    /// How the measured traffic matrix is sampled from the switches and how long samples are kept.
    public struct MatrixSampling: Sendable {
        /// Time between two stored samples.
        public var every: Duration
        /// Minimum time between the two counter readings of a rate.
        public var window: Duration
        /// Weight of the newest window in the smoothed rate, in (0, 1].
        public var smoothing: Double
        /// Samples older than this are deleted.
        public var retention: Duration

        public init(every: Duration = .seconds(10), window: Duration = .seconds(5), smoothing: Double = 0.5, retention: Duration = .seconds(86_400)) {
            self.every = every
            self.window = window
            self.smoothing = smoothing
            self.retention = retention
        }
    }

    /// What re-optimization needs: the demands, the policies, the period, and how to solve.
    public struct Reoptimization: Sendable {
        /// Declared demands from `--demands`; when empty, those stored in the database (`PUT /v1/demands`) are used.
        public var demands: [Demand]
        public var policy: HysteresisPolicy
        /// Which demand matrix is solved (declared, measured, the larger) and when a measured move triggers a run.
        public var demandPolicy: DemandPolicy
        /// Scheduled period; `nil` for topology events and API calls only.
        public var every: Duration?
        public var solve: Reoptimizer.Solve

        public init(demands: [Demand], policy: HysteresisPolicy, demandPolicy: DemandPolicy = DemandPolicy(), every: Duration?, solve: @escaping Reoptimizer.Solve) {
            self.demands = demands
            self.policy = policy
            self.demandPolicy = demandPolicy
            self.every = every
            self.solve = solve
        }
    }

    public let configuration: Configuration
    public let engine: ServiceEngine
    public let metrics: ServiceMetrics
    /// `nil` for a pure path-computation service.
    public let reoptimizer: Reoptimizer?
    /// The embedded OpenFlow controller (`--openflow`), if any.
    public let controller: FabricController?
    /// Installs routes and tap copies through `controller`.
    public let programmer: FabricProgrammer?
    /// The leader election (several instances on one PostgreSQL database), if any.
    public let election: LeaderElection?
    let every: Duration?
    let logger: Logger

    /// Refuses a non-loopback address without a token, then opens the store (applying every module's
    /// migrations). With `configuration.openFlow` it embeds the controller, seeded with the stored
    /// topology; allocations are then installed through it.
    public init(configuration: Configuration, reoptimization: Reoptimization?, metrics: ServiceMetrics = ServiceMetrics(),
                logger: Logger = Logger(label: "weft.serve")) throws {
        try APIToken.check(configuration.token, listen: configuration.listen)
        let fence = configuration.highAvailability.map { LeaseFence(holder: $0.instanceID) }
        let store = try TopologyStore(location: configuration.databasePath, additionalMigrations: ServeSchema.allMigrations, fence: fence)
        if let ha = configuration.highAvailability, let fence {
            let lease = LeaderLease(engine: try PostgresEngine(url: configuration.databasePath), holder: ha.instanceID,
                                    address: ha.advertise, duration: ha.lease)
            election = LeaderElection(lease: lease, fence: fence, logger: logger)
        } else {
            election = nil
        }
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        // Demands given at start (`--demands`) become the declared demands (stored, unless this is one
        // of several instances: only the leader writes, and each keeps the file it was given); without
        // them the ones stored by an earlier `PUT /v1/demands` or `weft demands import` are optimized.
        var declared = reoptimization?.demands ?? []
        let fromFile = !declared.isEmpty
        if !fromFile {
            declared = try store.read { db in try DemandRecords.all(classes: configuration.classes, in: db) }
        } else if fence == nil {
            try store.write { db in try DemandRecords.replace(with: declared, at: Date(), in: db) }
        }
        let engine = ServiceEngine(store: store, headroom: configuration.headroom, classes: configuration.classes,
                                   demands: declared, limits: configuration.limits, catalog: configuration.catalog)
        self.engine = engine
        every = reoptimization?.every
        var controller: FabricController?
        if let address = configuration.openFlow {
            let inventory = (try? store.latest()?.topology) ?? Topology(name: "discovered")
            guard !configuration.openFlowAdmission.admitsNothing(inventory: inventory) else {
                throw ServeError.noSwitchAdmitted(database: store.path)
            }
            controller = FabricController(
                inventory: inventory,
                configuration: ControllerConfiguration(listen: .tcp(host: address.host, port: address.port),
                                                       restartGraceSeconds: configuration.restartGrace.seconds,
                                                       admission: configuration.openFlowAdmission, tls: configuration.openFlowTLS),
                store: store, logger: logger)
        }
        self.controller = controller
        let programmer = controller.map { FabricProgrammer(controller: $0, engine: engine, logger: logger) }
        self.programmer = programmer
        var install: Reoptimizer.Install?
        if let programmer {
            install = { allocation, topology in try await programmer.install(allocation, computedOn: topology) }
        }
        let reoptimizer = reoptimization.flatMap { plan in
            declared.isEmpty && plan.demandPolicy.basis == .declared ? nil : Reoptimizer(
                engine: engine, demands: declared, policy: plan.policy, demandPolicy: plan.demandPolicy, metrics: metrics, logger: logger,
                solve: plan.solve, install: install, countRules: RuleChurn.count, followsStoredDemands: !fromFile || fence == nil,
                matrixSmoothing: configuration.matrix?.smoothing ?? 1)
        }
        self.reoptimizer = reoptimizer
        if let election, let controller {
            election.onChange { status in
                await Self.followLeadership(status, controller: controller, programmer: programmer, reoptimizer: reoptimizer, store: store)
            }
        }
    }

    /// Puts the embedded controller in the role the election gave this instance. On becoming leader
    /// the plan is brought up to date first (the allocation the previous leader applied, the taps), while
    /// the controller is still passive, then it claims MASTER with the fencing token as generation id
    /// and reconciles every switch to that plan.
    private static func followLeadership(_ status: LeadershipStatus, controller: FabricController, programmer: FabricProgrammer?,
                                         reoptimizer: Reoptimizer?, store: TopologyStore) async {
        guard status.role == .leader, let token = status.token else {
            await controller.claim(.slave, generationID: UInt64(status.leader?.token ?? 0))
            return
        }
        let latest = try? store.latest()
        if let reoptimizer {
            try? await reoptimizer.restore()
        }
        if let programmer, let latest {
            if let allocation = await reoptimizer?.appliedAllocation {
                try? await programmer.install(allocation, computedOn: latest.topology)
            } else {
                try? await programmer.tapsChanged()
            }
        }
        await controller.claim(.master, generationID: UInt64(token), seed: latest?.topology)
    }

    /// The HTTP application with the embedded controller and the scheduler (when configured) attached.
    /// Restores the applied allocation from the store first. `onListening` gets the bound port (useful
    /// with port 0).
    public func application(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> some ApplicationProtocol {
        var services: [any Service] = election.map { [$0] } ?? []
        services += controller.map { [EmbeddedController(controller: $0, programmer: programmer, passiveUntilElected: election != nil, logger: self.logger)] } ?? []
        if let controller, let sampling = configuration.matrix {
            await controller.configureTrafficMatrix(window: sampling.window, smoothing: sampling.smoothing)
            let election = election
            services.append(TrafficMatrixRecorder(controller: controller, engine: engine, interval: sampling.every, retention: sampling.retention,
                                                  logger: logger, isActive: { election.map { $0.status.role == .leader } ?? true }))
        }
        if let reoptimizer {
            try await reoptimizer.restore()
            let election = election
            services.append(ReoptimizationScheduler(reoptimizer: reoptimizer, interval: every, logger: logger,
                                                    isActive: { election.map { $0.status.role == .leader } ?? true }))
        }
        let router = APIRouter.make(engine: engine, metrics: metrics, reoptimizer: reoptimizer, programmer: programmer,
                                    election: election, token: configuration.token)
        let listen = configuration.listen
        let mode = [
            reoptimizer.map { "path computation and re-optimization on \($0.demandPolicy.basis.rawValue) demand" } ?? "path computation only (no demands)",
            configuration.openFlow.map { "embedded OpenFlow controller on \($0)" } ?? "no controller (no --openflow)",
            configuration.highAvailability.map { "leader election as \($0.instanceID) (lease \($0.lease))" } ?? "single instance",
        ].joined(separator: ", ")
        let auth = configuration.token == nil ? "none (loopback only)" : "bearer token"
        let logger = logger
        return Application(
            router: router,
            server: .weft(limits: configuration.http),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "weft"),
            services: services,
            onServerRunning: { channel in
                onListening(channel.localAddress?.port ?? listen.port)
                logger.info("weft serve listening", metadata: [
                    "address": "\(channel.localAddress?.description ?? listen.description)", "auth": "\(auth)", "mode": "\(mode)",
                ])
            },
            logger: logger)
    }
}

extension WeftServer.Reoptimization {
    /// Weft's LP optimizer for `objective`, keeping `headroom` of every link free, warm between calls:
    /// `session` (a new one by default) keeps an `IncrementalOptimizer` on its GLPK thread, so a
    /// re-optimization after cables fail, come back or change capacity starts from the previous
    /// optimum instead of from scratch (it rebuilds by itself when switches, hosts or demands change).
    public static func optimizer(objective: Objective, headroom: Double, session: OptimizerSession = OptimizerSession()) -> Reoptimizer.Solve {
        { topology, demands in
            try await session.optimize(topology: topology, demands: demands, options: OptimizerOptions(objective: objective, headroom: headroom))
        }
    }
}
