import Foundation
import Optimizer
import TaasPlanner
import Topology
import TopologyFormats

/// Reads a scenario YAML file into a `Scenario`, checking its structure: required fields, types,
/// ranges, unknown fields, duplicate names. Every problem found is reported with its line and
/// field; references to the topology (link and switch names) are checked later by
/// `ScenarioPreparation`, once the fabric exists.
public struct ScenarioLoader: Sendable {
    public init() {}

    /// Loads the scenario at `path`; relative paths inside it are resolved against its directory.
    public func load(file path: String) throws(LocatedError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LocatedError(file: path, problems: [LocatedProblem("cannot read the scenario file: \(error.localizedDescription)", at: FieldLocation(line: nil, field: "file"))])
        }
        // Kept relative when the scenario path is, so reports and messages show short paths.
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Parses scenario text; `file` names it in errors, `baseDirectory` anchors relative paths.
    public func parse(yaml: String, file: String, baseDirectory: String) throws(LocatedError) -> Scenario {
        let parsed: YAMLNode?
        do {
            parsed = try YAMLNode.parse(yaml, file: file)
        } catch {
            throw LocatedError(file: file, problems: error.problems)
        }
        guard let root = parsed else {
            throw LocatedError(file: file, problems: [LocatedProblem(file: file, line: 1, message: "the file is empty")])
        }
        let reader = Reader(baseDirectory: baseDirectory)
        let scenario = reader.scenario(root)
        guard let scenario, reader.problems.isEmpty else {
            throw LocatedError(file: file, problems: reader.problems)
        }
        return scenario
    }
}

/// The walk over the document; collects problems so one run reports all of them.
private final class Reader {
    let baseDirectory: String
    var problems: [LocatedProblem] = []

    init(baseDirectory: String) {
        self.baseDirectory = baseDirectory
    }

    func scenario(_ root: YAMLNode) -> Scenario? {
        guard let fields = attempt({ () throws(LocatedProblem) in
            try root.mapping(allowedKeys: ["name", "description", "topology", "classes", "demands", "taps", "objective", "options", "events"])
        }) else { return nil }
        let name = attempt { () throws(LocatedProblem) in try fields.required("name").string() }
        let description = fields.optional("description").flatMap { value in attempt { () throws(LocatedProblem) in try value.string() } } ?? ""
        let topology = attempt { () throws(LocatedProblem) in try topologySource(fields.required("topology")) }
        // A live scenario's demands carry weft serve's classes; elsewhere one class does.
        let defaultClasses = topology == .store ? [QoSClass.gold, .silver, .bronze] : [QoSClass(name: "default", weight: 1, priority: 0)]
        let classes = fields.optional("classes").map { classList($0) } ?? defaultClasses.map { ClassSpec($0, location: fields.owner.location) }
        let demands: [DemandSpec]
        if topology == .store, fields.optional("demands") == nil {
            // "What if spine 2 fails now?": the store's demands, as --demand-basis chooses them.
            demands = [DemandSpec(source: .live(.store), className: nil, location: FieldLocation(line: nil, field: "demands"))]
        } else {
            demands = attempt { () throws(LocatedProblem) in try fields.required("demands").sequence() }.map { demandList($0) } ?? []
        }
        let taps = fields.optional("taps").flatMap { tapsSpec($0) } ?? TapsSpec()
        let objective = fields.optional("objective").flatMap { value in attempt { () throws(LocatedProblem) in try objectiveValue(value) } } ?? .maxWeightedThroughput
        let options = fields.optional("options").flatMap { optionsValue($0) } ?? ScenarioOptions()
        let events = fields.optional("events").map { eventList($0) } ?? []
        guard let name, let topology else { return nil }
        return Scenario(name: name, description: description, topology: topology, classes: classes, demands: demands,
                        taps: taps, objective: objective, options: options, events: events)
    }

    // MARK: Sections

