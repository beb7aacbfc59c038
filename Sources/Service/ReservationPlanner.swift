import Optimizer
import Topology

/// Chooses paths for a bandwidth reservation in the capacity other reservations leave free.
///
/// Resources are the fabric links (by name) and the access ports of host endpoints, one per direction
/// (`h1-1->leaf1:1` into the fabric, `leaf1:1->h1-1` out of it). A resource's usable capacity is its
/// capacity × (1 − headroom); a path is admitted only if every resource on it has at least the requested
/// rate left after `usedByOthers`. `usedByOthers` never contains the reservation being planned, so a
/// resize or reroute can reuse its own bandwidth without counting it twice, and since the admitted rate
/// fits next to everyone else's on every link, no link is oversubscribed — also not the links its old
/// and new paths share, where the reservation counts once.
///
/// Among feasible paths it picks the fewest hops, then the lowest latency, then the widest (most residual
/// capacity at the bottleneck), then the lowest link indices. `k` disjoint paths are found greedily:
/// each next path avoids every link of the previous ones.
struct ReservationPlanner {
    var topology: Topology
    /// Rate held per resource by every other reservation.
    var usedByOthers: [String: Double]
    /// Fraction of every resource's capacity kept free, 0 ≤ headroom < 1.
    var headroom: Double
    var classes: [QoSClass]

    /// The paths chosen and what they hold on each resource.
    struct Plan: Hashable, Sendable {
        var paths: [ReservedPath]
        var uses: [String: Double]
    }

    /// A request endpoint resolved in the topology.
    struct Endpoint {
        var switchName: String
        var host: Host?
    }

    // MARK: Planning

    /// Validates `request` against the topology and finds its paths, or explains why there are none.
    func plan(_ request: PathRequest) throws(APIError) -> Plan {
        let (source, destination) = try resolveEndpoints(request)
        let excluded = try excludedLinks(request.constraints, source: source, destination: destination)
        try checkAccess(source: source, destination: destination, rate: request.bandwidthBps)

        var taken = Set<Int>()
        var paths: [ReservedPath] = []
        for index in 0..<request.constraints.disjointPaths {
            let usable: (Int) -> Bool = { link in
                !excluded.contains(link) && !taken.contains(link) && self.residual(ofLink: link) >= request.bandwidthBps
            }
            guard let links = bestPath(from: source.switchName, to: destination.switchName, usable: usable) else {
                throw noPath(request, source: source, destination: destination, excluded: excluded.union(taken), found: index)
            }
            if let maxHops = request.constraints.maxHops, links.count > maxHops {
                throw APIError.conflict(
                    "no_path",
                    "the shortest feasible path from \(request.source) to \(request.destination) has \(links.count) links, more than max_hops \(maxHops)",
                    field: "constraints.max_hops")
            }
            taken.formUnion(links)
            paths.append(reservedPath(links, role: index == 0 ? .primary : .backup, source: source, destination: destination, rate: request.bandwidthBps))
        }
        return Plan(paths: paths, uses: uses(of: paths, source: source, destination: destination, rate: request.bandwidthBps))
    }

    /// The same paths at a new rate, when they are all still present, up, allowed and have room for it
    /// next to the other reservations; `nil` when the reservation has to be rerouted.
    func resize(_ paths: [ReservedPath], to request: PathRequest) throws(APIError) -> Plan? {
        let (source, destination) = try resolveEndpoints(request)
        let excluded = try excludedLinks(request.constraints, source: source, destination: destination)
        guard paths.count == request.constraints.disjointPaths else { return nil }
        for path in paths {
            if let maxHops = request.constraints.maxHops, path.links.count > maxHops { return nil }
            for name in path.links {
                guard let link = topology.linkIndex(named: name), !excluded.contains(link),
                      residual(ofLink: link) >= request.bandwidthBps else { return nil }
            }
        }
        do {
            try checkAccess(source: source, destination: destination, rate: request.bandwidthBps)
        } catch {
            return nil
        }
        let resized = paths.map { path -> ReservedPath in
            var path = path
            path.reservedBps = request.bandwidthBps
            return path
        }
        return Plan(paths: resized, uses: uses(of: resized, source: source, destination: destination, rate: request.bandwidthBps))
    }

    /// Whether the reservation's links are still present and up in the topology.
    func status(of paths: [ReservedPath]) -> (PathReservation.Status, downLinks: [String]) {
        let found = ReservationStatus.of(paths: paths.map(\.links), in: topology)
        return (found.status, found.lostLinks)
    }

    // MARK: Validation

