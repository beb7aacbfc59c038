extension FabricProgram {
    /// The same program under `newVersion`: every cookie carries `newVersion`, and every group and meter
    /// id (and every reference to one) takes `newVersion`'s parity (see `FlowCompiler.otherParity`).
    ///
    /// Compiling a plan at version v and relabelling the result to w gives what compiling it at w gives,
    /// up to the order of entries: the controller compiles a pass once, at the version it would install,
    /// and relabels the installed program to tell whether anything changed.
    public func relabeled(to newVersion: UInt32) -> FabricProgram {
        guard newVersion != version else { return self }
        let flip = (newVersion ^ version) & 1 == 1
        func group(_ id: UInt32) -> UInt32 { flip ? FlowCompiler.otherParity(groupID: id) : id }
        func meter(_ id: UInt32) -> UInt32 { flip ? FlowCompiler.otherParity(meterID: id) : id }
        func actions(_ list: [FlowRule.Action]) -> [FlowRule.Action] {
            list.map { action in
                if case let .group(id) = action { return .group(group(id)) }
                return action
            }
        }
        var relabeled = FabricProgram(version: newVersion, switches: switches, taps: taps)
        for (name, program) in switches {
            var copy = program
            copy.flows = program.flows.map { rule in
                var rule = rule
                rule.cookie = FlowCookie(rawValue: rule.cookie.value & ~0xFFFF_FFFF | UInt64(newVersion))
                rule.meter = rule.meter.map(meter)
                rule.actions = actions(rule.actions)
                return rule
            }
            copy.groups = program.groups.map { entry in
                GroupEntry(id: group(entry.id), buckets: entry.buckets.map { GroupEntry.Bucket(weight: $0.weight, actions: actions($0.actions)) })
            }
            copy.meters = program.meters.map { MeterEntry(id: meter($0.id), rateKbps: $0.rateKbps, burstKbits: $0.burstKbits) }
            relabeled.switches[name] = copy
        }
        for (id, accounting) in taps {
            relabeled.taps[id] = TapFlowAccounting(copyEntries: accounting.copyEntries, meters: accounting.meters.mapValues(meter),
                                                   samplingGroups: accounting.samplingGroups.mapValues { Set($0.map(group)) })
        }
        return relabeled
    }

    /// Whether `self`, relabelled to `other`'s version, holds exactly `other`'s entries, groups, meters
    /// and tap accounting on every switch (in any order): installing `other` would change nothing.
    public func hasSameEntries(as other: FabricProgram) -> Bool {
        let mine = relabeled(to: other.version)
        guard mine.taps == other.taps, mine.switches.count == other.switches.count else { return false }
        for (name, program) in mine.switches {
            guard let theirs = other.switches[name], program.datapathID == theirs.datapathID,
                  program.flows.count == theirs.flows.count, Set(program.flows) == Set(theirs.flows),
                  Set(program.groups) == Set(theirs.groups), Set(program.meters) == Set(theirs.meters)
            else { return false }
        }
        return true
    }
}
