import Optimizer
import Testing
import Topology
@testable import TaasPlanner
import TopologyFormats

@Suite("Mirror placement properties on random instances")
struct MirrorPropertyTests {
    /// A random instance: tenant demands between hosts of one tenant, one monitor host per tenant
    /// (never a demand endpoint), random tap flows onto it.
    private func instance(_ topology: Topology, seed: UInt64) throws -> (demands: [Demand], catalog: TapCatalog, rates: [LinkEnd: PortRate]) {
        var random = SeededGenerator(state: seed)
        let byTenant = Dictionary(grouping: topology.hosts, by: \.tenant)
        var monitors: [String: Host] = [:]
        for (tenant, hosts) in byTenant.sorted(by: { $0.key < $1.key }) where hosts.count >= 3 {
            monitors[tenant] = hosts.randomElement(using: &random)
        }
        var demands: [Demand] = []
        for _ in 0..<Int.random(in: 5...40, using: &random) {
            guard let tenant = monitors.keys.sorted().randomElement(using: &random) else { break }
            let candidates = (byTenant[tenant] ?? []).filter { $0.name != monitors[tenant]?.name }
            guard let a = candidates.randomElement(using: &random), let b = candidates.randomElement(using: &random), a.name != b.name else { continue }
            let rate = Double.random(in: 0.1...1, using: &random) * 20e9
            demands.append(Demand(id: "d\(demands.count)", source: a.name, destination: b.name, rateBps: rate, qosClass: [QoSClass.gold, .silver, .bronze].randomElement(using: &random) ?? .bronze))
        }
        let context = TapContext(topology: topology, demandEndpoints: demands.map { ($0.source, $0.destination) })
        var catalog = TapCatalog()
        var rates: [LinkEnd: PortRate] = [:]
        for (tenant, monitor) in monitors.sorted(by: { $0.key < $1.key }) {
            let service = try catalog.createService(TapService(tenant: tenant, port: .host(monitor.name)), in: context)
            for host in (byTenant[tenant] ?? []).shuffled(using: &random).prefix(Int.random(in: 1...8, using: &random)) where host.name != monitor.name {
                let direction = TapDirection.allCases.randomElement(using: &random) ?? .both
                let flow = TapFlow(
                    tapServiceID: service.id, sourcePort: .host(host.name), direction: direction,
                    filter: Bool.random(using: &random) ? MirrorFilter(ipProtocol: 17, expectedShare: 0.3) : nil,
                    maxRateBps: Bool.random(using: &random) ? Double.random(in: 1e8...5e9, using: &random) : nil,
                    samplingFloor: Bool.random(using: &random) ? Double.random(in: 0...0.5, using: &random) : 0,
                    weight: Double(Int.random(in: 1...4, using: &random)),
                    truncateBytes: Bool.random(using: &random) ? 128 : nil
                )
                try catalog.createFlow(flow, in: context)
                rates[host.attachment] = PortRate(receivedBps: Double.random(in: 0...25e9, using: &random), transmittedBps: Double.random(in: 0...25e9, using: &random))
            }
        }
        return (demands, catalog, rates)
    }

