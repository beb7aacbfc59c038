/// Strict-priority max-min fair rates under packing constraints, by progressive filling.
///
/// Every constraint is Σ coefficient · x ≤ capacity with non-negative coefficients (host ports,
/// cuts of the fabric). Priority levels are filled one after the other, the highest (smallest number)
/// first, each on what the levels before it left. Within a level every unfrozen demand rises at the
/// same pace; a demand freezes when it reaches its rate or when a constraint it has a positive
/// coefficient in fills up. With non-negative coefficients this is the exact max-min fair point of
/// the level: a frozen demand could only grow by shrinking another member of its full constraint, and
/// every such member got at most as much. The work is O((constraints + demands) · steps) with at most
/// one step per constraint and per distinct rate, so it stays cheap for tens of thousands of demands.
struct WaterFilling {
    /// One packing constraint.
    struct Constraint {
        /// (demand, coefficient > 0) pairs.
        var members: [(demand: Int, coefficient: Double)]
        var capacity: Double
    }

    /// Rate cap of each demand (≥ 0).
    let rates: [Double]
    /// Priority of each demand; smaller is served first.
    let priorities: [Int]
    let constraints: [Constraint]

    /// A constraint counts as full when its room is below this fraction of its capacity.
    static let fullTolerance = 1e-11

    /// The rate of every demand.
    func fill() -> [Double] {
        var ofDemand = Array(repeating: [(constraint: Int, coefficient: Double)](), count: rates.count)
        for (index, constraint) in constraints.enumerated() {
            for member in constraint.members where member.coefficient > 0 {
                ofDemand[member.demand].append((index, member.coefficient))
            }
        }
        var room = constraints.map { max(0, $0.capacity) }
        var served = Array(repeating: 0.0, count: rates.count)
        var levels: [Int: [Int]] = [:]
        for demand in rates.indices where rates[demand] > 0 { levels[priorities[demand], default: []].append(demand) }
        for priority in levels.keys.sorted() {
            fillLevel(levels[priority]!.sorted { (rates[$0], $0) < (rates[$1], $1) }, ofDemand: ofDemand, room: &room, served: &served)
        }
        return served
    }

    /// Progressive filling of one priority level, `order` sorted by rate.
    private func fillLevel(_ order: [Int], ofDemand: [[(constraint: Int, coefficient: Double)]], room: inout [Double], served: inout [Double]) {
        var active = Array(repeating: false, count: rates.count)
        var weight = Array(repeating: 0.0, count: constraints.count)
        var users = Array(repeating: 0, count: constraints.count)
        var remaining = 0
        func freeze(_ demand: Int, at rate: Double) {
            guard active[demand] else { return }
            active[demand] = false
            served[demand] = rate
            remaining -= 1
            for (constraint, coefficient) in ofDemand[demand] {
                users[constraint] -= 1
                weight[constraint] = users[constraint] == 0 ? 0 : weight[constraint] - coefficient
            }
        }
        for demand in order {
            active[demand] = true
            remaining += 1
            for (constraint, coefficient) in ofDemand[demand] {
                users[constraint] += 1
                weight[constraint] += coefficient
            }
        }
        var full = Array(repeating: false, count: constraints.count)
        func saturate(_ constraint: Int, level: Double) {
            full[constraint] = true
            room[constraint] = 0
            for member in constraints[constraint].members where member.coefficient > 0 { freeze(member.demand, at: level) }
        }
        for constraint in constraints.indices where users[constraint] > 0 && room[constraint] <= Self.fullTolerance * constraints[constraint].capacity {
            saturate(constraint, level: 0)
        }
        var level = 0.0
        var next = 0
        while remaining > 0 {
            while next < order.count && !active[order[next]] { next += 1 }
            var step = next < order.count ? rates[order[next]] - level : .infinity
            var limiting: Int?
            for constraint in constraints.indices where users[constraint] > 0 && !full[constraint] {
                let candidate = room[constraint] / weight[constraint]
                if candidate < step {
                    step = candidate
                    limiting = constraint
                }
            }
            step = max(0, step)
            level += step
            for constraint in constraints.indices where users[constraint] > 0 && !full[constraint] {
                room[constraint] = max(0, room[constraint] - step * weight[constraint])
            }
            if let limiting { saturate(limiting, level: level) }
            for constraint in constraints.indices where users[constraint] > 0 && !full[constraint]
            && room[constraint] <= Self.fullTolerance * constraints[constraint].capacity {
                saturate(constraint, level: level)
            }
            while next < order.count && (!active[order[next]] || rates[order[next]] <= level * (1 + 1e-12)) {
                if active[order[next]] { freeze(order[next], at: rates[order[next]]) }
                next += 1
            }
        }
    }
}
