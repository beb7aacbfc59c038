import Controller
import FlowCompiler
import NIOConcurrencyHelpers
import enum Metrics.MetricsSystem
import Prometheus
import TaasPlanner

/// The Prometheus metrics `GET /metrics` exposes, in one registry per service instance.
///
/// `weft serve` also bootstraps swift-metrics with a `PrometheusMetricsFactory` on the same registry,
/// so Hummingbird's per-route request metrics appear next to these.
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let solveSeconds: DurationHistogram
    let mlu: Gauge
    let linksUp: Gauge
    let links: Gauge
    let flowsInstalled: Gauge
    let reservations: Gauge
    let topologyVersion: Gauge
    let lastImprovement: Gauge
    let lastPathsChanged: Gauge
    let lastPathsDeferred: Gauge
    let pathsChanged: Counter
    let rulesChanged: Counter
    let haLeader: Gauge
    let haToken: Gauge
    let haLeaseAge: Gauge
    let haFailovers: Gauge
    let switchesRefused: Gauge
    let unknownDatapathIDs: Gauge
    let handshakesFailed: Gauge
    let tlsHandshakesFailed: Gauge
    let hostControlFramesDropped: Gauge
    /// The mirror gauges of the tap flows in the last scrape, by tap flow id (to unregister the gone ones).
    private let mirrorGauges = NIOLockedValueBox<[String: [Gauge]]>([:])
    /// The class-aggregate meter gauges in the last scrape, by aggregate (to unregister the gone ones).
    private let aggregateGauges = NIOLockedValueBox<[RoutingPlan.ClassPair: [Gauge]]>([:])

    /// Registers every Weft metric in `registry` (a fresh one by default, so tests do not share counters).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        solveSeconds = registry.makeDurationHistogram(
            name: "weft_solve_seconds",
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)],
            help: "Time to compute an allocation (LP build and solve).")
        mlu = registry.makeGauge(name: "weft_mlu", help: "Maximum link utilization of the applied allocation (0..1).")
        linksUp = registry.makeGauge(name: "weft_links_up", help: "Directed fabric links that are up in the latest topology.")
        links = registry.makeGauge(name: "weft_links", help: "Directed fabric links in the latest topology.")
        flowsInstalled = registry.makeGauge(name: "weft_flows_installed", help: "Flow entries the embedded controller has installed (0 without a controller).")
        reservations = registry.makeGauge(name: "weft_path_reservations", help: "Path reservations held for other controllers.")
        topologyVersion = registry.makeGauge(name: "weft_topology_version", help: "Latest topology version number.")
        lastImprovement = registry.makeGauge(name: "weft_reoptimization_improvement", help: "Relative objective improvement the last re-optimization offered.")
        lastPathsChanged = registry.makeGauge(name: "weft_reoptimization_paths_changed", help: "Demands whose paths the last re-optimization changed.")
        lastPathsDeferred = registry.makeGauge(name: "weft_reoptimization_paths_deferred", help: "Path changes the churn bound deferred in the last re-optimization.")
        pathsChanged = registry.makeCounter(name: "weft_paths_changed_total", help: "Demand path changes applied by re-optimizations.")
        rulesChanged = registry.makeCounter(name: "weft_rules_changed_total", help: "Flow rules added or removed by applied allocations.")
        haLeader = registry.makeGauge(name: "weft_ha_leader", help: "1 while this instance holds the leader lease, else 0.")
        haToken = registry.makeGauge(name: "weft_ha_fencing_token", help: "Fencing token of the current leader lease.")
        haLeaseAge = registry.makeGauge(name: "weft_ha_lease_age_seconds", help: "Seconds since the leader last renewed its lease.")
        haFailovers = registry.makeGauge(name: "weft_ha_failovers", help: "Leadership changes this instance has seen since it started.")
        switchesRefused = registry.makeGauge(
            name: "weft_openflow_switches_refused", help: "OpenFlow connections closed since start because their datapath id is not admitted.")
        unknownDatapathIDs = registry.makeGauge(name: "weft_openflow_unknown_dpids", help: "Distinct datapath ids refused admission since start.")
        handshakesFailed = registry.makeGauge(
            name: "weft_openflow_handshakes_failed", help: "OpenFlow connections since start that never completed the handshake (junk, wrong version, silence).")
        hostControlFramesDropped = registry.makeGauge(
            name: "weft_openflow_host_control_frames_dropped", help: "LLDP and link-local control frames hosts sent, dropped at the switches since start.")
        tlsHandshakesFailed = registry.makeGauge(
            name: "weft_openflow_tls_refused", help: "OpenFlow connections since start refused in the TLS handshake (no or untrusted client certificate).")
    }

    /// Served rate of a class in the applied allocation.
    func throughput(of qosClass: String) -> Gauge {
        registry.makeGauge(name: "weft_throughput_bps", labels: [("class", qosClass)], help: "Served rate per class in the applied allocation, bit/s.")
    }

    /// Rate reserved through `/v1/paths`, per class.
    func reserved(of qosClass: String) -> Gauge {
        registry.makeGauge(name: "weft_reserved_bps", labels: [("class", qosClass)], help: "Rate reserved by path reservations per class, bit/s.")
    }

    /// Re-optimization runs by outcome (`applied`, `held`, `failed`).
    func reoptimizations(_ outcome: String) -> Counter {
        registry.makeCounter(name: "weft_reoptimizations_total", labels: [("outcome", outcome)], help: "Re-optimization runs by outcome.")
    }

    /// The exposition text.
    public func render() -> String {
        registry.emitToString()
    }
}