    private func topologySource(_ value: YAMLNode) throws(LocatedProblem) -> TopologySource {
        if value.scalarText == "store" { return .store }
        let fields = try value.mapping(allowedKeys: ["file", "default_capacity", "generate", "spines", "leaves", "hosts_per_leaf", "k", "uplink", "downlink", "tenants"])
        if let file = fields.optional("file") {
            guard fields.keys.allSatisfy({ $0 == "file" || $0 == "default_capacity" }) else {
                throw value.problem("give either 'file' (with an optional 'default_capacity') or 'generate' with its parameters, not both")
            }
            return .file(resolve(try file.string()), defaultCapacityBps: try fields.optional("default_capacity")?.rate() ?? 10e9)
        }
        guard let generator = fields.optional("generate") else {
            throw value.problem("needs 'file: PATH', 'generate: spine-leaf' with its parameters, or 'store' (with weft whatif --db)")
        }
        switch try generator.string() {
        case "spine-leaf":
            let spec = SpineLeafGenerator(
                spines: try fields.required("spines").int(in: 1...1024),
                leaves: try fields.required("leaves").int(in: 1...4096),
                hostsPerLeaf: try fields.optional("hosts_per_leaf")?.int(in: 0...250) ?? 2,
                uplinkBps: try fields.optional("uplink")?.rate() ?? 100e9,
                downlinkBps: try fields.optional("downlink")?.rate() ?? 25e9,
                tenants: try fields.optional("tenants")?.int(in: 1...1000) ?? 1
            )
            if let k = fields.optional("k") {
                throw k.problem("'k' is a fat-tree parameter")
            }
            let problems = spec.problems()
            guard problems.isEmpty else { throw value.problem(problems.joined(separator: "; ")) }
            return .spineLeaf(spec)
        case "fat-tree":
            if let stray = ["spines", "leaves", "hosts_per_leaf"].lazy.compactMap({ fields.optional($0) }).first {
                throw stray.problem("a spine-leaf parameter; a fat tree takes k, uplink, downlink, tenants")
            }
            let spec = FatTreeGenerator(
                k: try fields.required("k").int(in: 2...FatTreeGenerator.maximumK),
                fabricBps: try fields.optional("uplink")?.rate() ?? 100e9,
                hostBps: try fields.optional("downlink")?.rate() ?? 25e9,
                tenants: try fields.optional("tenants")?.int(in: 1...1000) ?? 1
            )
            let problems = spec.problems()
            guard problems.isEmpty else { throw value.problem(problems.joined(separator: "; ")) }
            return .fatTree(spec)
        case let other:
            throw generator.problem("unknown generator '\(other)' (expected spine-leaf or fat-tree)")
        }
    }

    private func classList(_ value: YAMLNode) -> [ClassSpec] {
        guard let items = attempt({ () throws(LocatedProblem) in try value.sequence() }) else { return [] }
        var seen = Set<String>()
        return items.compactMap { item in
            attempt { () throws(LocatedProblem) in
                let fields = try item.mapping(allowedKeys: ["name", "weight", "priority"])
                let nameValue = try fields.required("name")
                let name = try nameValue.string()
                guard seen.insert(name).inserted else { throw nameValue.problem("duplicate class '\(name)'") }
                let qosClass = QoSClass(
                    name: name,
                    weight: try fields.optional("weight")?.double(in: 0.000001...1e6) ?? 1,
                    priority: try fields.optional("priority")?.int(in: 0...255) ?? 0
                )
                return ClassSpec(qosClass, location: item.location)
            }
        }
    }

