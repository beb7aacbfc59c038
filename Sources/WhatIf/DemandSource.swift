import Optimizer
import Topology
import TopologyFormats

/// Turns one `demands:` entry of a scenario into demands: a generated matrix over the chosen
/// endpoints, or a demand file. Problems name the entry's line and field.
struct DemandSource {
    var spec: DemandSpec
    /// The scenario's classes by name.
    var classes: [String: QoSClass]
    /// The store's state (`weft whatif --db`), for `from: store|declared|measured`.
    var live: LiveState?

    /// The entry's demands; for a `from:` entry also where in the store they came from, in words.
    func demands(in topology: Topology) throws(LocatedProblem) -> (demands: [Demand], storeSource: String?) {
        let qosClass = try spec.className.map { name throws(LocatedProblem) in
            guard let found = classes[name] else {
                throw LocatedProblem("unknown class '\(name)' (declared: \(classes.keys.sorted().joined(separator: ", ")))", at: field("class"))
            }
            return found
        }
        switch spec.source {
        case .file(let path):
            let file: DemandFile
            do {
                file = try DemandFile.load(path: path, classes: QoSClassCatalog(Array(classes.values)))
            } catch {
                throw LocatedProblem(error.description, at: field("file"))
            }
            guard let qosClass else { return (file.demands, nil) }
            return (file.demands.map { Demand(source: $0.source, destination: $0.destination, rateBps: $0.rateBps, qosClass: qosClass) }, nil)
        case .live(let which):
            return try liveDemands(which, qosClass: qosClass)
        case .generated(let generator):
            guard let qosClass else { throw LocatedProblem("missing required field 'class'", at: field("class")) }
            let endpoints = try endpoints(of: generator, in: topology)
            let matrix = DemandGenerator(
                model: generator.model,
                endpoints: endpoints,
                volume: generator.volume,
                classes: [qosClass], seed: generator.seed,
                hotspots: generator.hotspots, hotspotShare: generator.hotspotShare ?? 0.5
            )
            do {
                return (try matrix.generate(), nil)
            } catch {
                throw LocatedProblem(error.description, at: field("generate"))
            }
        }
    }

    /// The stored demands of a `from:` entry (in the scenario's classes) and their source in words.
    private func liveDemands(_ which: LiveState.Demands, qosClass: QoSClass?) throws(LocatedProblem) -> (demands: [Demand], storeSource: String?) {
        guard let live else {
            throw LocatedProblem("'from: \(which.rawValue)' reads the demands of a running fabric: run weft whatif with --db DB", at: field("from"))
        }
        let stored: (demands: [Demand], source: String)
        do {
            stored = try live.demands(which)
        } catch {
            throw LocatedProblem(error.message, at: field("from"))
        }
        let demands = try stored.demands.map { stored throws(LocatedProblem) in
            let name = qosClass?.name ?? stored.qosClass.name
            guard let known = classes[name] else {
                throw LocatedProblem("stored \(which.rawValue) demand \(stored.id) has class '\(name)', which the scenario does not declare (declared: \(classes.keys.sorted().joined(separator: ", ")))", at: field("from"))
            }
            return Demand(id: stored.id, source: stored.source, destination: stored.destination, rateBps: stored.rateBps, qosClass: known)
        }
        return (demands, stored.source)
    }

    private func endpoints(of generator: DemandGeneratorSpec, in topology: Topology) throws(LocatedProblem) -> [String] {
        let all: [String]
        switch generator.endpoints {
        case .hosts?: all = topology.hosts.map(\.name)
        case .leaves?: all = MinCutEndpoints.leafSwitches(in: topology)
        case .switches?: all = topology.switches.map(\.name)
        case nil: all = DemandGenerator.defaultEndpoints(in: topology)
        }
        for name in generator.excluded where !all.contains(name) {
            throw LocatedProblem("'\(name)' is not one of the \(generator.endpoints?.rawValue ?? "default") endpoints", at: field("exclude"))
        }
        for name in generator.hotspots where !all.contains(name) || generator.excluded.contains(name) {
            throw LocatedProblem("hotspot '\(name)' is not one of the endpoints", at: field("hotspots"))
        }
        var chosen = all.filter { !generator.excluded.contains($0) }
        if let limit = generator.maxEndpoints, limit < chosen.count {
            chosen = DemandGenerator.bestConnected(chosen, limit: limit, in: topology)
        }
        guard chosen.count >= 2 else {
            throw LocatedProblem("needs at least two endpoints, the topology has \(chosen.count) \(generator.endpoints?.rawValue ?? "")", at: field("endpoints"))
        }
        return chosen
    }

    private func field(_ name: String) -> FieldLocation {
        FieldLocation(line: spec.location.line, field: "\(spec.location.field).\(name)")
    }
}
