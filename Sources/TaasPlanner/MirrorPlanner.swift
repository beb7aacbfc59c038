import Optimizer
import Topology

/// Places tap flows' copies in the capacity tenant traffic leaves, and never anywhere else.
///
/// 1. Budget per link: min(capacity × (1 − headroom) − tenant load, mirror cap × capacity); the monitor
///    port's speed is the budget of each tap service's destination.
/// 2. Route per tap flow (one path, so a service's copies can be forwarded by `taas_id`): among the
///    k shortest paths (Yen, over up links) from the source switch to the destination switch, the one whose most loaded link
///    stays least loaded relative to its budget, counting the flows routed before it (heaviest weight
///    and demand first). Paths of one service agree at every (switch, in-port): a transit switch
///    forwards a service's copies by `taas_id` and in-port alone.
/// 3. Rates: weighted max-min fair over the fixed routes by progressive filling (exact), in two rounds —
///    first up to each flow's sampling floor, then up to its full demand (capped by `max_rate`). A flow
///    left short (by the fabric or its `max_rate`) that allows truncation is re-sized with truncated
///    copies — more frames fit in the same rate — and the rounds are redone.
/// 4. Reduction: a short flow is policed by a meter on its first copy-only entry (the next switch) when
///    its first hop can still carry full copies; otherwise it is sampled at the source by a select group.
///
/// The tenant allocation is never changed; tenant throughput with taps equals tenant throughput without.
public struct MirrorPlanner: Sendable {
    public var topology: Topology
    public var options: MirrorPlannerOptions

    public init(topology: Topology, options: MirrorPlannerOptions = MirrorPlannerOptions()) {
        self.topology = topology
        self.options = options
    }

    /// Places every flow of `catalog` around `allocation`, sizing copies from `traffic`.
    /// Throws for invalid options or an allocation of another topology; a flow whose ports cannot be
    /// resolved is placed with nothing and says why.
    public func plan(_ catalog: TapCatalog, around allocation: Allocation, traffic: MirrorTraffic) throws(TapError) -> MirrorPlan {
        if let problem = options.problems().first { throw problem }
        guard allocation.links.count == topology.links.count else {
            throw .invalidField(field: "allocation", value: allocation.topologyName,
                                reason: "has \(allocation.links.count) links but topology '\(topology.name)' has \(topology.links.count)")
        }
        var budgets = linkBudgets(allocation)
        var flows = catalog.flows.map { prepare($0, catalog: catalog, traffic: traffic) }
        let serviceIDs = catalog.services.map(\.id)
        route(&flows, budgets: budgets)

        let linkCount = topology.links.count
        var capacities = budgets.map(\.availableBps)
        for service in catalog.services {
            capacities.append((try? service.port.resolve(in: topology, as: .destination))?.port.speedBps ?? 0)
        }
        var claimOf: [Int: Int] = [:]
        var claims: [ProgressiveFilling.Claim] = []
        for (index, flow) in flows.enumerated() {
            guard let path = flow.path, let service = flow.service, let slot = serviceIDs.firstIndex(of: service.id) else { continue }
            claimOf[index] = claims.count
            claims.append(.init(resources: path.links + [linkCount + slot], weight: flow.flow.weight, start: 0, cap: 0))
        }
        let filling = ProgressiveFilling(capacities: capacities)
        var outcome = allocate(&flows, claims: claims, claimOf: claimOf, filling: filling)
        var truncatedAny = false
        for (index, claim) in claimOf where outcome.rates[claim] < flows[index].wireBps - tolerance(flows[index].wireBps) {
            guard let bytes = flows[index].flow.truncateBytes else { continue }
            let mean = flows[index].demand.meanPacketBytes ?? options.assumedMeanPacketBytes
            if Double(bytes) < mean {
                flows[index].wireFactor = Double(bytes) / mean
                flows[index].truncatedTo = bytes
                truncatedAny = true
            }
        }
        if truncatedAny { outcome = allocate(&flows, claims: claims, claimOf: claimOf, filling: filling) }

        for (index, claim) in claimOf {
            flows[index].rate = outcome.rates[claim]
            if flows[index].rate < flows[index].cap - tolerance(flows[index].cap), let resource = outcome.frozenBy[claim] {
                let sharedBy = claims.filter { $0.resources.contains(resource) }.count
                if resource < linkCount {
                    let budget = budgets[resource]
                    flows[index].limit = .link(name: budget.name, availableBps: budget.availableBps, residualBps: budget.residualBps, capBps: budget.mirrorCapBps, sharedBy: sharedBy)
                } else if let destination = flows[index].destination {
                    flows[index].limit = .destinationPort(destination.end, speedBps: destination.port.speedBps, sharedBy: sharedBy)
                }
            } else if let maxRate = flows[index].flow.maxRateBps, maxRate < flows[index].wireBps - tolerance(maxRate) {
                flows[index].limit = .maxRate(maxRate)
            }
        }
        chooseReductions(&flows, budgets: budgets)
        for index in flows.indices {
            guard let path = flows[index].path else { continue }
            for (hop, link) in path.links.enumerated() {
                budgets[link].mirrorLoadBps += hop == 0 && flows[index].reduction == .meter ? flows[index].wireBps : flows[index].rate
            }
        }
        setMeterRates(&flows, claims: claims, claimOf: claimOf, capacities: capacities, budgets: budgets)

        let destinations: [MirrorDestinationLoad] = catalog.services.enumerated().compactMap { slot, service in
            guard let end = try? service.port.resolve(in: topology, as: .destination) else { return nil }
            let load = flows.filter { $0.service?.id == service.id }.reduce(0) { $0 + $1.rate }
            return MirrorDestinationLoad(serviceID: service.id, port: end.end, speedBps: capacities[linkCount + slot], loadBps: load)
        }
        return MirrorPlan(options: options, tenantAllocation: allocation, placements: flows.map(placement), links: budgets, destinations: destinations)
    }

