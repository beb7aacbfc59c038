import Optimizer
import Topology
@testable import TaasPlanner
import TopologyFormats

/// Shared test fabrics.
enum Fixtures {
    /// 2 spines × 3 leaves, 2 hosts per leaf, hosts alternate tenant1/tenant2:
    /// h1-1 t1, h1-2 t2, h2-1 t1, h2-2 t2, h3-1 t1, h3-2 t2. Uplinks 40G, host ports 10G.
    static func fabric() -> Topology {
        SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 40e9, downlinkBps: 10e9, tenants: 2).generate()
    }

    static func context(demands: [(source: String, destination: String)] = []) -> TapContext {
        TapContext(topology: fabric(), demandEndpoints: demands)
    }
}

extension Fixtures {
    /// A tenant allocation for tests that do not exercise the LP: each demand on its first shortest
    /// path at the rate that still fits (links and both host ports). Deterministic.
    static func greedyAllocation(_ topology: Topology, _ demands: [Demand]) -> Allocation {
        let finder = PathFinder(topology: topology)
        var linkLeft = topology.links.map { $0.isUp ? $0.capacityBps : 0 }
        var sent: [String: Double] = [:]
        var received: [String: Double] = [:]
        func speed(_ name: String) -> Double {
            guard let host = topology.hostNamed(name) else { return .infinity }
            return topology.switchNamed(host.attachment.node)?.port(host.attachment.port)?.speedBps ?? 0
        }
        func node(_ name: String) -> String { topology.hostNamed(name)?.attachment.node ?? name }
        let results = demands.map { demand -> DemandAllocation in
            guard let path = try? finder.shortestPath(from: node(demand.source), to: node(demand.destination)) else {
                return DemandAllocation(demand: demand, splits: [])
            }
            let room = ([demand.rateBps, speed(demand.source) - sent[demand.source, default: 0], speed(demand.destination) - received[demand.destination, default: 0]]
                + path.links.map { linkLeft[$0] }).min() ?? 0
            let rate = max(0, room)
            for link in path.links { linkLeft[link] -= rate }
            sent[demand.source, default: 0] += rate
            received[demand.destination, default: 0] += rate
            return DemandAllocation(demand: demand, splits: rate > 0 ? [PathSplit(path: path, rateBps: rate)] : [])
        }
        return Allocation(topology: topology, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0,
                          demands: results, solveSeconds: 0, solverStatus: .optimal)
    }

    /// Abilene (Topology Zoo) with one 10G host port per router, hosts alternating two tenants.
    static func abileneWithHosts() throws -> Topology {
        let root = "/" + String("\(#filePath)").split(separator: "/").dropLast(3).joined(separator: "/")
        let file = root + "/scenarios/topologies/Abilene.graphml"
        var topology = try TopologyImporter().importFile(atPath: file).topology
        var hosts: [Host] = []
        for (index, node) in topology.switches.enumerated() {
            let number = (node.ports.map(\.number).max() ?? 0) + 1
            topology.switches[index].ports.append(Port(number: number, name: "host", speedBps: 10e9))
            hosts.append(Host(name: "h-\(node.name)", mac: MACAddress(0x0200_0000_1000 + UInt64(index)),
                              ip: IPv4Address(0x0A64_0000 + UInt32(index) + 1), attachment: LinkEnd(node: node.name, port: number),
                              tenant: index % 2 == 0 ? "tenant1" : "tenant2"))
        }
        topology.hosts = hosts
        topology.tenants = [Tenant(name: "tenant1"), Tenant(name: "tenant2")]
        return try topology.validated()
    }
}

/// SplitMix64: a small seeded generator so random instances are reproducible from their seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
