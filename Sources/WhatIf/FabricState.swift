import TaasPlanner
import Topology
import TopologyFormats

/// The network as one step of a scenario sees it: the baseline fabric with every action so far
/// applied. Applying an action checks its references (links, switches, classes, hosts), so a
/// dry run over all events validates a scenario before any solver runs.
public struct FabricState: Sendable {
    /// The fabric with failed and drained links down and capacities changed.
    public private(set) var topology: Topology
    /// Names of links that are down because of a failure.
    public private(set) var failedLinks: Set<String> = []
    /// Names of links that are down because their spine is drained.
    public private(set) var drainedLinks: Set<String> = []
    public private(set) var failedSwitches: Set<String> = []
    public private(set) var drainedSwitches: Set<String> = []
    /// Cumulative demand multiplier per class name; classes not listed keep factor 1.
    public private(set) var demandScale: [String: Double] = [:]
    /// Every tap service and tap flow defined so far, validated by TaaS's rules (same tenant,
    /// host ports, a monitor port that carries no tenant traffic). Ids are the scenario's names.
    public private(set) var taps = TapCatalog()
    /// Tap services the scenario defines but that were refused: flows naming them are not checked
    /// again (their service's problem says so), in this step or any later one.
    public private(set) var refusedTapServices: Set<String> = []
    /// Class names the scenario declares.
    public let classNames: Set<String>
    /// (source, destination) of every tenant demand, so a monitor port that carries tenant traffic is refused.
    private let demandEndpoints: [(source: String, destination: String)]

    /// The baseline: `topology` as given, no taps; apply `.addTaps` for the scenario's own taps.
    public init(topology: Topology, classNames: Set<String>, demandEndpoints: [(source: String, destination: String)] = []) {
        self.topology = topology
        self.classNames = classNames
        self.demandEndpoints = demandEndpoints
    }

    /// The factor by which demands of `className` are scaled in this state.
    public func scale(of className: String) -> Double {
        demandScale[className] ?? 1
    }

    /// Applies one action and returns what is wrong with it (empty when it applied cleanly).
    /// An action that names something unknown changes nothing; of `addTaps`, the valid part applies.
    @discardableResult
    public mutating func apply(_ action: ScenarioAction) -> [LocatedProblem] {
        if case .addTaps(let spec) = action.kind {
            return addTaps(spec)
        }
        do {
            try applyChange(action)
            return []
        } catch {
            return [error]
        }
    }

    // MARK: Helpers

    private mutating func applyChange(_ action: ScenarioAction) throws(LocatedProblem) {
        switch action.kind {
        case .failLink(let selector):
            for index in try links(selector, action) {
                topology.links[index].isUp = false
                failedLinks.insert(topology.links[index].name)
                drainedLinks.remove(topology.links[index].name)
            }
        case .failSwitch(let name):
            guard topology.switchNamed(name) != nil else { throw unknownSwitch(name, action) }
            failedSwitches.insert(name)
            for index in incidentLinks(of: name) {
                topology.links[index].isUp = false
                failedLinks.insert(topology.links[index].name)
                drainedLinks.remove(topology.links[index].name)
            }
        case .drainSpine(let name):
            guard let node = topology.switchNamed(name) else { throw unknownSwitch(name, action) }
            guard node.role == .spine else {
                throw LocatedProblem("'\(name)' is a \(node.role.rawValue), not a spine; use fail_switch to take it down", at: action.location)
            }
            drainedSwitches.insert(name)
            for index in incidentLinks(of: name) where topology.links[index].isUp {
                topology.links[index].isUp = false
                drainedLinks.insert(topology.links[index].name)
            }
        case .setCapacity(let selector, let bps):
            for index in try links(selector, action) {
                topology.links[index].capacityBps = bps
            }
        case .scaleDemand(let className, let factor):
            guard classNames.contains(className) else {
                throw LocatedProblem("unknown class '\(className)' (declared: \(classNames.sorted().joined(separator: ", ")))", at: action.location)
            }
            demandScale[className, default: 1] *= factor
        case .addTaps:
            break
        }
    }

    private func links(_ selector: LinkSelector, _ action: ScenarioAction) throws(LocatedProblem) -> [Int] {
        if case .between(let a, let b) = selector {
            for name in [a, b] where topology.switchNamed(name) == nil {
                throw unknownSwitch(name, action)
            }
        }
        let indices = selector.linkIndices(in: topology)
        guard !indices.isEmpty else {
            throw LocatedProblem("no link '\(selector)' in topology '\(topology.name)'", at: action.location)
        }
        return indices
    }

