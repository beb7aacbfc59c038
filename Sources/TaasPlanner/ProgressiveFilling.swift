/// Weighted max-min fair rates for claims on shared resources, by progressive filling (exact for fixed
/// routes): every unfrozen claim grows at a speed equal to its weight; a claim freezes when it reaches
/// its cap or when one of its resources fills up. Each step fills one resource or caps one claim, so
/// it ends after at most `claims + resources` steps.
struct ProgressiveFilling {
    struct Claim {
        /// Indices into the capacities.
        var resources: [Int]
        var weight: Double
        /// Rate the claim starts from (already granted).
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

    func fill(_ claims: [Claim]) -> Outcome {
        var rates = claims.map { min($0.start, $0.cap) }
        var frozenBy = [Int?](repeating: nil, count: claims.count)
        var capped = claims.indices.map { rates[$0] >= claims[$0].cap - tolerance(claims[$0].cap) }
        var load = [Double](repeating: 0, count: capacities.count)
        for (index, claim) in claims.enumerated() {
            for resource in claim.resources { load[resource] += rates[index] }
        }
        var saturated = capacities.indices.map { capacities[$0] - load[$0] <= tolerance(capacities[$0]) }
        func freeze(usersOf resources: [Int]) {
            for (index, claim) in claims.enumerated() where !capped[index] && frozenBy[index] == nil {
                if let resource = claim.resources.first(where: { resources.contains($0) }) { frozenBy[index] = resource }
            }
        }
        freeze(usersOf: capacities.indices.filter { saturated[$0] })
        while true {
            let active = claims.indices.filter { !capped[$0] && frozenBy[$0] == nil }
            guard !active.isEmpty else { break }
            var weightOn = [Double](repeating: 0, count: capacities.count)
            for index in active {
                for resource in claims[index].resources { weightOn[resource] += claims[index].weight }
            }
            var step = Double.infinity
            for resource in capacities.indices where weightOn[resource] > 0 {
                step = min(step, (capacities[resource] - load[resource]) / weightOn[resource])
            }
            for index in active {
                step = min(step, (claims[index].cap - rates[index]) / claims[index].weight)
            }
            step = max(step, 0)
            for index in active {
                let grown = claims[index].weight * step
                rates[index] += grown
                for resource in claims[index].resources { load[resource] += grown }
                if rates[index] >= claims[index].cap - tolerance(claims[index].cap) {
                    rates[index] = claims[index].cap
                    capped[index] = true
                }
            }
            let filled = capacities.indices.filter { !saturated[$0] && weightOn[$0] > 0 && capacities[$0] - load[$0] <= tolerance(capacities[$0]) }
            for resource in filled { saturated[resource] = true }
            freeze(usersOf: filled)
            if filled.isEmpty && !active.contains(where: { capped[$0] }) {
                // Rounding left the minimum step's resource a hair above tolerance: fill it exactly.
                let tightest = capacities.indices.filter { !saturated[$0] && weightOn[$0] > 0 }
                    .min { (capacities[$0] - load[$0]) / weightOn[$0] < (capacities[$1] - load[$1]) / weightOn[$1] }
                guard let tightest else { break }
                saturated[tightest] = true
                freeze(usersOf: [tightest])
            }
        }
        return Outcome(rates: rates, frozenBy: frozenBy)
    }

    private func tolerance(_ value: Double) -> Double {
        1e-9 * max(abs(value), 1)
    }
}
