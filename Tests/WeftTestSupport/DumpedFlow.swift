/// One line of `ovs-ofctl --no-stats dump-flows`, split into the fields tests compare.
public struct DumpedFlow: Hashable, Sendable, CustomStringConvertible {
    public var cookie: UInt64
    public var table: Int
    public var priority: Int
    /// The match fields in `ovs-ofctl` syntax, sorted, e.g. `["in_port=1", "ip", "nw_src=10.0.1.1"]`.
    public var match: [String]
    /// The instructions/actions in `ovs-ofctl` syntax, e.g. `goto_table:1` or `output:3`.
    public var actions: String

    /// Parses a line such as ` cookie=0x1, table=1, priority=100,ip,nw_dst=10.0.1.0/24 actions=output:1`;
    /// `nil` for header lines.
    public init?(line: String) {
        guard let split = line.range(of: " actions=") else { return nil }
        actions = String(line[split.upperBound...])
        var cookie: UInt64 = 0
        var table = 0
        var priority = 32768
        var match: [String] = []
        for field in line[..<split.lowerBound].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !field.isEmpty {
            if field.hasPrefix("cookie=0x") {
                cookie = UInt64(field.dropFirst("cookie=0x".count), radix: 16) ?? 0
            } else if field.hasPrefix("table=") {
                table = Int(field.dropFirst("table=".count)) ?? 0
            } else if field.hasPrefix("priority=") {
                priority = Int(field.dropFirst("priority=".count)) ?? 0
            } else if !field.hasPrefix("reset_counts") {
                match.append(field)
            }
        }
        self.cookie = cookie
        self.table = table
        self.priority = priority
        self.match = match.sorted()
    }

    public var description: String {
        "cookie=0x\(String(cookie, radix: 16)) table=\(table) priority=\(priority) \(match.joined(separator: ",")) actions=\(actions)"
    }
}