extension ServiceMetrics {
    /// Updates the gauges that describe stored state (topology, reservations) just before a scrape.
    func refresh(from engine: ServiceEngine) {
        if let stored = try? engine.latestTopology() {
            topologyVersion.set(Double(stored.version.number))
            links.set(Double(stored.topology.links.count))
            linksUp.set(Double(stored.topology.links.lazy.filter(\.isUp).count))
        }
        if let byClass = try? engine.reservedByClass() {
            for qosClass in engine.classes {
                reserved(of: qosClass.name).set(byClass[qosClass.name] ?? 0)
            }
        }
        if let count = try? engine.reservationCount() {
            reservations.set(Double(count))
        }
    }
}

extension ServiceMetrics {
    /// Updates the OpenFlow port gauges from the embedded controller's counters just before a scrape.
    func refresh(from statistics: ControllerStatistics) {
        switchesRefused.set(Double(statistics.switchesRefused))
        unknownDatapathIDs.set(Double(statistics.unknownDatapathIDs))
        handshakesFailed.set(Double(statistics.handshakesFailed))
        tlsHandshakesFailed.set(Double(statistics.tlsHandshakesFailed))
        hostControlFramesDropped.set(Double(statistics.hostControlFramesDropped))
    }
}

extension ServiceMetrics {
    /// Updates the per-tap-flow mirror gauges (label `tap_flow`) from the switches' counters just before
    /// a scrape. The values are the switches' own totals, so they restart when a tap flow is reinstalled.
    /// The gauges of a tap flow no longer installed (deleted, or its copies no longer placed) are
    /// unregistered, so `/metrics` stops reporting it.
    func refresh(from counters: [MirrorCounters]) {
        var current: [String: [Gauge]] = [:]
        for counter in counters {
            let labels = [("tap_flow", counter.tapFlowID)]
            var gauges = [
                gauge("weft_mirror_copied_packets", labels, "Frames that matched a tap flow's copy entries at the source.", Double(counter.copiedPackets)),
                gauge("weft_mirror_copied_bytes", labels, "Bytes that matched a tap flow's copy entries at the source.", Double(counter.copiedBytes)),
                gauge("weft_mirror_sampled_out_bytes", labels, "Bytes of a tap flow's matching frames its sampling group did not copy.",
                      Double(counter.sourceSkippedBytes)),
                gauge("weft_mirror_mirrored_bytes", labels, "Bytes of a tap flow's copies that went on towards the monitor port.", Double(counter.mirroredBytes)),
            ]
            if let dropped = counter.meterDroppedBytes {
                gauges.append(gauge("weft_mirror_meter_dropped_bytes", labels,
                                    "Bytes of a tap flow's copies dropped by its meter on the way to the monitor port.", Double(dropped)))
            }
            current[counter.tapFlowID] = gauges
        }
        replace(mirrorGauges, with: current)
    }

    /// Updates the per-aggregate meter gauges (labels `src`, `dst`, `class`: ingress leaf, egress leaf,
    /// class) from the ingress leaves' meter statistics just before a scrape: the bytes that reached each
    /// aggregate's meter and the bytes its drop band dropped (the excess over the allocation, cut at the
    /// edge). The switches' own totals, so they restart when a new version installs new meters; the
    /// gauges of aggregates no longer metered are unregistered.
    func refresh(from counters: [AggregateMeterCounters]) {
        var current: [RoutingPlan.ClassPair: [Gauge]] = [:]
        for counter in counters {
            let key = counter.aggregate
            let labels = [("src", key.source), ("dst", key.destination), ("class", key.className)]
            current[key] = [
                gauge("weft_aggregate_meter_input_bytes", labels, "Bytes that reached an (ingress leaf, egress leaf, class) aggregate's meter at the ingress leaf.",
                      Double(counter.inputBytes)),
                gauge("weft_aggregate_meter_dropped_bytes", labels, "Bytes of an (ingress leaf, egress leaf, class) aggregate dropped by its meter at the ingress leaf.",
                      Double(counter.droppedBytes)),
            ]
        }
        replace(aggregateGauges, with: current)
    }

    /// Records `current` as the registered gauges and unregisters those of keys no longer present.
    private func replace<Key: Hashable>(_ known: NIOLockedValueBox<[Key: [Gauge]]>, with current: [Key: [Gauge]]) {
        let gone = known.withLockedValue { known in
            let gone = known.filter { current[$0.key] == nil }.flatMap(\.value)
            known = current
            return gone
        }
        for gauge in gone { registry.unregisterGauge(gauge) }
    }

    private func gauge(_ name: String, _ labels: [(String, String)], _ help: String, _ value: Double) -> Gauge {
        let gauge = registry.makeGauge(name: name, labels: labels, help: help)
        gauge.set(value)
        return gauge
    }
}

extension ServiceMetrics {
    /// Updates the election gauges just before a scrape.
    func refresh(from status: LeadershipStatus) {
        haLeader.set(status.role == .leader ? 1.0 : 0.0)
        haToken.set(Double(status.leader?.token ?? 0))
        haLeaseAge.set(status.leaseAge ?? 0)
        haFailovers.set(Double(status.failovers))
    }
}

extension ServiceMetrics {
    /// Routes swift-metrics (Hummingbird's request metrics, and any other library's) into this
    /// registry. Process-wide and allowed once: call it from the executable only.
    public func bootstrapSwiftMetrics() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
