/// One switch's program as `weft flows --format json` and `GET /v1/flows` print it: every entry with
/// its match and instructions in `ovs-ofctl` syntax, groups and meters as `ovs-ofctl` lines.
public struct SwitchProgramListing: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var table: UInt8
        public var priority: UInt16
        public var cookie: String
        public var match: [String]
        public var actions: String
    }

    public var switchName: String
    public var datapathID: String
    public var flows: [Entry]
    public var groups: [String]
    public var meters: [String]

    public init(_ program: SwitchProgram) {
        switchName = program.switchName
        datapathID = program.datapathID.description
        flows = program.flows.map { Entry(table: $0.table, priority: $0.priority, cookie: $0.cookie.description, match: $0.match.ofctlFields, actions: $0.ofctlActions) }
        groups = program.groups.map(\.description)
        meters = program.meters.map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case switchName = "switch"
        case datapathID = "datapath_id"
        case flows, groups, meters
    }
}