    // MARK: Steps

    /// One tap flow on its way through placement.
    private struct Pending {
        var flow: TapFlow
        var service: TapService?
        var source: ResolvedPort?
        var destination: ResolvedPort?
        var demand: MirrorDemand
        var path: Path?
        var limit: MirrorLimit?
        /// Bytes on the wire per byte to copy (below 1 when truncated).
        var wireFactor = 1.0
        var truncatedTo: Int?
        var rate = 0.0
        var meterRate = 0.0
        var reduction = MirrorReduction.none

        /// Full (possibly truncated) copies, in bit/s.
        var wireBps: Double { demand.totalBps * wireFactor }
        /// The most the flow may get.
        var cap: Double { min(wireBps, flow.maxRateBps ?? .infinity) }
    }

    private func linkBudgets(_ allocation: Allocation) -> [MirrorLinkBudget] {
        topology.links.enumerated().map { index, link in
            let tenant = allocation.links[index].loadBps
            let residual = link.isUp ? max(0, link.capacityBps * (1 - allocation.headroom) - tenant) : 0
            let cap = options.mirrorCapFraction * link.capacityBps
            return MirrorLinkBudget(linkIndex: index, name: link.name, capacityBps: link.capacityBps, tenantLoadBps: tenant,
                                    residualBps: residual, mirrorCapBps: cap, availableBps: min(residual, cap), mirrorLoadBps: 0)
        }
    }

    private func prepare(_ flow: TapFlow, catalog: TapCatalog, traffic: MirrorTraffic) -> Pending {
        let empty = MirrorDemand(flowID: flow.id, inBps: 0, outBps: 0, basis: "not measured")
        guard let service = catalog.service(flow.tapServiceID) else {
            return Pending(flow: flow, demand: empty, limit: .unavailable("tap service \(flow.tapServiceID) does not exist"))
        }
        let source: ResolvedPort
        let destination: ResolvedPort
        do {
            source = try flow.sourcePort.resolve(in: topology, as: .source)
            destination = try service.port.resolve(in: topology, as: .destination)
        } catch {
            return Pending(flow: flow, service: service, demand: empty, limit: .unavailable(error.description))
        }
        return Pending(flow: flow, service: service, source: source, destination: destination,
                       demand: traffic.mirrorDemand(of: flow, source: source, in: topology))
    }

