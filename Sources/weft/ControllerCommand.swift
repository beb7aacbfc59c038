import ArgumentParser
import Controller
import Foundation
import Logging
import Service
import ServiceLifecycle
import Topology
import TopologyStore

/// `weft controller`: run the OpenFlow controller — discovery, programming, statistics — until
/// interrupted (or for `--duration`).
struct ControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller",
        abstract: "Run the OpenFlow 1.3 controller: LLDP discovery, programming of the latest applied allocation (else shortest paths) and the stored taps, port statistics.",
        discussion: """
        Switches connect to --listen (default 0.0.0.0:6653). The latest topology in --db supplies switch names,
        hosts and tenants; every discovered change is saved there as a new version (see `weft topo show --db`).
        Only switches whose datapath id is stored (or given with --allow-dpid/--allow-dpid-file) are admitted;
        others are disconnected, logged once per datapath id and counted. A new fabric (empty store) is
        bootstrapped with an allow list, or with --admit-all for one first discovery. With --tls-cert, --tls-key
        and --tls-ca switches connect over TLS (OVS: `ovs-vsctl set-ssl` and an `ssl:` controller target) and
        must present a certificate signed by the CA.
        The switches get the newest allocation applied in --db (by `weft serve --demands`), else shortest paths,
        plus the mirror copies of the taps in --db; a change to either, by any process, is installed at once
        (the store notifies: inotify on a SQLite file, LISTEN/NOTIFY on PostgreSQL).
        Logs are structured (key=value metadata) on standard error.
        """
    )

    @Option(name: .long, help: "Topology store: SQLite file (created when missing) or postgres:// URL.")
    var db: String

    @Option(name: .long, help: "Address to accept switch connections on, HOST:PORT.")
    var listen = "0.0.0.0:6653"

    @Option(name: .long, help: "Time between LLDP rounds (1s, 500ms).")
    var lldpInterval = "1s"

    @Option(name: .long, help: "Time between port-statistics polls (1s, 500ms; off disables).")
    var statsInterval = "1s"

    @Option(name: .long, help: "Name written into LLDP frames; frames of other instances are ignored.")
    var instance = "weft"

    @Option(name: .long, help: "How long the stored fabric is believed after a start while its switches reconnect (30s, 0 = off; OVS backs off up to 8 s).")
    var restartGrace = "30s"

    @OptionGroup var port: OpenFlowPortOptions

    @Option(name: .long, help: "Stop after this long (10s, 5m; default: run until SIGINT/SIGTERM).")
    var duration: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        try await runReportingFailures(runController)
    }

    private func runController() async throws {
        var problems: [String] = []
        func check(_ parse: () throws(ServeError) -> Void) {
            do { try parse() } catch { problems.append(error.description) }
        }
        var address = ListenAddress(host: "0.0.0.0", port: 6653)
        var lldpEvery: Duration?
        var statsEvery: Duration?
        var grace: Duration?
        var stopAfter: Duration?
        check { () throws(ServeError) in address = try ListenAddress(parsing: listen) }
        check { () throws(ServeError) in
            lldpEvery = try IntervalParser.parse(lldpInterval, option: "lldp-interval")
            if lldpEvery == nil { throw .invalidOption(option: "lldp-interval", value: lldpInterval, reason: "LLDP cannot be off") }
        }
        check { () throws(ServeError) in statsEvery = try IntervalParser.parse(statsInterval, option: "stats-interval") }
        check { () throws(ServeError) in grace = try IntervalParser.parse(restartGrace, option: "restart-grace") }
        check { () throws(ServeError) in
            if let duration { stopAfter = try IntervalParser.parse(duration, option: "duration") }
        }
        let level = Logger.Level(rawValue: logLevel.lowercased())
        if level == nil { problems.append("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical") }
        let configuration = ControllerConfiguration(listen: .tcp(host: address.host, port: address.port), instanceName: instance,
                                                    lldpIntervalSeconds: (lldpEvery ?? .seconds(1)).seconds, statsIntervalSeconds: statsEvery?.seconds ?? 0,
                                                    restartGraceSeconds: grace?.seconds ?? 0, admission: port.admission(problems: &problems),
                                                    tls: port.tls(problems: &problems))
        problems += configuration.problems()
        guard problems.isEmpty else { throw CommandFailure(problems) }

        var logger = Logger(label: "weft.controller")
        logger.logLevel = level ?? .info
        let store: TopologyStore
        do {
            store = try TopologyStore(location: db, additionalMigrations: StoreOptions.moduleMigrations)
        } catch {
            throw CommandFailure(error)
        }
        let inventory = (try? store.latest()?.topology) ?? Topology(name: URL(fileURLWithPath: db).deletingPathExtension().lastPathComponent)
        if configuration.admission.admitsNothing(inventory: inventory) {
            throw CommandFailure(SwitchAdmission.nothingAdmitted(store: store.path))
        }
        logger.info("inventory loaded", metadata: ["db": "\(store.path)", "switches": "\(inventory.switches.count)",
                                                   "hosts": "\(inventory.hosts.count)", "links": "\(inventory.links.count)"])
        let controller = FabricController(inventory: inventory, configuration: configuration, store: store, logger: logger)
        let programmer = FabricProgrammer(controller: controller, engine: ServiceEngine(store: store), logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [EmbeddedController(controller: controller, programmer: programmer, logger: logger)],
            gracefulShutdownSignals: [.sigint, .sigterm], logger: logger))
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                if let stopAfter {
                    tasks.addTask {
                        try await Task.sleep(for: stopAfter)
                        await group.triggerGracefulShutdown()
                    }
                }
                try await group.run()
                tasks.cancelAll()
            }
        } catch {
            throw CommandFailure(["\(error)"])
        }
        let statistics = await controller.statistics
        logger.info("controller summary", metadata: [
            "switches": "\(statistics.connectedSwitches)", "version": "\(statistics.programVersion)",
            "lldp_sent": "\(statistics.lldpFramesSent)", "lldp_received": "\(statistics.lldpFramesReceived)",
            "packet_in_dropped": "\(statistics.packetInsDropped)", "reconciliations": "\(statistics.reconciliations)",
            "switches_refused": "\(statistics.switchesRefused)", "unknown_dpids": "\(statistics.unknownDatapathIDs)",
            "handshakes_failed": "\(statistics.handshakesFailed)", "tls_refused": "\(statistics.tlsHandshakesFailed)",
            "warnings_suppressed": "\(statistics.peerWarningsSuppressed)", "host_control_frames_dropped": "\(statistics.hostControlFramesDropped)",
        ])
    }
}
