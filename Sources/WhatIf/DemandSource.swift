import Optimizer
import Topology

/// Turns one `demands:` entry of a scenario into demands: a generated matrix over the chosen
/// endpoints, or a demand file. Problems name the entry's line and field.
struct DemandSource {
    var spec: DemandSpec
    /// The scenario's classes by name.
    var classes: [String: QoSClass]
    /// The store's state (`weft whatif --db`), for `from: declared|measured`.
    var live: LiveState?

    func demands(in topology: Topology) throws(ScenarioProblem) -> [Demand] {
        let qosClass = try spec.className.map { name throws(ScenarioProblem) in
            guard let found = classes[name] else {
                throw ScenarioProblem("unknown class '\(name)' (declared: \(classes.keys.sorted().joined(separator: ", ")))", at: field("class"))
            }
            return found
        }
        switch spec.source {
        case .file(let path):
            let file: DemandFile
            do {
                file = try DemandFile.load(path: path, classes: QoSClassCatalog(Array(classes.values)))
            } catch {
                throw ScenarioProblem(error.description, at: field("file"))
            }
            guard let qosClass else { return file.demands }
            return file.demands.map { Demand(source: $0.source, destination: $0.destination, rateBps: $0.rateBps, qosClass: qosClass) }
        case .live(let which):
            guard let live else {
                throw ScenarioProblem("'from: \(which.rawValue)' reads the demands of a running fabric: run weft whatif with --db DB", at: field("from"))
            }
            return try (which == .declared ? live.declared : live.measured).map { stored throws(ScenarioProblem) in
                let name = qosClass?.name ?? stored.qosClass.name
                guard let known = classes[name] else {
                    throw ScenarioProblem("stored \(which.rawValue) demand \(stored.id) has class '\(name)', which the scenario does not declare (declared: \(classes.keys.sorted().joined(separator: ", ")))", at: field("from"))
                }
                return Demand(id: stored.id, source: stored.source, destination: stored.destination, rateBps: stored.rateBps, qosClass: known)
            }
        case .generated(let generator):
            guard let qosClass else { throw ScenarioProblem("missing required field 'class'", at: field("class")) }
            let endpoints = try endpoints(of: generator, in: topology)
            let matrix = DemandGenerator(
                model: generator.model,
                endpoints: endpoints,
                volume: generator.volume,
                classes: [qosClass], seed: generator.seed,
                hotspots: generator.hotspots, hotspotShare: generator.hotspotShare ?? 0.5
            )
            do {
                return try matrix.generate()
            } catch {
                throw ScenarioProblem(error.description, at: field("generate"))
            }
        }
    }

    private func endpoints(of generator: DemandGeneratorSpec, in topology: Topology) throws(ScenarioProblem) -> [String] {
        let all: [String]
        switch generator.endpoints {
        case .hosts?: all = topology.hosts.map(\.name)
        case .leaves?: all = topology.switches.filter { $0.role == .leaf || $0.role == .edge }.map(\.name)
        case .switches?: all = topology.switches.map(\.name)
        case nil: all = DemandGenerator.defaultEndpoints(in: topology)
        }
        for name in generator.excluded where !all.contains(name) {
            throw ScenarioProblem("'\(name)' is not one of the \(generator.endpoints?.rawValue ?? "default") endpoints", at: field("exclude"))
        }
        for name in generator.hotspots where !all.contains(name) || generator.excluded.contains(name) {
            throw ScenarioProblem("hotspot '\(name)' is not one of the endpoints", at: field("hotspots"))
        }
        var chosen = all.filter { !generator.excluded.contains($0) }
        if let limit = generator.maxEndpoints, limit < chosen.count {
            chosen = DemandGenerator.bestConnected(chosen, limit: limit, in: topology)
        }
        guard chosen.count >= 2 else {
            throw ScenarioProblem("needs at least two endpoints, the topology has \(chosen.count) \(generator.endpoints?.rawValue ?? "")", at: field("endpoints"))
        }
        return chosen
    }

    private func field(_ name: String) -> FieldLocation {
        FieldLocation(line: spec.location.line, field: "\(spec.location.field).\(name)")
    }
}
