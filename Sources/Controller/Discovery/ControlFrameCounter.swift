import FlowCompiler
import OpenFlow
import Topology

/// Counts the LLDP and link-local control frames hosts sent, which the host-port drop entries of
/// table 0 (cookie purpose `hostControl`) stopped at the switch.
///
/// The entries' packet counters restart whenever a new program version replaces them, so the total
/// adds what each entry gained since it was last read (an entry seen for the first time adds all of
/// its count).
struct ControlFrameCounter: Sendable {
    private struct Key: Hashable {
        var switchID: DatapathID
        var cookie: UInt64
        var match: FlowRule.Match?
    }

    private var lastSeen: [Key: UInt64] = [:]
    /// Frames dropped since the controller started, over every switch.
    private(set) var total: UInt64 = 0

    /// The flow-stats request that returns only those drop entries.
    static var statsRequest: FlowStatsRequest {
        FlowStatsRequest(tableID: FlowCompiler.Table.admission,
                         cookie: FlowCookie.owner << 48 | UInt64(FlowCookie.Purpose.hostControl.rawValue) << 40,
                         cookieMask: 0xFFFF_FF00_0000_0000)
    }

    /// Folds one switch's reply to `statsRequest` in.
    mutating func record(_ stats: [FlowStats], of switchID: DatapathID) {
        var seen: [Key: UInt64] = [:]
        for stat in stats {
            let key = Key(switchID: switchID, cookie: stat.cookie, match: FlowRule.Match(stat.match))
            let previous = lastSeen[key] ?? 0
            total += stat.packetCount >= previous ? stat.packetCount - previous : stat.packetCount
            seen[key] = stat.packetCount
        }
        lastSeen = lastSeen.filter { $0.key.switchID != switchID }.merging(seen) { _, new in new }
    }
}
