import Foundation
import Topology

/// One entry of the append-only topology history: when a version was saved, from what, and its size.
public struct TopologyVersion: Hashable, Sendable, Codable {
    /// 1, 2, 3, … in save order; never reused.
    public var number: Int
    public var savedAt: Date
    /// What produced it, e.g. `import abilene.graphml`, `lldp`, `gen spine-leaf`.
    public var source: String
    /// The topology's own name.
    public var name: String
    public var switchCount: Int
    public var linkCount: Int
    public var hostCount: Int

    public init(number: Int, savedAt: Date, source: String, name: String, switchCount: Int, linkCount: Int, hostCount: Int) {
        self.number = number
        self.savedAt = savedAt
        self.source = source
        self.name = name
        self.switchCount = switchCount
        self.linkCount = linkCount
        self.hostCount = hostCount
    }

    enum CodingKeys: String, CodingKey {
        case number = "version"
        case savedAt = "saved_at"
        case source, name
        case switchCount = "switches"
        case linkCount = "links"
        case hostCount = "hosts"
    }
}
