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
    enum Mode: Sendable {
        /// The switch holds `from` (what this controller installed last): add the new version, barrier,
        /// then delete the old version by cookie and the groups/meters it alone used, barrier.
        case makeBeforeBreak(from: SwitchProgram?)
        /// The switch's state is unknown (it just connected): read flows, groups and meters back,
        /// add what is missing, remove entries of our cookie that are not desired (nothing else).
        case reconcile
    }

    let session: SwitchSession

    func bring(to program: SwitchProgram, mode: Mode) async throws -> ProgrammingOutcome {
        switch mode {
        case let .makeBeforeBreak(old):
            return try await makeBeforeBreak(from: old, to: program)
        case .reconcile:
            return try await reconcile(to: program)
        }
    }

    private func makeBeforeBreak(from old: SwitchProgram?, to new: SwitchProgram) async throws -> ProgrammingOutcome {
        let oldGroups = Dictionary((old?.groups ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let oldMeters = Dictionary((old?.meters ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var make: [OpenFlowMessage.Payload] = []
        make += new.meters.filter { oldMeters[$0.id] != $0 }.map { $0.message(oldMeters[$0.id] == nil ? .add : .modify) }
        make += new.groups.filter { oldGroups[$0.id] != $0 }.map { $0.message(oldGroups[$0.id] == nil ? .add : .modify) }
        make += new.flows.map(\.addMessage)
        var errors = try await session.sendBatch(make)

        var breakOld: [OpenFlowMessage.Payload] = []
        let oldVersions = Set((old?.flows ?? []).map(\.cookie.version)).subtracting(new.flows.map(\.cookie.version))
        for version in oldVersions.sorted() {
            breakOld.append(.flowMod(FlowMod(command: .delete, tableID: OpenFlowID.allTables,
                                             cookie: FlowCookie.version(version), cookieMask: FlowCookie.versionMask)))
        }
        let newGroupIDs = Set(new.groups.map(\.id))
        let newMeterIDs = Set(new.meters.map(\.id))
        breakOld += oldGroups.keys.filter { !newGroupIDs.contains($0) }.sorted()
            .map { .groupMod(GroupMod(command: .delete, type: .select, groupID: $0)) }
        breakOld += oldMeters.keys.filter { !newMeterIDs.contains($0) }.sorted()
            .map { .meterMod(MeterMod(command: .delete, meterID: $0)) }
        if !breakOld.isEmpty {
            errors += try await session.sendBatch(breakOld)
        }
        return ProgrammingOutcome(program: new, reconciled: false, flowsAdded: new.flows.count, errors: errors)
    }

    private func reconcile(to program: SwitchProgram) async throws -> ProgrammingOutcome {
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