    private func demandList(_ items: [YAMLNode]) -> [DemandSpec] {
        items.compactMap { item in
            attempt { () throws(LocatedProblem) in
                let fields = try item.mapping(allowedKeys: ["file", "generate", "from", "class", "endpoints", "exclude", "total", "per_pair", "seed", "hotspots", "hotspot_share", "max_endpoints"])
                let className = try fields.optional("class")?.string()
                if let from = fields.optional("from") {
                    let extra = fields.keys.filter { $0 != "from" && $0 != "class" }
                    guard extra.isEmpty else { throw item.problem("stored demands take only 'class' besides 'from' (remove \(extra.joined(separator: ", ")))") }
                    let text = try from.string()
                    guard let which = LiveState.Demands(rawValue: text) else {
                        throw from.problem("unknown stored demands '\(text)' (expected store, declared or measured)")
                    }
                    return DemandSpec(source: .live(which), className: className, location: item.location)
                }
                if let file = fields.optional("file") {
                    let extra = fields.keys.filter { $0 != "file" && $0 != "class" }
                    guard extra.isEmpty else { throw item.problem("a demand file takes only 'class' besides 'file' (remove \(extra.joined(separator: ", ")))") }
                    return DemandSpec(source: .file(resolve(try file.string())), className: className, location: item.location)
                }
                guard let generate = fields.optional("generate") else {
                    throw item.problem("needs 'file: PATH', 'generate: uniform|gravity|hotspot' or 'from: store|declared|measured'")
                }
                let modelName = try generate.string()
                guard let model = DemandGenerator.Model(rawValue: modelName) else {
                    throw generate.problem("unknown demand generator '\(modelName)' (expected uniform, gravity or hotspot)")
                }
                guard let className else { throw item.problem(field: "class", "missing required field 'class'") }
                let volume: DemandGenerator.Volume
                switch (fields.optional("total"), fields.optional("per_pair")) {
                case (let total?, nil): volume = .totalBps(try total.rate())
                case (nil, let perPair?): volume = .perPairBps(try perPair.rate())
                case (_?, _?): throw item.problem("give either 'total' or 'per_pair', not both")
                case (nil, nil): throw item.problem("needs 'total: RATE' (whole matrix) or 'per_pair: RATE'")
                }
                var endpoints: DemandGeneratorSpec.Endpoints?
                if let value = fields.optional("endpoints") {
                    let text = try value.string()
                    guard let parsed = DemandGeneratorSpec.Endpoints(rawValue: text) else {
                        throw value.problem("unknown endpoints '\(text)' (expected hosts, leaves or switches)")
                    }
                    endpoints = parsed
                }
                let excluded = try fields.optional("exclude")?.sequence().map { item throws(LocatedProblem) in try item.string() } ?? []
                var hotspots: [String] = []
                if let list = fields.optional("hotspots") {
                    hotspots = try list.sequence().map { item throws(LocatedProblem) in try item.string() }
                }
                if model != .hotspot, fields.optional("hotspots") != nil || fields.optional("hotspot_share") != nil {
                    throw generate.problem("'hotspots' and 'hotspot_share' apply only to the hotspot generator")
                }
                return DemandSpec(
                    source: .generated(DemandGeneratorSpec(
                        model: model,
                        volume: volume,
                        endpoints: endpoints,
                        excluded: excluded,
                        seed: UInt64(try fields.optional("seed")?.int(in: 0...Int.max) ?? 1),
                        hotspots: hotspots,
                        hotspotShare: try fields.optional("hotspot_share")?.double(in: 0...1),
                        maxEndpoints: try fields.optional("max_endpoints")?.int(in: 2...Int.max)
                    )),
                    className: className,
                    location: item.location
                )
            }
        }
    }

    private func tapsSpec(_ value: YAMLNode) -> TapsSpec? {
        guard let lists = attempt({ () throws(LocatedProblem) in
            let fields = try value.mapping(allowedKeys: ["services", "flows"])
            return (services: try fields.optional("services")?.sequence() ?? [], flows: try fields.optional("flows")?.sequence() ?? [])
        }) else { return nil }
        let before = problems.count
        let services = lists.services.compactMap(tapService)
        let flows = lists.flows.compactMap(tapFlow)
        var names = Set<String>()
        for (service, item) in zip(services, lists.services) where !names.insert(service.name).inserted {
            problems.append(item.problem("duplicate tap service '\(service.name)'"))
        }
        names = []
        for (flow, item) in zip(flows, lists.flows) where !names.insert(flow.name).inserted {
            problems.append(item.problem("duplicate tap flow '\(flow.name)'"))
        }
        return problems.count == before ? TapsSpec(services: services, flows: flows) : nil
    }

    private func tapService(_ item: YAMLNode) -> TapServiceSpec? {
        attempt { () throws(LocatedProblem) in
            let fields = try item.mapping(allowedKeys: ["name", "destination"])
            return TapServiceSpec(name: try fields.required("name").string(), destinationHost: try fields.required("destination").string(), location: item.location)
        }
    }

    private func tapFlow(_ item: YAMLNode) -> TapFlowSpec? {
        attempt { () throws(LocatedProblem) in
            let fields = try item.mapping(allowedKeys: ["name", "service", "source", "direction", "max_rate"])
            let directionValue = fields.optional("direction")
            let direction = try directionValue.map { value throws(LocatedProblem) in
                let text = try value.string()
                guard let direction = TapDirection(parsing: text) else {
                    throw value.problem("unknown direction '\(text)' (expected IN, OUT or BOTH)")
                }
                return direction
            } ?? .both
            let source = try fields.required("source").string()
            return TapFlowSpec(
                name: try fields.optional("name")?.string() ?? "tap-\(source)",
                service: try fields.required("service").string(),
                sourceHost: source,
                direction: direction,
                maxRateBps: try fields.optional("max_rate")?.rate(),
                location: item.location
            )
        }
    }

