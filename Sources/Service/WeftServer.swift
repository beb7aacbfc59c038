import Hummingbird
import Logging
import Optimizer
import ServiceLifecycle
import Topology

/// `weft serve`: the HTTP API over one SQLite store, plus scheduled and event-driven re-optimization
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

        public init(databasePath: String, listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8181), token: String? = nil, headroom: Double = 0) {
            self.databasePath = databasePath
            self.listen = listen
            self.token = token
            self.headroom = headroom
        }
    }

    /// What re-optimization needs: the demands, the policy, the period, and how to solve and install.
    public struct Reoptimization: Sendable {
        public var demands: [Demand]
        public var policy: HysteresisPolicy
        /// Scheduled period; `nil` for topology events and API calls only.
        public var every: Duration?
        public var solve: Reoptimizer.Solve
        public var install: Reoptimizer.Install?
        public var countRules: Reoptimizer.RuleCounter?

        public init(demands: [Demand], policy: HysteresisPolicy, every: Duration?, solve: @escaping Reoptimizer.Solve,
                    install: Reoptimizer.Install? = nil, countRules: Reoptimizer.RuleCounter? = nil) {
            self.demands = demands
            self.policy = policy
            self.every = every
            self.solve = solve
            self.install = install
            self.countRules = countRules
        }
    }

    public let configuration: Configuration
    public let engine: ServiceEngine
    public let metrics: ServiceMetrics
    /// `nil` for a pure path-computation service.
    public let reoptimizer: Reoptimizer?
    let every: Duration?
    let logger: Logger

    /// Refuses a non-loopback address without a token, then opens the store (applying every module's
    /// migrations).
    public init(configuration: Configuration, reoptimization: Reoptimization?, metrics: ServiceMetrics = ServiceMetrics(),
                logger: Logger = Logger(label: "weft.serve")) throws {
        try APIToken.check(configuration.token, listen: configuration.listen)
        let store = try TopologyStore(path: configuration.databasePath, additionalMigrations: ServeSchema.allMigrations)
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        let engine = ServiceEngine(store: store, headroom: configuration.headroom, demands: reoptimization?.demands ?? [])
        self.engine = engine
        every = reoptimization?.every
        reoptimizer = reoptimization.map { plan in
            Reoptimizer(engine: engine, demands: plan.demands, policy: plan.policy, metrics: metrics, logger: logger,
                        solve: plan.solve, install: plan.install, countRules: plan.countRules)
        }
    }

    /// The HTTP application with the scheduler (when re-optimizing) and `extraServices` attached.
    /// Restores the applied allocation from the store first.
    public func application(extraServices: [any Service] = []) async throws -> some ApplicationProtocol {
        var services = extraServices
        if let reoptimizer {
            try await reoptimizer.restore()
            services.append(ReoptimizationScheduler(reoptimizer: reoptimizer, interval: every, logger: logger))
        }
        let router = APIRouter.make(engine: engine, metrics: metrics, reoptimizer: reoptimizer, token: configuration.token)
        let listen = configuration.listen
        let mode = reoptimizer == nil ? "path computation only (no --demands)" : "path computation and re-optimization"
        let auth = configuration.token == nil ? "none (loopback only)" : "bearer token"
        let logger = logger
        return Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "weft"),
            services: services,
            onServerRunning: { channel in
                logger.info("weft serve listening", metadata: [
                    "address": "\(channel.localAddress?.description ?? listen.description)", "auth": "\(auth)", "mode": "\(mode)",
                ])
            },
            logger: logger)
    }
}