    func resolveEndpoints(_ request: PathRequest) throws(APIError) -> (Endpoint, Endpoint) {
        guard classes.contains(where: { $0.name == request.qosClass }) else {
            throw APIError.invalidField("class", "unknown class '\(request.qosClass)' (known: \(classes.map(\.name).joined(separator: ", ")))")
        }
        if let tenant = request.tenant, !topology.tenants.contains(where: { $0.name == tenant }) {
            throw APIError.invalidField("tenant_id", "unknown tenant '\(tenant)'")
        }
        let source = try endpoint(request.source, field: "src", tenant: request.tenant)
        let destination = try endpoint(request.destination, field: "dst", tenant: request.tenant)
        guard request.source != request.destination else {
            throw APIError.invalidField("dst", "dst must differ from src ('\(request.source)')")
        }
        return (source, destination)
    }

    private func endpoint(_ name: String, field: String, tenant: String?) throws(APIError) -> Endpoint {
        if let host = topology.hostNamed(name) {
            if let tenant, host.tenant != tenant {
                throw APIError.forbidden("host '\(name)' belongs to tenant '\(host.tenant)', not to '\(tenant)'", field: field)
            }
            return Endpoint(switchName: host.attachment.node, host: host)
        }
        if topology.switchNamed(name) != nil {
            return Endpoint(switchName: name, host: nil)
        }
        throw APIError.invalidField(field, "unknown host or switch '\(name)'")
    }

    private func excludedLinks(_ constraints: PathConstraints, source: Endpoint, destination: Endpoint) throws(APIError) -> Set<Int> {
        var excluded = Set<Int>()
        for (position, name) in constraints.excludeLinks.enumerated() {
            guard let index = topology.linkIndex(named: name) else {
                throw APIError.invalidField("constraints.exclude_links[\(position)]", "unknown link '\(name)' (links are named like 'leaf1:5->spine1:1')")
            }
            excluded.insert(index)
        }
        for (position, name) in constraints.excludeNodes.enumerated() {
            let field = "constraints.exclude_nodes[\(position)]"
            guard topology.switchNamed(name) != nil else {
                throw APIError.invalidField(field, "unknown switch '\(name)'")
            }
            guard name != source.switchName, name != destination.switchName else {
                throw APIError.invalidField(field, "cannot exclude '\(name)': an endpoint is attached to it")
            }
            for (index, link) in topology.links.enumerated() where link.source.node == name || link.target.node == name {
                excluded.insert(index)
            }
        }
        return excluded
    }

    private func checkAccess(source: Endpoint, destination: Endpoint, rate: Double) throws(APIError) {
        for (endpoint, field, inbound) in [(source, "src", true), (destination, "dst", false)] {
            guard let host = endpoint.host else { continue }
            let resource = Self.accessResource(host, intoFabric: inbound)
            let left = residual(ofAccess: host, resource: resource)
            guard left >= rate else {
                throw APIError.conflict(
                    "insufficient_capacity",
                    "host \(host.name)'s port \(host.attachment) has \(Self.rate(left)) left, \(Self.rate(rate)) requested",
                    field: field)
            }
        }
    }

    // MARK: Capacity

    /// Free capacity of a fabric link for this reservation; 0 when the link is down.
    func residual(ofLink index: Int) -> Double {
        let link = topology.links[index]
        guard link.isUp else { return 0 }
        return link.capacityBps * (1 - headroom) - (usedByOthers[link.name] ?? 0)
    }

    private func residual(ofAccess host: Host, resource: String) -> Double {
        guard let port = topology.switchNamed(host.attachment.node)?.port(host.attachment.port), port.isUp else { return 0 }
        return port.speedBps * (1 - headroom) - (usedByOthers[resource] ?? 0)
    }

    /// `h1-1->leaf1:1` (host to fabric) or `leaf1:1->h1-1` (fabric to host).
    static func accessResource(_ host: Host, intoFabric: Bool) -> String {
        CapacityReservations.accessResource(of: host, intoFabric: intoFabric)
    }

    private func uses(of paths: [ReservedPath], source: Endpoint, destination: Endpoint, rate: Double) -> [String: Double] {
        var uses: [String: Double] = [:]
        for name in paths.flatMap(\.links) {
            uses[name] = rate
        }
        if let host = source.host { uses[Self.accessResource(host, intoFabric: true)] = rate }
        if let host = destination.host { uses[Self.accessResource(host, intoFabric: false)] = rate }
        return uses
    }

    // MARK: Search