    private func objectiveValue(_ value: YAMLNode) throws(LocatedProblem) -> Objective {
        let text = try value.string()
        guard let objective = Objective(rawValue: text) else {
            throw value.problem("unknown objective '\(text)' (expected \(Objective.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return objective
    }

    private func optionsValue(_ value: YAMLNode) -> ScenarioOptions? {
        attempt { () throws(LocatedProblem) in
            let fields = try value.mapping(allowedKeys: ["headroom", "mirror_cap", "hot_links", "bottlenecks"])
            let defaults = ScenarioOptions()
            return ScenarioOptions(
                headroom: try fields.optional("headroom")?.double(in: 0...0.99) ?? defaults.headroom,
                mirrorCap: try fields.optional("mirror_cap")?.double(in: 0.001...1) ?? defaults.mirrorCap,
                hotLinks: try fields.optional("hot_links")?.int(in: 0...100) ?? defaults.hotLinks,
                bottlenecks: try fields.optional("bottlenecks")?.int(in: 0...100) ?? defaults.bottlenecks
            )
        }
    }

    private func eventList(_ value: YAMLNode) -> [ScenarioEvent] {
        guard let items = attempt({ () throws(LocatedProblem) in try value.sequence() }) else { return [] }
        return items.compactMap { item in
            guard let fields = attempt({ () throws(LocatedProblem) in try item.mapping(allowedKeys: ["label", "actions"]) }) else { return nil }
            let label = attempt { () throws(LocatedProblem) in try fields.required("label").string() }
            guard let actionItems = attempt({ () throws(LocatedProblem) in try fields.required("actions").sequence() }) else { return nil }
            if actionItems.isEmpty {
                problems.append(item.problem("an event needs at least one action"))
            }
            let actions = actionItems.compactMap(action)
            guard let label, actions.count == actionItems.count else { return nil }
            return ScenarioEvent(label: label, actions: actions, location: item.location)
        }
    }

    private static let actionNames = ["fail_link", "fail_switch", "drain_spine", "set_capacity", "scale_demand", "add_taps"]

    private func action(_ item: YAMLNode) -> ScenarioAction? {
        guard let (name, value) = attempt({ () throws(LocatedProblem) in
            let fields = try item.mapping(allowedKeys: Self.actionNames)
            guard fields.entries.count == 1, let entry = fields.entries.first else {
                throw item.problem("an action is one of \(Self.actionNames.joined(separator: ", ")), written as a single field")
            }
            return entry
        }) else { return nil }
        if name == "add_taps" {
            return tapsSpec(value).map { ScenarioAction(.addTaps($0), at: value.location) }
        }
        return attempt { () throws(LocatedProblem) in try simpleAction(name, value) }
    }

    private func simpleAction(_ name: String, _ value: YAMLNode) throws(LocatedProblem) -> ScenarioAction {
        switch name {
        case "fail_link":
            return ScenarioAction(.failLink(try selector(value)), at: value.location)
        case "fail_switch":
            return ScenarioAction(.failSwitch(try value.string()), at: value.location)
        case "drain_spine":
            return ScenarioAction(.drainSpine(try value.string()), at: value.location)
        case "set_capacity":
            let parameters = try value.mapping(allowedKeys: ["link", "capacity"])
            return ScenarioAction(.setCapacity(try selector(parameters.required("link")), bps: try parameters.required("capacity").rate()), at: value.location)
        case "scale_demand":
            let parameters = try value.mapping(allowedKeys: ["class", "factor"])
            return ScenarioAction(.scaleDemand(className: try parameters.required("class").string(), factor: try parameters.required("factor").double(in: 0...1000)), at: value.location)
        default:
            throw value.problem("unknown action '\(name)'")
        }
    }

    private func selector(_ value: YAMLNode) throws(LocatedProblem) -> LinkSelector {
        let text = try value.string()
        guard let selector = LinkSelector(text) else {
            throw value.problem("'\(text)' names no link (write 'switchA<->switchB' for both directions, or 'a:1->b:2')")
        }
        return selector
    }

    // MARK: Helpers

    /// Runs `body`; on a problem, records it and returns `nil` so the walk continues.
    private func attempt<T>(_ body: () throws(LocatedProblem) -> T) -> T? {
        do {
            return try body()
        } catch {
            problems.append(error)
            return nil
        }
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : ((baseDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