    /// Tenant allocation unchanged, no link over capacity or its mirror budget, no monitor port over its
    /// speed, and meters that can never together exceed a link's budget.
    @discardableResult
    private func checkInvariants(_ topology: Topology, seed: UInt64, options: MirrorPlannerOptions = MirrorPlannerOptions(),
                                 allocate: (Topology, [Demand]) throws -> Allocation = { Fixtures.greedyAllocation($0, $1) }) throws -> [MirrorPlan] {
        var plans: [MirrorPlan] = []
        let (demands, catalog, rates) = try instance(topology, seed: seed)
        let withoutTaps = try allocate(topology, demands)
        for traffic in [MirrorTraffic.allocation(withoutTaps), .portRates(rates)] {
            let plan = try MirrorPlanner(topology: topology, options: options).plan(catalog, around: try allocate(topology, demands), traffic: traffic)
            plans.append(plan)
            let sameSplits = plan.tenantAllocation.demands == withoutTaps.demands
            #expect(sameSplits, "seed \(seed): tenant splits changed")
            #expect(plan.tenantAllocation.totalThroughputBps == withoutTaps.totalThroughputBps)
            var meterLoad = [Double](repeating: 0, count: topology.links.count)
            for placement in plan.placements {
                for (hop, link) in (placement.path?.links ?? []).enumerated() {
                    meterLoad[link] += hop == 0 && placement.reduction == .meter ? placement.wireDemandBps
                        : hop == 0 ? placement.mirroredBps : placement.meterRateBps
                }
                #expect(placement.mirroredBps <= placement.wireDemandBps * (1 + 1e-9) + 1e-6)
                #expect(placement.meterRateBps >= placement.mirroredBps * (1 - 1e-9))
                if let cap = placement.demand.totalBps > 0 ? catalog.flow(placement.flowID)?.maxRateBps : nil {
                    #expect(placement.meterRateBps <= cap * (1 + 1e-9))
                }
                #expect((placement.samplingFraction < 1 - 1e-9) == (placement.reason?.contains("sampled to") ?? false), "seed \(seed) \(placement.reason ?? "")")
            }
            for budget in plan.links {
                let link = topology.links[budget.linkIndex]
                let slack = 1e-6 * link.capacityBps
                #expect(budget.mirrorLoadBps <= budget.mirrorCapBps + slack, "seed \(seed) \(budget.name)")
                #expect(budget.tenantLoadBps + budget.mirrorLoadBps <= link.capacityBps + slack, "seed \(seed) \(budget.name)")
                #expect(budget.mirrorLoadBps <= budget.availableBps + slack, "seed \(seed) \(budget.name)")
                #expect(meterLoad[budget.linkIndex] <= budget.availableBps + slack, "seed \(seed) \(budget.name) meters")
            }
            for destination in plan.destinations {
                #expect(destination.loadBps <= destination.speedBps * (1 + 1e-9))
            }
        }
        return plans
    }

    @Test("random spine-leaf fabrics: tenant allocation identical with and without taps, every budget respected", arguments: 1...40)
    func spineLeaf(seed: Int) throws {
        var random = SeededGenerator(state: UInt64(seed) &* 7919)
        let topology = SpineLeafGenerator(
            spines: Int.random(in: 1...4, using: &random), leaves: Int.random(in: 2...8, using: &random),
            hostsPerLeaf: Int.random(in: 2...4, using: &random), uplinkBps: [10e9, 40e9, 100e9].randomElement(using: &random) ?? 40e9,
            downlinkBps: [1e9, 10e9, 25e9].randomElement(using: &random) ?? 10e9, tenants: Int.random(in: 1...3, using: &random)
        ).generate()
        let options = MirrorPlannerOptions(mirrorCapFraction: [0.05, 0.1, 0.3].randomElement(using: &random) ?? 0.1)
        try checkInvariants(topology, seed: UInt64(seed), options: options)
    }

    @Test("Abilene WAN: the same properties hold over multi-hop mirror paths", arguments: 1...10)
    func abilene(seed: Int) throws {
        let plans = try checkInvariants(try Fixtures.abileneWithHosts(), seed: UInt64(seed))
        let placements = plans.flatMap(\.placements)
        #expect(placements.contains { ($0.path?.links.count ?? 0) >= 2 }, "seed \(seed): no multi-hop mirror path exercised")
        #expect(placements.contains { $0.mirroredBps > 0 })
    }

    @Test("with Weft's LP (GLPK) as the tenant optimizer: the same properties on spine-leaf fabrics", arguments: 1...8)
    func spineLeafWithTheLP(seed: Int) throws {
        let topology = SpineLeafGenerator(spines: 2 + seed % 3, leaves: 3 + seed % 4, hostsPerLeaf: 3, uplinkBps: 40e9, downlinkBps: 25e9, tenants: 1 + seed % 2).generate()
        try checkInvariants(topology, seed: UInt64(seed)) { try TrafficOptimizer(topology: $0).optimize($1) }
    }

    @Test("with Weft's LP (GLPK) as the tenant optimizer: the same properties on Abilene", arguments: 1...3)
    func abileneWithTheLP(seed: Int) throws {
        try checkInvariants(try Fixtures.abileneWithHosts(), seed: UInt64(seed)) { try TrafficOptimizer(topology: $0).optimize($1) }
    }
}
