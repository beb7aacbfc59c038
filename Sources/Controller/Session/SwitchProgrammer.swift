import FlowCompiler
import OpenFlow

/// What bringing one switch to its program did.
struct ProgrammingOutcome: Sendable {
    var program: SwitchProgram
    var reconciled: Bool
    var flowsAdded = 0
    var flowsRemoved = 0
    var flowsKept = 0
    /// Errors the switch reported for the modifications (the rest was still applied).
    var errors: [ErrorMessage] = []
}

/// Brings one switch to a `SwitchProgram`, acknowledged by barrier replies.
struct SwitchProgrammer: Sendable {
    /// A make-before-break update of one switch from what this controller installed last to a new
    /// program, in three steps. The controller runs each step on every switch of the fabric, and waits
    /// for all their barrier replies, before any switch starts the next: a switch only moves traffic onto
    /// a new path once the switches downstream hold the entries for it, and old entries go only once no
    /// switch sends traffic to them.
    struct Update: Sendable {
        /// New meters and groups (group ids alternate between versions), and flow entries whose (table,
        /// priority, match) the switch does not hold: no traffic reaches them until a neighbour moves it
        /// there.
        var add: [OpenFlowMessage.Payload] = []
        /// Entries that replace one the switch holds (the new version's cookie, perhaps new actions), and
        /// meters and groups changed in place: this moves traffic.
        var move: [OpenFlowMessage.Payload] = []
        /// The old version by cookie, and the groups and meters only the old program used.
        var remove: [OpenFlowMessage.Payload] = []

        init(from old: SwitchProgram?, to new: SwitchProgram) {
            let oldGroups = Dictionary((old?.groups ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let oldMeters = Dictionary((old?.meters ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let oldKeys = Set((old?.flows ?? []).map(\.key))
            add += new.meters.filter { oldMeters[$0.id] == nil }.map { $0.message(.add) }
            move += new.meters.filter { meter in oldMeters[meter.id].map { $0 != meter } ?? false }.map { $0.message(.modify) }
            add += new.groups.filter { oldGroups[$0.id] == nil }.map { $0.message(.add) }
            move += new.groups.filter { group in oldGroups[group.id].map { $0 != group } ?? false }.map { $0.message(.modify) }
            for flow in new.flows {
                if oldKeys.contains(flow.key) {
                    move.append(flow.addMessage)
                } else {
                    add.append(flow.addMessage)
                }
            }
            let oldVersions = Set((old?.flows ?? []).map(\.cookie.version)).subtracting(new.flows.map(\.cookie.version))
            for version in oldVersions.sorted() {
                remove.append(.flowMod(FlowMod(command: .delete, tableID: OpenFlowID.allTables,
                                               cookie: FlowCookie.version(version), cookieMask: FlowCookie.versionMask)))
            }
            let newGroupIDs = Set(new.groups.map(\.id))
            let newMeterIDs = Set(new.meters.map(\.id))
            remove += oldGroups.keys.filter { !newGroupIDs.contains($0) }.sorted()
                .map { .groupMod(GroupMod(command: .delete, type: .select, groupID: $0)) }
            remove += oldMeters.keys.filter { !newMeterIDs.contains($0) }.sorted()
                .map { .meterMod(MeterMod(command: .delete, meterID: $0)) }
        }
    }

    let session: SwitchSession

    /// Sends one step of an `Update` and waits for its barrier reply; returns the errors the switch
    /// reported (the rest was still applied).
    func send(_ step: [OpenFlowMessage.Payload]) async throws -> [ErrorMessage] {
        guard !step.isEmpty else { return [] }
        return try await session.sendBatch(step)
    }

    /// For a switch whose state is unknown (it just connected): reads flows, groups and meters back,
    /// adds what is missing, removes entries of our cookie that are not desired (nothing else).
    func reconcile(to program: SwitchProgram) async throws -> ProgrammingOutcome {
        var present: [FlowStats] = []
        for case let .flow(part) in try await session.multipart(.flow(FlowStatsRequest()), name: "FLOW_STATS") {
            present += part
        }
        var presentGroups: [GroupDescription] = []
        for case let .groupDescription(part) in try await session.multipart(.groupDescription, name: "GROUP_DESC") {
            presentGroups += part
        }
        var presentMeters: Set<UInt32> = []
        for case let .meter(part) in try await session.multipart(.meter(), name: "METER_STATS") {
            presentMeters.formUnion(part.map(\.meterID))
        }

        let desiredKeys = Set(program.flows.map(\.key))
        let presentRules = Set(present.compactMap(FlowRule.init(stats:)))
        // Only entries carrying our cookie are ours to remove; anything else on the switch is left alone.
        let stale = present.filter { stats in
            FlowCookie(rawValue: stats.cookie).isWeft && (FlowRule(stats: stats).map { !desiredKeys.contains($0.key) } ?? true)
        }
        let missing = program.flows.filter { !presentRules.contains($0) }
        let groupsByID = Dictionary(presentGroups.map { ($0.groupID, $0) }, uniquingKeysWith: { first, _ in first })
        let desiredGroupIDs = Set(program.groups.map(\.id))
        let desiredMeterIDs = Set(program.meters.map(\.id))

        var add: [OpenFlowMessage.Payload] = []
        add += program.meters.map { $0.message(presentMeters.contains($0.id) ? .modify : .add) }
        for group in program.groups {
            guard let existing = groupsByID[group.id] else {
                add.append(group.message(.add))
                continue
            }
            if GroupEntry(existing) != group { add.append(group.message(.modify)) }
        }
        add += missing.map(\.addMessage)
        add += stale.map { stats in
            .flowMod(FlowMod(command: .deleteStrict, tableID: stats.tableID, priority: stats.priority, match: stats.match))
        }
        var errors = try await session.sendBatch(add)

        var remove: [OpenFlowMessage.Payload] = []
        remove += groupsByID.keys.filter { !desiredGroupIDs.contains($0) }.sorted()
            .map { .groupMod(GroupMod(command: .delete, type: .select, groupID: $0)) }
        remove += presentMeters.filter { !desiredMeterIDs.contains($0) }.sorted()
            .map { .meterMod(MeterMod(command: .delete, meterID: $0)) }
        if !remove.isEmpty {
            errors += try await session.sendBatch(remove)
        }
        return ProgrammingOutcome(program: program, reconciled: true, flowsAdded: missing.count, flowsRemoved: stale.count,
                                  flowsKept: program.flows.count - missing.count, errors: errors)
    }
}