    private func incidentLinks(of name: String) -> [Int] {
        topology.links.indices.filter { topology.links[$0].source.node == name || topology.links[$0].target.node == name }
    }

    private func unknownSwitch(_ name: String, _ action: ScenarioAction) -> LocatedProblem {
        let known = ListSummary(topology.switches.map(\.name), shown: 6, noun: .init("switch", plural: "switches"))
        return LocatedProblem("unknown switch '\(name)' in topology '\(topology.name)' (\(known))", at: action.location)
    }

    /// Adds the tap services and flows stored in a running fabric's database (`weft whatif --db`), with
    /// their ids and `taas_id`s, checked by TaaS's rules against this fabric and the scenario's demands;
    /// returns the problems of those refused, each naming the stored record.
    mutating func addStoredTaps(_ catalog: TapCatalog, from location: String) -> [LocatedProblem] {
        let context = TapContext(topology: topology, demandEndpoints: demandEndpoints)
        let at = FieldLocation(line: nil, field: "taps")
        var problems: [LocatedProblem] = []
        for service in catalog.services {
            do {
                try taps.createService(service, in: context)
            } catch {
                problems.append(LocatedProblem("tap service \(service.label) stored in \(location): \(error)", at: at))
            }
        }
        for flow in catalog.flows {
            do {
                try taps.createFlow(flow, in: context)
            } catch {
                problems.append(LocatedProblem("tap flow \(flow.label) stored in \(location): \(error)", at: at))
            }
        }
        return problems
    }

    /// Adds services and flows through TaaS's catalog; returns the problems of those refused. A flow of
    /// a refused service gets no problem of its own ("unknown tap service" would be wrong: the service
    /// was refused, not missing); the service's problem lists those flows instead.
    private mutating func addTaps(_ spec: TapsSpec) -> [LocatedProblem] {
        var problems: [LocatedProblem] = []
        var refusedAt: [String: Int] = [:]
        let context = TapContext(topology: topology, demandEndpoints: demandEndpoints)
        for service in spec.services {
            guard taps.service(service.name) == nil else {
                problems.append(LocatedProblem("tap service '\(service.name)' already exists", at: service.location))
                continue
            }
            refusedTapServices.insert(service.name)
            refusedAt[service.name] = problems.count
            guard let monitor = topology.hostNamed(service.destinationHost) else {
                problems.append(LocatedProblem("tap service '\(service.name)': unknown destination host '\(service.destinationHost)'", at: service.location))
                continue
            }
            do {
                try taps.createService(TapService(id: service.name, name: service.name, tenant: monitor.tenant, port: .host(monitor.name)), in: context)
                refusedTapServices.remove(service.name)
                refusedAt[service.name] = nil
            } catch {
                problems.append(LocatedProblem("tap service '\(service.name)': \(error)\(Self.fix(for: error))", at: service.location))
            }
        }
        var unchecked: [String: [String]] = [:]
        for flow in spec.flows {
            guard taps.flow(flow.name) == nil else {
                problems.append(LocatedProblem("tap flow '\(flow.name)' already exists", at: flow.location))
                continue
            }
            guard !refusedTapServices.contains(flow.service) else {
                unchecked[flow.service, default: []].append(flow.name)
                continue
            }
            guard let service = taps.service(flow.service) else {
                problems.append(LocatedProblem("tap flow '\(flow.name)' names unknown tap service '\(flow.service)'", at: flow.location))
                continue
            }
            guard topology.hostNamed(flow.sourceHost) != nil else {
                problems.append(LocatedProblem("tap flow '\(flow.name)' names unknown source host '\(flow.sourceHost)'", at: flow.location))
                continue
            }
            let request = TapFlow(
                id: flow.name, name: flow.name, tapServiceID: service.id, sourcePort: .host(flow.sourceHost),
                direction: flow.direction, maxRateBps: flow.maxRateBps
            )
            do {
                try taps.createFlow(request, in: context)
            } catch {
                problems.append(LocatedProblem("tap flow '\(flow.name)': \(error)", at: flow.location))
            }
        }
        for (service, flows) in unchecked {
            let note = " (\(ListSummary(flows, noun: .init("tap flow")).description) of this service not checked)"
            if let index = refusedAt[service] {
                problems[index].message += note
            }
        }
        return problems
    }

    /// How to fix a refused tap service in a scenario, when there is one clear way.
    private static func fix(for error: TapError) -> String {
        guard case .destinationCarriesTenantTraffic(_, let host, _) = error else { return "" }
        return "; fix: leave the monitor host out of the tenant demands, e.g. `exclude: [\(host)]` on each demand generator "
            + "(and no rows for it in demand files)"
    }
}
