import Controller
import FlowCompiler
import Optimizer
import Topology

/// How many switch entries an allocation change touches: both allocations are compiled by the
/// controller's `FlowCompiler` under the same version, and the flow entries and groups that differ
/// (added, removed, or with other actions or bucket weights) are counted, on every switch.
///
/// This is the forwarding change a re-optimization causes, whether or not a controller is embedded;
/// an embedded controller installs it make-before-break (new version, then the old one deleted).
public enum RuleChurn {
    /// Entries that differ between `old` (on its topology; `nil` = nothing installed) and `new`;
    /// `nil` when an allocation does not compile (a path not in its topology).
    public static func count(from old: (allocation: Allocation, topology: Topology)?, to new: Allocation, on topology: Topology) -> Int? {
        let compiler = FlowCompiler()
        do {
            let next = try compiler.compile(RoutingPlan(allocation: new, topology: topology, version: 0), for: topology)
            guard let old else {
                return next.switches.values.reduce(0) { $0 + $1.flows.count + $1.groups.count }
            }
            let previous = try compiler.compile(RoutingPlan(allocation: old.allocation, topology: old.topology, version: 0), for: old.topology)
            let names = Set(previous.switches.keys).union(next.switches.keys)
            return names.reduce(0) { total, name in
                let before = previous.switches[name]
                let after = next.switches[name]
                let flows = Set(before?.flows ?? []).symmetricDifference(Set(after?.flows ?? [])).count
                let groups = Set(before?.groups ?? []).symmetricDifference(Set(after?.groups ?? [])).count
                return total + flows + groups
            }
        } catch {
            return nil
        }
    }
}