    /// Picks one path per resolvable flow, heaviest claims first.
    private func route(_ flows: inout [Pending], budgets: [MirrorLinkBudget]) {
        let finder = PathFinder(topology: topology)
        var committed = [Double](repeating: 0, count: topology.links.count)
        var nextHop: [HopKey: UInt32] = [:]
        let order = flows.indices.filter { flows[$0].destination != nil }.sorted {
            (-flows[$0].flow.weight, -flows[$0].cap, flows[$0].flow.id) < (-flows[$1].flow.weight, -flows[$1].cap, flows[$1].flow.id)
        }
        for index in order {
            guard let source = flows[index].source, let destination = flows[index].destination, let service = flows[index].service else { continue }
            let candidates = (try? finder.kShortestPaths(from: source.end.node, to: destination.end.node, k: options.maxCandidatePaths)) ?? []
            guard let first = candidates.first else {
                flows[index].limit = .noPath(from: source.end.node, to: destination.end.node)
                continue
            }
            var usable = candidates.filter { conflict(in: $0, taasID: service.taasID, nextHop: nextHop) == nil }
            if usable.isEmpty, let merged = merge(first, taasID: service.taasID, nextHop: nextHop) { usable = [merged] }
            let demand = flows[index].cap
            let score = { (path: Path) -> Double in
                path.links.map { budgets[$0].availableBps > 0 ? (committed[$0] + demand) / budgets[$0].availableBps : .infinity }.max() ?? 0
            }
            guard let best = usable.min(by: { score($0) < score($1) }) else {
                flows[index].limit = .unavailable("no path from \(source.end.node) to \(destination.end.node) agrees with the routes of tap service \(service.label)'s other flows")
                continue
            }
            flows[index].path = best
            for link in best.links { committed[link] += demand }
            for hop in hops(of: best) { nextHop[HopKey(taasID: service.taasID, at: hop.entry)] = hop.exit }
        }
    }

    /// Runs both filling rounds (floors, then full demand) with the flows' current caps.
    private func allocate(_ flows: inout [Pending], claims: [ProgressiveFilling.Claim], claimOf: [Int: Int], filling: ProgressiveFilling) -> ProgressiveFilling.Outcome {
        var floors = claims
        var full = claims
        for (index, claim) in claimOf {
            floors[claim].cap = flows[index].cap * flows[index].flow.samplingFloor
            full[claim].cap = flows[index].cap
        }
        let first = filling.fill(floors)
        for claim in full.indices { full[claim].start = first.rates[claim] }
        return filling.fill(full)
    }

    /// Meter where the first hop still carries full copies, else sample at the source.
    private func chooseReductions(_ flows: inout [Pending], budgets: [MirrorLinkBudget]) {
        var spare = budgets.map(\.availableBps)
        for flow in flows {
            for link in flow.path?.links ?? [] { spare[link] -= flow.rate }
        }
        let short = flows.indices.filter { flows[$0].path != nil && flows[$0].rate < flows[$0].wireBps - tolerance(flows[$0].wireBps) }
        for index in short where flows[index].path?.links.isEmpty == true {
            flows[index].reduction = .sampleAtSource
        }
        let byFirstHop = Dictionary(grouping: short.filter { flows[$0].path?.links.isEmpty == false }) { flows[$0].path?.links.first ?? -1 }
        for (link, members) in byFirstHop {
            var left = spare[link]
            for index in members.sorted(by: { (flows[$0].wireBps - flows[$0].rate, flows[$0].flow.id) < (flows[$1].wireBps - flows[$1].rate, flows[$1].flow.id) }) {
                let extra = flows[index].wireBps - flows[index].rate
                if extra <= left + tolerance(left) {
                    flows[index].reduction = .meter
                    left -= extra
                } else {
                    flows[index].reduction = .sampleAtSource
                }
            }
        }
    }

    /// Placed rate plus a weighted share of the idle budget on every resource of the route.
    private func setMeterRates(_ flows: inout [Pending], claims: [ProgressiveFilling.Claim], claimOf: [Int: Int], capacities: [Double], budgets: [MirrorLinkBudget]) {
        var idle = capacities
        for (index, link) in budgets.enumerated() { idle[index] = max(0, link.availableBps - link.mirrorLoadBps) }
        for (index, claim) in claimOf {
            for resource in claims[claim].resources where resource >= budgets.count { idle[resource] -= flows[index].rate }
        }
        var weightOn = [Double](repeating: 0, count: capacities.count)
        for claim in claims {
            for resource in claim.resources { weightOn[resource] += claim.weight }
        }
        for (index, claim) in claimOf {
            let share = claims[claim].resources.map { max(0, idle[$0]) * claims[claim].weight / weightOn[$0] }.min() ?? 0
            flows[index].meterRate = min(flows[index].rate + share, flows[index].flow.maxRateBps ?? .infinity)
        }
    }

    // MARK: Consistent per-service forwarding

    private struct HopKey: Hashable {
        var taasID: UInt16
        var at: LinkEnd
    }

