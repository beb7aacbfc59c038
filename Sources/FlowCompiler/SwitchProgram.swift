import Topology

/// Everything one switch should hold for one allocation version.
public struct SwitchProgram: Hashable, Sendable, CustomStringConvertible {
    public var switchName: String
    public var datapathID: DatapathID
    public var flows: [FlowRule]
    public var groups: [GroupEntry]
    public var meters: [MeterEntry]

    public init(switchName: String, datapathID: DatapathID, flows: [FlowRule] = [], groups: [GroupEntry] = [], meters: [MeterEntry] = []) {
        self.switchName = switchName
        self.datapathID = datapathID
        self.flows = flows
        self.groups = groups
        self.meters = meters
    }

    /// Flow entries per table, e.g. `[0: 9, 1: 1, 2: 8]`.
    public var flowsPerTable: [UInt8: Int] {
        Dictionary(grouping: flows, by: \.table).mapValues(\.count)
    }

    /// One summary line: `leaf1 (0000000000020001): 18 flows (t0 9, t1 1, t2 8), 2 groups, 0 meters`.
    public var summary: String {
        let tables = flowsPerTable.sorted { $0.key < $1.key }.map { "t\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(switchName) (\(datapathID)): \(flows.count) flows (\(tables)), \(groups.count) groups, \(meters.count) meters"
    }

    public var description: String {
        ([summary] + meters.map { "  \($0)" } + groups.map { "  \($0)" } + flows.map { "  \($0)" }).joined(separator: "\n")
    }
}
