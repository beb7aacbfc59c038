import Topology

/// Finds the tap flows and path reservations a step's event broke: a tap flow whose copies, in the step
/// before, crossed a switch or link that is down now; a reservation whose status got worse (or, in the
/// baseline, is not `reserved` already).
struct StepImpactFinder {
    var state: FabricState

    func impacts(mirrors: MirrorOutcome?, before previous: StepReport?, reservations: [ReservationOutcome]?) -> [StepImpact] {
        tapImpacts(mirrors, before: previous?.mirrors) + reservationImpacts(reservations ?? [], before: previous?.reservations)
    }

    private func tapImpacts(_ mirrors: MirrorOutcome?, before previous: MirrorOutcome?) -> [StepImpact] {
        guard let previous else { return [] }
        return previous.flows.compactMap { earlier in
            let broken = downParts(of: earlier.path)
            guard !broken.isEmpty else { return nil }
            let now = mirrors?.flows.first { $0.flow == earlier.flow }
            let outcome: String
            if let now, now.mirroredBps > 0, !now.path.isEmpty {
                outcome = "now via \(now.path.joined(separator: " › ")), \(RateText.format(now.mirroredBps)) of \(RateText.format(now.demandBps)) mirrored"
            } else if let now {
                outcome = "now starved, 0 of \(RateText.format(now.demandBps)) mirrored" + (now.reason.map { ": \($0)" } ?? "")
            } else {
                outcome = "no longer placed"
            }
            return StepImpact(kind: .tapFlow, name: earlier.flow,
                              message: "tap flow \(earlier.flow) (service \(earlier.service), \(earlier.source) → \(earlier.destination)): its copies crossed \(broken.joined(separator: ", ")); \(outcome)")
        }
    }

    private func reservationImpacts(_ outcomes: [ReservationOutcome], before previous: [ReservationOutcome]?) -> [StepImpact] {
        outcomes.compactMap { outcome in
            let earlier = previous?.first { $0.reservation.id == outcome.reservation.id }
            guard outcome.status != .reserved, earlier?.status != outcome.status || earlier?.lostLinks != outcome.lostLinks else { return nil }
            let what = outcome.status == .down ? "primary path" : "protection path"
            let switches = outcome.lostSwitches.map(describe)
            let cause = switches.isEmpty ? "" : " through \(switches.joined(separator: ", "))"
            let id = outcome.reservation.id
            return StepImpact(kind: .reservation, name: id,
                              message: "reservation \(outcome.reservation.title): \(outcome.status.rawValue) — its \(what) lost \(outcome.lostLinks.joined(separator: ", "))\(cause); "
                                  + (outcome.reroute.map { "\($0.sentence); " } ?? "")
                                  + "weft serve keeps its rate held until it is rerouted (PATCH /v1/paths/\(id) {\"reroute\": true}) or released")
        }
    }

    /// The switches and hops of `path` that are down in this step, in words.
    private func downParts(of path: [String]) -> [String] {
        let downSwitches = path.filter { state.failedSwitches.contains($0) || state.drainedSwitches.contains($0) }
        var parts = downSwitches.map(describe)
        let topology = state.topology
        for (from, to) in zip(path, path.dropFirst()) where !downSwitches.contains(from) && !downSwitches.contains(to) {
            let up = topology.outgoingLinkIndices(of: from).contains { topology.links[$0].target.node == to && topology.links[$0].isUp }
            if !up { parts.append("\(from) → \(to) (link down)") }
        }
        return parts
    }

    /// `spine2 (failed)` or `spine2 (drained)`.
    private func describe(_ switchName: String) -> String {
        "\(switchName) (\(state.failedSwitches.contains(switchName) ? "failed" : "drained"))"
    }
}
