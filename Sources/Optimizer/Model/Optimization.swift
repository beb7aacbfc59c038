import Foundation

/// The solve procedures for each objective over a `MasterProblem`.
///
/// Everything here is synchronous: a master is created, solved and dropped on the calling thread with
/// no suspension point in between, as GLPK's thread-local environment requires.
enum Optimization {
    /// Builds the master for `setup` with its starting columns: one route per commodity for column
    /// generation, every route for the all-paths method. `commodities` replaces the setup's (pooled
    /// demands, say) when given.
    static func makeMaster(_ setup: ProblemSetup, commodities given: [Commodity]? = nil, mode: MasterProblem.Mode, demandRows: Bool? = nil,
                           safe: Bool = false) throws(OptimizerError) -> MasterProblem {
        let commodities = given ?? setup.commodities
        let master = MasterProblem(
            space: setup.space, commodities: commodities, fabricCapacity: setup.fabricCapacities,
            accessCapacity: setup.accessCapacities, headroom: setup.options.headroom, mode: mode,
            usesDemandRows: demandRows ?? !setup.singleRoutePerCommodity,
            name: "'\(setup.topology.name)' \(setup.options.objective.rawValue) (\(commodities.count) demands)", safe: safe)
        var routes: [(commodity: Int, route: RouteShape)] = []
        for (index, commodity) in commodities.enumerated() {
            switch setup.options.method {
            case .columnGeneration:
                if let route = setup.space.initialRoute(from: commodity.source, to: commodity.destination) {
                    routes.append((index, route))
                }
            case .allPaths:
                let all = try setup.space.allRoutes(from: commodity.source, to: commodity.destination, limit: setup.options.pathLimit)
                routes.append(contentsOf: all.map { (index, $0) })
            }
        }
        master.add(routes)
        return master
    }

    /// Whether pricing can find routes the master does not have yet.
    static func needsPricing(_ setup: ProblemSetup) -> Bool {
        setup.options.method == .columnGeneration && !setup.singleRoutePerCommodity
    }

    /// Solves the master for the setup's objective; returns the allocation's objective value
    /// (weighted bit/s, or the MLU).
    static func run(_ master: MasterProblem, _ setup: ProblemSetup) throws(OptimizerError) -> Double {
        let pricing = needsPricing(setup)
        switch master.mode {
        case .weightedThroughput:
            master.crashStart()
            try master.generateColumns(first: .primal, pricing: pricing, stage: "max-weighted-throughput")
            return master.objectiveValue * setup.scale
        case .minMLU:
            master.crashStart()
            try master.generateColumns(first: .primal, pricing: pricing, stage: "min-mlu stage 1 (max throughput)")
            master.beginMLUStage(floor: master.objectiveValue)
            try master.generateColumns(first: .primal, pricing: pricing, stage: "min-mlu stage 2 (min utilization)")
            return master.auxValue
        case .maxMin:
            try progressiveFilling(master, pricing: pricing)
            let served = master.servedPerCommodity()
            return zip(setup.commodities, served).reduce(0) { $0 + $1.0.weight * $1.1 } * setup.scale
        }
    }

    /// Strict priority between classes, max-min fair within each (B4/SWAN-style progressive filling).
    ///
    /// Per class, from the highest priority: make its commodities active (Σ routes ≥ t) and maximize
    /// t. A commodity whose row has a non-zero dual is bottlenecked — the dual row proves no feasible
    /// point keeps every other active commodity at t while giving it more — so it is frozen at t, as is
    /// every commodity whose rate is reached. Repeat until the class is frozen. Frozen commodities keep
    /// their rate (their routes may still change), so lower classes only get what is left.
    static func progressiveFilling(_ master: MasterProblem, pricing: Bool) throws(OptimizerError) {
        let commodities = master.commodities
        let priorities = Array(Set(commodities.map(\.priority))).sorted()
        for priority in priorities {
            var active = Set(commodities.indices.filter { commodities[$0].priority == priority })
            var lower = 0.0
            master.setLevels(active.map { ($0, .active) }, levelBounds: (0, active.map { commodities[$0].rate }.min() ?? 0))
            while !active.isEmpty {
                try master.generateColumns(first: .dual, pricing: pricing, stage: "priority-maxmin level \(priority)")
                let level = max(lower, master.auxValue)
                var frozen: [(Int, MasterProblem.Level)] = []
                for commodity in active.sorted() {
                    let rate = commodities[commodity].rate
                    if rate <= level * (1 + 1e-9) || abs(master.demandDual(commodity)) > 1e-9 {
                        frozen.append((commodity, .frozen(min(rate, level))))
                    }
                }
                if frozen.isEmpty {
                    frozen = active.sorted().map { ($0, .frozen(min(commodities[$0].rate, level))) }
                }
                for (commodity, _) in frozen { active.remove(commodity) }
                lower = level
                let upper = active.map { commodities[$0].rate }.min() ?? level
                master.setLevels(frozen, levelBounds: (level, upper))
            }
        }
        if !commodities.isEmpty {
            try master.solve(.dual, stage: "priority-maxmin final")
        }
    }

    static func mode(for objective: Objective) -> MasterProblem.Mode {
        switch objective {
        case .maxWeightedThroughput: return .weightedThroughput
        case .minMLU: return .minMLU
        case .priorityMaxMin: return .maxMin
        }
    }
}
