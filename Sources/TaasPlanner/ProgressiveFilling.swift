/// Weighted max-min fair rates for claims on shared resources, by progressive filling — exact for
/// fixed routes.
///
/// A water level `t` rises from 0; an unfrozen claim's rate is `max(start, weight × t)`, capped at its
/// `cap`: a claim that was already granted `start` (its sampling floor) keeps it and only grows once
/// the level passes it ("the larger of the guarantee and the fair share", as ATM's minimum-rate
/// max-min). A claim freezes when it reaches its cap or one of its resources fills. Every step ends at
/// an event — a resource fills, a claim reaches its cap, or the level reaches a claim's start — so the
/// loop ends after at most `2 × claims + resources` steps.
struct ProgressiveFilling {
    struct Claim {
        /// Indices into the capacities.
        var resources: [Int]
        var weight: Double
        /// Rate the claim is guaranteed (already granted).
        var start: Double
        /// Rate it never exceeds.
        var cap: Double
    }

    struct Outcome {
        var rates: [Double]
        /// For each claim left below its cap, the resource that froze it.
        var frozenBy: [Int?]
    }

    var capacities: [Double]

    private enum Event {
        case fills(Int)
        case caps(Int)
        case starts(Int)
    }

    func fill(_ claims: [Claim]) -> Outcome {
        var rates = claims.map { min($0.start, $0.cap) }
        var frozenBy = [Int?](repeating: nil, count: claims.count)
        var capped = claims.indices.map { rates[$0] >= claims[$0].cap - tolerance(claims[$0].cap) }
        var load = [Double](repeating: 0, count: capacities.count)
        for (index, claim) in claims.enumerated() {
            for resource in claim.resources { load[resource] += rates[index] }
        }
        var saturated = [Bool](repeating: false, count: capacities.count)
        func saturate(_ resource: Int) {
            guard !saturated[resource] else { return }
            saturated[resource] = true
            for (index, claim) in claims.enumerated() where !capped[index] && frozenBy[index] == nil && claim.resources.contains(resource) {
                frozenBy[index] = resource
            }
        }
        for resource in capacities.indices where capacities[resource] - load[resource] <= tolerance(capacities[resource]) {
            saturate(resource)
        }
        var level = 0.0
        while true {
            let unfrozen = claims.indices.filter { !capped[$0] && frozenBy[$0] == nil }
            guard !unfrozen.isEmpty else { break }
            let growing = unfrozen.filter { claims[$0].weight * level >= rates[$0] - tolerance(rates[$0]) }
            var weightOn = [Double](repeating: 0, count: capacities.count)
            for index in growing {
                for resource in claims[index].resources { weightOn[resource] += claims[index].weight }
            }
            var step = Double.infinity
            var event: Event?
            for resource in capacities.indices where weightOn[resource] > 0 && !saturated[resource] {
                let candidate = (capacities[resource] - load[resource]) / weightOn[resource]
                if candidate < step { (step, event) = (candidate, .fills(resource)) }
            }
            for index in growing {
                let candidate = (claims[index].cap - rates[index]) / claims[index].weight
                if candidate < step { (step, event) = (candidate, .caps(index)) }
            }
            for index in unfrozen where !growing.contains(index) {
                let candidate = rates[index] / claims[index].weight - level
                if candidate < step { (step, event) = (candidate, .starts(index)) }
            }
            guard let event else { break }
            step = max(step, 0)
            level += step
            for index in growing {
                let grown = claims[index].weight * step
                rates[index] += grown
                for resource in claims[index].resources { load[resource] += grown }
            }
            switch event {
            case .fills(let resource): saturate(resource)
            case .caps(let index): capped[index] = true
            case .starts(let index): level = max(level, rates[index] / claims[index].weight)
            }
            for index in growing where !capped[index] && rates[index] >= claims[index].cap - tolerance(claims[index].cap) {
                rates[index] = claims[index].cap
                capped[index] = true
            }
            for resource in capacities.indices where !saturated[resource] && weightOn[resource] > 0
                && capacities[resource] - load[resource] <= tolerance(capacities[resource]) {
                saturate(resource)
            }
        }
        return Outcome(rates: rates, frozenBy: frozenBy)
    }

    private func tolerance(_ value: Double) -> Double {
        1e-9 * max(abs(value), 1)
    }
}