    /// Best path by (hops, latency, widest residual, link order) over links passing `usable`.
    func bestPath(from source: String, to destination: String, usable: (Int) -> Bool) -> [Int]? {
        if source == destination { return [] }
        struct Label {
            var hops: Int
            var latency: Double
            var width: Double
            var via: Int?

            func isBetter(than other: Label) -> Bool {
                if hops != other.hops { return hops < other.hops }
                if latency != other.latency { return latency < other.latency }
                return width > other.width
            }
        }
        var labels: [String: Label] = [source: Label(hops: 0, latency: 0, width: .infinity, via: nil)]
        var settled = Set<String>()
        while let (node, label) = labels.filter({ !settled.contains($0.key) }).min(by: { lhs, rhs in
            lhs.value.isBetter(than: rhs.value) || (!rhs.value.isBetter(than: lhs.value) && lhs.key < rhs.key)
        }) {
            if node == destination { break }
            settled.insert(node)
            for index in topology.outgoingLinkIndices(of: node) where usable(index) {
                let link = topology.links[index]
                let next = link.target.node
                guard !settled.contains(next) else { continue }
                let candidate = Label(hops: label.hops + 1, latency: label.latency + link.latencySeconds,
                                      width: min(label.width, residual(ofLink: index)), via: index)
                if let current = labels[next], !candidate.isBetter(than: current) { continue }
                labels[next] = candidate
            }
        }
        guard labels[destination] != nil else { return nil }
        var links: [Int] = []
        var node = destination
        while let via = labels[node]?.via {
            links.append(via)
            node = topology.links[via].source.node
        }
        return links.reversed()
    }

    /// The largest rate any single path could still get (ignoring the request's rate), and its bottleneck link.
    private func widestPath(from source: String, to destination: String, usable: (Int) -> Bool) -> (width: Double, bottleneck: String?)? {
        var width: [String: (Double, String?)] = [source: (.infinity, nil)]
        var settled = Set<String>()
        while let (node, best) = width.filter({ !settled.contains($0.key) }).max(by: { ($0.value.0, $1.key) < ($1.value.0, $0.key) }) {
            if node == destination { return best }
            settled.insert(node)
            for index in topology.outgoingLinkIndices(of: node) where usable(index) && topology.links[index].isUp {
                let next = topology.links[index].target.node
                guard !settled.contains(next) else { continue }
                let left = residual(ofLink: index)
                let candidate = left < best.0 ? (left, Optional(topology.links[index].name)) : best
                if candidate.0 > (width[next]?.0 ?? -.infinity) { width[next] = candidate }
            }
        }
        return nil
    }

    private func noPath(_ request: PathRequest, source: Endpoint, destination: Endpoint, excluded: Set<Int>, found: Int) -> APIError {
        let wanted = request.constraints.disjointPaths
        let prefix = wanted > 1 ? "only \(found) of \(wanted) link-disjoint paths: " : ""
        guard let widest = widestPath(from: source.switchName, to: destination.switchName, usable: { !excluded.contains($0) }) else {
            return APIError.conflict("no_path", "\(prefix)no path of up links from \(request.source) to \(request.destination) avoids the excluded links and switches")
        }
        let bottleneck = widest.bottleneck.map { " at \($0)" } ?? ""
        return APIError.conflict(
            "insufficient_capacity",
            "\(prefix)no path from \(request.source) to \(request.destination) has \(Self.rate(request.bandwidthBps)) free; the widest has \(Self.rate(max(0, widest.width)))\(bottleneck)",
            field: "bandwidth_bps")
    }

    // MARK: Output

    private func reservedPath(_ links: [Int], role: ReservedPath.Role, source: Endpoint, destination: Endpoint, rate: Double) -> ReservedPath {
        var hops: [PathHop] = []
        var inPort = source.host?.attachment.port
        var node = source.switchName
        for index in links {
            let link = topology.links[index]
            hops.append(hop(node, in: inPort, out: link.source.port))
            inPort = link.target.port
            node = link.target.node
        }
        hops.append(hop(node, in: inPort, out: destination.host?.attachment.port))
        let path = Path(links: links)
        return ReservedPath(role: role, hops: hops, links: path.linkNames(in: topology), reservedBps: rate, latencySeconds: path.latencySeconds(in: topology))
    }

    private func hop(_ name: String, in inPort: UInt32?, out outPort: UInt32?) -> PathHop {
        PathHop(switchName: name, datapathID: topology.switchNamed(name)?.datapathID ?? DatapathID(0), inPort: inPort, outPort: outPort)
    }

    static func rate(_ bps: Double) -> String {
        BitRate(bitsPerSecond: bps).formatted
    }
}
