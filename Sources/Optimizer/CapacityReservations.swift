import Topology

/// Rates held by path reservations, per resource as the service stores them: fabric links by name,
/// host access ports one per direction (`h1-1->leaf1:1` into the fabric, `leaf1:1->h1-1` out of it).
///
/// `weft serve` (and `weft whatif --db`) optimize over what they leave (`subtracted(from:)`); the
/// all-pairs min-cut subtracts them (`weft mincut --all --db DB --minus-reservations`, `weft whatif
/// --db DB --minus-reservations`) to show how connected the fabric is for traffic not yet reserved.
public struct CapacityReservations: Hashable, Sendable {
    /// Reserved rate per resource name, bit/s.
    public var byResource: [String: Double]

    public init(byResource: [String: Double]) {
        self.byResource = byResource
    }

    /// The resource name of a host's access port in one direction.
    public static func accessResource(of host: Host, intoFabric: Bool) -> String {
        intoFabric ? "\(host.name)->\(host.attachment)" : "\(host.attachment)->\(host.name)"
    }

    /// Reserved rate on each link of `topology`, indexed like `topology.links`.
    public func linkRates(in topology: Topology) -> [Double] {
        topology.links.map { byResource[$0.name] ?? 0 }
    }

    /// Reserved rate on a host's access port: the larger direction, since a cut counts the smaller
    /// usable one.
    public func accessRate(of host: Host) -> Double {
        max(byResource[Self.accessResource(of: host, intoFabric: true)] ?? 0,
            byResource[Self.accessResource(of: host, intoFabric: false)] ?? 0)
    }

    /// Resources with a positive rate that are neither a link nor a host access port of `topology`
    /// (reservations on a topology version that has changed since), sorted.
    public func unknownResources(in topology: Topology) -> [String] {
        var known = Set(topology.links.map(\.name))
        for host in topology.hosts {
            known.insert(Self.accessResource(of: host, intoFabric: true))
            known.insert(Self.accessResource(of: host, intoFabric: false))
        }
        return byResource.filter { $0.value > 0 && !known.contains($0.key) }.keys.sorted()
    }

    /// `topology` with what the reservations hold taken off every link's capacity and every host access
    /// port's speed (never below 0): the fabric tenant traffic and mirror copies may use, as `weft serve`
    /// optimizes it.
    public func subtracted(from topology: Topology) -> Topology {
        guard !byResource.isEmpty else { return topology }
        var reduced = topology
        for index in reduced.links.indices {
            let held = byResource[reduced.links[index].name] ?? 0
            reduced.links[index].capacityBps = max(0, reduced.links[index].capacityBps - held)
        }
        for host in topology.hosts {
            let held = accessRate(of: host)
            guard held > 0, let switchIndex = reduced.switches.firstIndex(where: { $0.name == host.attachment.node }),
                  let portIndex = reduced.switches[switchIndex].ports.firstIndex(where: { $0.number == host.attachment.port }) else { continue }
            reduced.switches[switchIndex].ports[portIndex].speedBps = max(0, reduced.switches[switchIndex].ports[portIndex].speedBps - held)
        }
        return reduced
    }
}