    /// Where a path enters each intermediate switch and which port it leaves by.
    private func hops(of path: Path) -> [(entry: LinkEnd, exit: UInt32)] {
        zip(path.links, path.links.dropFirst()).map { (topology.links[$0].target, topology.links[$1].source.port) }
    }

    private func conflict(in path: Path, taasID: UInt16, nextHop: [HopKey: UInt32]) -> Int? {
        hops(of: path).firstIndex { hop in nextHop[HopKey(taasID: taasID, at: hop.entry)].map { $0 != hop.exit } ?? false }
    }

    /// `path` up to its first disagreement with the service's routes, then the service's route from there.
    private func merge(_ path: Path, taasID: UInt16, nextHop: [HopKey: UInt32]) -> Path? {
        guard let first = conflict(in: path, taasID: taasID, nextHop: nextHop) else { return path }
        var links = Array(path.links.prefix(first + 1))
        var visited = Set(Path(links: links).nodes(in: topology))
        let destination = topology.links[path.links[path.links.count - 1]].target.node
        var entry = topology.links[links[links.count - 1]].target
        while entry.node != destination {
            guard let exit = nextHop[HopKey(taasID: taasID, at: entry)],
                  let link = topology.outgoingLinkIndices(of: entry.node).first(where: { topology.links[$0].source.port == exit && topology.links[$0].isUp }) else { return nil }
            entry = topology.links[link].target
            guard visited.insert(entry.node).inserted else { return nil }
            links.append(link)
        }
        return Path(links: links)
    }

    // MARK: Report

    private func placement(_ flow: Pending) -> TapFlowPlacement {
        let wire = flow.wireBps
        let fraction = wire > 0 ? min(1, flow.rate / wire) : 1
        let nodes = flow.path.map { $0.links.isEmpty ? [flow.source?.end.node ?? ""] : $0.nodes(in: topology) } ?? []
        return TapFlowPlacement(
            flowID: flow.flow.id, flowName: flow.flow.name, serviceID: flow.service?.id ?? flow.flow.tapServiceID,
            serviceName: flow.service?.name ?? "", taasID: flow.service?.taasID ?? 0, direction: flow.flow.direction,
            source: flow.source?.end ?? LinkEnd(node: "?", port: 0), sourceHost: flow.source?.host?.name,
            destination: flow.destination?.end ?? LinkEnd(node: "?", port: 0), path: flow.path, nodes: nodes,
            demand: flow.demand, truncatedToBytes: flow.truncatedTo, wireDemandBps: wire, mirroredBps: flow.rate,
            samplingFraction: fraction, meterRateBps: flow.meterRate, reduction: flow.reduction, limit: flow.limit,
            reason: reason(flow, fraction: fraction, nodes: nodes)
        )
    }

    private func reason(_ flow: Pending, fraction: Double, nodes: [String]) -> String? {
        if flow.path == nil {
            return "\(flow.limit?.description ?? "not placed"): nothing mirrored"
        }
        var parts: [String] = []
        if let bytes = flow.truncatedTo {
            let mean = flow.demand.meanPacketBytes ?? options.assumedMeanPacketBytes
            parts.append("copies truncated to \(bytes) bytes (mean frame \(Int(mean.rounded())) bytes)")
        }
        if fraction < 1 - 1e-9 {
            let cause = flow.limit.map { ": \($0)" } ?? ""
            var line = "sampled to \(percent(fraction)) (\(rate(flow.rate)) of \(rate(flow.wireBps)))\(cause)"
            switch flow.reduction {
            case .meter:
                line += "; full copies cross \(nodes[0])'s first hop and a meter at \(nodes[1]) cuts them"
            case .sampleAtSource where nodes.count > 1:
                line += "; the first hop cannot carry full copies, so \(nodes[0]) samples with a select group (OVS hashes per flow: whole transport flows are copied or skipped) and a meter at \(nodes[1]) polices"
            case .sampleAtSource:
                line += "; \(nodes[0]) samples with a select group (OVS hashes per flow: whole transport flows are copied or skipped)"
            case .none:
                break
            }
            parts.append(line)
        }
        if flow.flow.samplingFloor > 0, fraction < flow.flow.samplingFloor - 1e-9 {
            parts.append("below its sampling floor \(percent(flow.flow.samplingFloor))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    private func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(tenths))%" : "\(tenths)%"
    }

    private func rate(_ bps: Double) -> String { BitRate(bitsPerSecond: bps).formatted }

    private func tolerance(_ value: Double) -> Double { 1e-9 * max(abs(value), 1) }
}
