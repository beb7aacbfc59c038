import Foundation
import Optimizer
import Topology
import TopologyFormats

/// A scenario checked against its fabric and ready to run: the baseline topology, the baseline
/// demands, and the fabric state of every step. Building one validates everything — every link,
/// switch, class and host an event names — so a run never stops half-way on bad input.
public struct PreparedScenario: Sendable {
    public var scenario: Scenario
    /// The scenario file as the user named it.
    public var file: String
    public var topology: Topology
    /// Map positions of WAN nodes, when the topology file has them.
    public var coordinates: [String: GeoCoordinate]
    /// What the topology importer had to assume, one line each.
    public var topologyNotes: [String]
    /// Baseline demands; a step scales them by its `FabricState.scale(of:)`.
    public var demands: [Demand]
    /// `states[0]` is the baseline (with the scenario's taps); `states[i]` has events `1...i` applied.
    public var states: [FabricState]
    /// Subtracted from every step's capacities for its min-cut analysis (`--minus-reservations`).
    public var minCutReservations: CapacityReservations?
    /// What the store's path reservations hold: taken off every step's capacities before tenant
    /// traffic and mirror copies are placed, as `weft serve` does; `nil` without `--db`.
    public var heldCapacity: CapacityReservations?
    /// The store's path reservations, checked against every step's fabric.
    public var storedReservations: [StoredReservation]
    /// Where the run started from, for the report; `nil` without `--db`.
    public var live: LiveSummary?
    /// Re-plans a reservation a step breaks on that step's fabric (from the live store).
    public var reroute: (@Sendable (_ id: String, _ topology: Topology) -> RerouteCheck)?

    /// With `live` (`weft whatif --db`), the baseline is the store's latest topology instead of the
    /// scenario's `topology`, `from: store|declared|measured` demand entries read the store's demands,
    /// the stored taps join the scenario's and the stored reservations hold their rates in every step.
    public init(_ scenario: Scenario, file: String, live: LiveState? = nil) throws(LocatedError) {
        self.scenario = scenario
        self.file = file
        self.minCutReservations = live.flatMap { $0.minCutMinusReservations ? $0.heldCapacity : nil }
        self.heldCapacity = live?.heldCapacity
        self.storedReservations = live?.reservations ?? []
        self.reroute = live?.reroute
        let built: ImportedTopology
        if let live {
            built = ImportedTopology(topology: live.topology)
        } else {
            do {
                built = try Self.buildTopology(scenario.topology)
            } catch {
                throw LocatedError(file: file, problems: error.problems.map { LocatedProblem($0.description, at: FieldLocation(line: nil, field: "topology")) })
            }
        }
        topology = built.topology
        coordinates = built.coordinates
        topologyNotes = built.warnings.map(\.description)
        if let live {
            topologyNotes.insert("baseline: topology version \(live.topologyVersion) of \(live.location) (the scenario's topology is not used)", at: 0)
        }

        var problems: [LocatedProblem] = []
        let classes = Dictionary(scenario.classes.map { ($0.name, $0.qosClass) }, uniquingKeysWith: { first, _ in first })
        var demands: [Demand] = []
        var ids = Set<String>()
        var demandSources: [String] = []
        var usedSnapshot: Int?
        for (entry, spec) in scenario.demands.enumerated() {
            do {
                let resolved = try DemandSource(spec: spec, classes: classes, live: live).demands(in: built.topology)
                if let source = resolved.storeSource { demandSources.append("\(spec.location.field): \(source)") }
                if case .live(let which) = spec.source, which != .declared {
                    usedSnapshot = usedSnapshot ?? (which == .measured ? live?.snapshotID : live?.storeDemands?.snapshotID)
                }
                for var demand in resolved.demands {
                    // Two matrices of one class give the same pair the same id; the entry number keeps them apart.
                    if ids.contains(demand.id) { demand.id += "#\(entry + 1)" }
                    ids.insert(demand.id)
                    demands.append(demand)
                }
            } catch {
                problems.append(error)
            }
        }
        self.demands = demands

        var state = FabricState(topology: built.topology, classNames: Set(classes.keys), demandEndpoints: demands.map { ($0.source, $0.destination) })
        if let live {
            problems += state.addStoredTaps(live.taps, from: live.location)
            self.live = LiveSummary(
                location: live.location, topologyVersion: live.topologyVersion, demandBasis: live.storeDemands?.basis ?? "declared",
                demandSources: demandSources, measuredSnapshot: usedSnapshot, tapServices: live.taps.services.count, tapFlows: live.taps.flows.count,
                reservations: live.reservations.count, reservedBps: live.reservations.reduce(0) { $0 + $1.bandwidthBps },
                minCutMinusReservations: live.minCutMinusReservations
            )
        }
        if !scenario.taps.isEmpty {
            problems += state.apply(ScenarioAction(.addTaps(scenario.taps), at: FieldLocation(line: nil, field: "taps")))
        }
        var states = [state]
        for event in scenario.events {
            for action in event.actions {
                problems += state.apply(action).map { problem in
                    var labelled = problem
                    labelled.message += " (event '\(event.label)')"
                    return labelled
                }
            }
            states.append(state)
        }
        self.states = states
        guard problems.isEmpty else { throw LocatedError(file: file, problems: problems) }
    }

    /// Number of steps, the baseline included.
    public var stepCount: Int { states.count }

    /// Label of step `index` (`Baseline` for 0).
    public func label(ofStep index: Int) -> String {
        index == 0 ? "Baseline" : scenario.events[index - 1].label
    }

    /// The demands of step `index`, scaled by that step's factors.
    public func demands(atStep index: Int) -> [Demand] {
        let state = states[index]
        return demands.map { demand in
            var scaled = demand
            scaled.rateBps *= state.scale(of: demand.qosClass.name)
            return scaled
        }
    }

    private static func buildTopology(_ source: TopologySource) throws(LocatedError) -> ImportedTopology {
        switch source {
        case .spineLeaf(let generator):
            return ImportedTopology(topology: generator.generate())
        case .fatTree(let generator):
            return ImportedTopology(topology: generator.generate())
        case .file(let path, let defaultCapacityBps):
            return try TopologyImporter(defaultCapacityBps: defaultCapacityBps).importFile(atPath: path)
        case .store:
            throw LocatedError(file: "store", message: "the latest topology of a running fabric's store: only with weft whatif --db DB")
        }
    }
}
