import ArgumentParser
import Foundation
import Controller
import Optimizer
import Service
import Topology
import TopologyFormats
import TopologyStore

/// `weft serve`: the HTTP API over a Weft database, with re-optimization and the embedded controller
/// when asked for.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON HTTP API: path computation and reservations, re-optimization, TaaS tap resources, metrics.",
        discussion: """
            Without --token-file or WEFT_API_TOKEN the API only listens on a loopback address. With --demands, \
            the demands are re-optimized at start, every --reoptimize-every and whenever the topology changes, \
            and a new allocation is applied only if it improves the objective by more than --min-improvement \
            or the applied one broke a constraint. Without --demands, the declared demands stored by PUT \
            /v1/demands or `weft demands import` are used. With --openflow the measured traffic matrix is \
            sampled every --matrix-every and stored (kept --matrix-retention); --demand-basis measured or \
            larger solves it (× --growth-margin) and re-optimizes when it moves more than --matrix-threshold. With --openflow the OpenFlow controller runs inside and \
            installs what is applied; without it Weft only computes. The API is described in \
            docs/openapi.yaml (also served at GET /v1/openapi.yaml).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to serve the API on, host:port.")
    var listen = "127.0.0.1:8181"

    @Option(name: .customLong("token-file"), help: "File holding the API bearer token (default: $WEFT_API_TOKEN).")
    var tokenFile: String?

    @Option(help: "Embed the OpenFlow 1.3 controller, accepting switches on host:port (e.g. 0.0.0.0:6653).")
    var openflow: String?

    @OptionGroup(title: "OpenFlow port (with --openflow)") var openFlowPort: OpenFlowPortOptions

    @Option(name: .customLong("restart-grace"), help: "With --openflow: how long after a start the stored fabric is believed while its switches reconnect (30s, 0 = off).")
    var restartGrace = "30s"

    @Option(help: "Demand file to keep optimized: CSV (src,dst,rate_bps,class) or YAML.")
    var demands: String?

    @Option(help: "Class file (YAML) overriding or adding to gold, silver, bronze, mirror.")
    var classes: String?

    @Option(help: "max-weighted-throughput, min-mlu or priority-maxmin.")
    var objective: Objective = .maxWeightedThroughput

    @Option(name: .customLong("reoptimize-every"), help: "Scheduled re-optimization period (60s, 5m, 500ms; off for events only).")
    var reoptimizeEvery = "60s"

    @Option(name: .customLong("min-improvement"), help: "Relative objective gain a new allocation must exceed to be applied.")
    var minImprovement = 0.05

    @Option(name: .customLong("max-path-changes"), help: "Most demands whose paths change per re-optimization (0 = no bound).")
    var maxPathChanges = 0

    @Option(help: "Fraction of every link's capacity kept free by reservations and allocations, 0 ≤ headroom < 1.")
    var headroom = 0.0

    @Option(name: .customLong("instance-id"), help: "With a postgres:// --db: this instance's id in the leader election (default host:pid).")
    var instanceID: String?

    @Option(help: "With a postgres:// --db: the API URL other instances send writes to (default http://<listen>).")
    var advertise: String?

    @Option(help: "With a postgres:// --db: leader lease time; a dead or paused leader is replaced within it (1s to 60s).")
    var lease = "3s"

    @Option(name: .customLong("min-rate"), help: "Smallest rate a path reservation may hold (1k, 500k, 1M).")
    var minRate = "1k"

    @Option(name: .customLong("max-reservations-per-tenant"), help: "Path reservation quota per tenant (0 = no quota).")
    var maxReservationsPerTenant = 10_000

    @Option(name: .customLong("header-timeout"), help: "Time from a request's first byte until its headers are complete (408 after).")
    var headerTimeout = "10s"

    @Option(name: .customLong("body-timeout"), help: "Time from the end of a request's headers until its body is complete (408 after).")
    var bodyTimeout = "30s"

    @Option(name: .customLong("idle-timeout"), help: "Time a keep-alive connection may sit idle between requests before it is closed.")
    var idleTimeout = "60s"

    @Option(name: .customLong("request-timeout"), help: "Time from the end of a request's headers until its response is complete (503 after).")
    var requestTimeout = "60s"

    @Option(name: .customLong("max-connections"), help: "Open HTTP connections served at once; more get 503 and are closed.")
    var maxConnections = 512

    @Option(name: .customLong("demand-basis"), help: "Demand matrix re-optimization solves: declared, measured (× --growth-margin) or larger (of both, per aggregate).")
    var demandBasis = "declared"

    @Option(name: .customLong("growth-margin"), help: "Factor on measured rates when solving measured demand (1.1 = 10 % above what was measured).")
    var growthMargin = 1.0

    @Option(name: .customLong("matrix-threshold"), help: "Relative move of the measured matrix that triggers a re-optimization (0.2 = 20 %).")
    var matrixThreshold = 0.2

    @Option(name: .customLong("matrix-every"), help: "With --openflow: how often the measured traffic matrix is sampled and stored (off for never).")
    var matrixEvery = "10s"

    @Option(name: .customLong("matrix-window"), help: "Minimum time between the two counter readings of a measured rate.")
    var matrixWindow = "5s"

    @Option(name: .customLong("matrix-smoothing"), help: "Weight of the newest window in the smoothed measured rate, 0 < s ≤ 1.")
    var matrixSmoothing = 0.5

    @Option(name: .customLong("matrix-retention"), help: "How long stored measured-matrix samples are kept (e.g. 24h).")
    var matrixRetention = "24h"

    func run() async throws {
        let server: WeftServer
        do {
            server = try makeServer()
        } catch let failure as CommandFailure {
            failure.problems.forEach { printError("error: \($0)") }
            throw ExitCode.failure
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        server.metrics.bootstrapSwiftMetrics()
        do {
            try await server.application().runService()
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    private func makeServer() throws -> WeftServer {
        var problems: [String] = []
        func check(_ body: () throws(ServeError) -> Void) {
            do { try body() } catch { problems.append(error.description) }
        }
        var listenAddress: ListenAddress?
        var openFlowAddress: ListenAddress?
        var every: Duration?
        check { () throws(ServeError) in listenAddress = try ListenAddress(parsing: listen) }
        check { () throws(ServeError) in
            if let openflow { openFlowAddress = try ListenAddress(parsing: openflow, option: "openflow") }
        }
        check { () throws(ServeError) in every = try IntervalParser.parse(reoptimizeEvery, option: "reoptimize-every") }
        var grace: Duration?
        check { () throws(ServeError) in grace = try IntervalParser.parse(restartGrace, option: "restart-grace") }
        var leaseTime: Duration?
        check { () throws(ServeError) in leaseTime = try IntervalParser.parse(lease, option: "lease") }
        if let leaseTime, !(Duration.seconds(1)...Duration.seconds(60)).contains(leaseTime) {
            problems.append("--lease '\(lease)': must be between 1s and 60s")
        } else if leaseTime == nil, problems.isEmpty {
            problems.append("--lease '\(lease)': a leader lease cannot be off")
        }
        let shared = PostgresLocation.isPostgresURL(store.path)
        if !shared, instanceID != nil || advertise != nil {
            problems.append("--instance-id and --advertise need a postgres:// --db (several instances share one database)")
        }
        if let advertise, !(advertise.hasPrefix("http://") || advertise.hasPrefix("https://")) {
            problems.append("--advertise '\(advertise)': expected an http:// or https:// URL")
        }
        if !(0..<1).contains(headroom) { problems.append("--headroom '\(headroom)': must be at least 0 and below 1") }
        if !(minImprovement >= 0 && minImprovement.isFinite) { problems.append("--min-improvement '\(minImprovement)': must be a non-negative number") }
        var minimumRate = 0.0
        switch BitRate.parse(minRate) {
        case .success(let rate) where rate.bitsPerSecond > 0 && rate.bitsPerSecond.isFinite: minimumRate = rate.bitsPerSecond
        case .success: problems.append("--min-rate '\(minRate)': must be a positive rate")
        case .failure(let error): problems.append("--min-rate '\(minRate)': \(error.description)")
        }
        var http = HTTPLimits(maxConnections: maxConnections)
        for (option, text, limit) in [("header-timeout", headerTimeout, \HTTPLimits.headerTimeout), ("body-timeout", bodyTimeout, \.bodyTimeout),
                                      ("idle-timeout", idleTimeout, \.idleTimeout), ("request-timeout", requestTimeout, \.requestTimeout)] {
            check { () throws(ServeError) in
                guard let duration = try IntervalParser.parse(text, option: option) else {
                    throw .invalidOption(option: option, value: text, reason: "must be a positive duration such as 10s (timeouts cannot be off)")
                }
                http[keyPath: limit] = duration
            }
        }
        let admission = openFlowPort.admission(problems: &problems)
        let openFlowTLS = openFlowPort.tls(problems: &problems)
        if openflow == nil, admission != .storedSwitches || openFlowTLS != nil {
            problems.append("--allow-dpid, --allow-dpid-file, --admit-all and --tls-* configure the OpenFlow port: they need --openflow")
        }
        if maxConnections < 1 { problems.append("--max-connections '\(maxConnections)': must be at least 1") }
        if maxReservationsPerTenant < 0 { problems.append("--max-reservations-per-tenant '\(maxReservationsPerTenant)': must not be negative") }
        if maxPathChanges < 0 { problems.append("--max-path-changes '\(maxPathChanges)': must not be negative") }
        let basis = DemandPolicy.Basis(rawValue: demandBasis)
        if basis == nil { problems.append("--demand-basis '\(demandBasis)': expected declared, measured or larger") }
        if !(growthMargin > 0 && growthMargin.isFinite) { problems.append("--growth-margin '\(growthMargin)': must be a positive number") }
        if !(matrixThreshold >= 0 && matrixThreshold.isFinite) { problems.append("--matrix-threshold '\(matrixThreshold)': must be a non-negative number") }
        if !(matrixSmoothing > 0 && matrixSmoothing <= 1) { problems.append("--matrix-smoothing '\(matrixSmoothing)': must be above 0 and at most 1") }
        var matrixSampling: WeftServer.MatrixSampling?
        check { () throws(ServeError) in
            guard let every = try IntervalParser.parse(matrixEvery, option: "matrix-every") else { return }
            guard let window = try IntervalParser.parse(matrixWindow, option: "matrix-window"),
                  let retention = try IntervalParser.parse(matrixRetention, option: "matrix-retention") else {
                throw .invalidOption(option: "matrix-window", value: "\(matrixWindow) / \(matrixRetention)",
                                     reason: "--matrix-window and --matrix-retention cannot be off while --matrix-every is on")
            }
            matrixSampling = WeftServer.MatrixSampling(every: every, window: window, smoothing: matrixSmoothing, retention: retention)
        }
        var catalog = QoSClassCatalog.defaults
        var demandList: [Demand] = []
        do throws(LocatedError) {
            catalog = try DemandFileArguments.classes(classes)
            if let demands { demandList = try DemandFile.load(path: demands, classes: catalog).demands }
        } catch {
            problems += error.problems.map(\.description)
        }
        if demands != nil, demandList.isEmpty, problems.isEmpty { problems.append("--demands '\(demands ?? "")': the file holds no demands") }
        guard problems.isEmpty, let listenAddress else { throw CommandFailure(problems) }

        let highAvailability = shared ? WeftServer.HighAvailability(
            instanceID: instanceID ?? "\(ProcessInfo.processInfo.hostName):\(getpid())",
            advertise: (advertise ?? "http://\(listenAddress)").trimmingSuffix("/"),
            lease: leaseTime ?? .seconds(3)) : nil
        let configuration = WeftServer.Configuration(
            databasePath: store.path, listen: listenAddress, token: try APIToken.load(file: tokenFile), headroom: headroom,
            openFlow: openFlowAddress, classes: catalog.classes, highAvailability: highAvailability,
            limits: ReservationLimits(minimumRateBps: minimumRate, maxPerTenant: maxReservationsPerTenant == 0 ? nil : maxReservationsPerTenant),
            http: http, openFlowAdmission: admission, openFlowTLS: openFlowTLS, matrix: openFlowAddress == nil ? nil : matrixSampling,
            restartGrace: grace ?? .zero, catalog: catalog)
        let reoptimization = WeftServer.Reoptimization(
            demands: demandList,
            policy: HysteresisPolicy(objective: objective, minImprovement: minImprovement,
                                     maxPathChanges: maxPathChanges == 0 ? nil : maxPathChanges, headroom: headroom),
            demandPolicy: DemandPolicy(basis: basis ?? .declared, growthMargin: growthMargin, moveThreshold: matrixThreshold),
            every: every, solve: WeftServer.Reoptimization.optimizer(objective: objective, headroom: headroom))
        return try WeftServer(configuration: configuration, reoptimization: reoptimization)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
