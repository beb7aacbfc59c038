import Topology

/// A copy-only entry on a switch after the source: forward tagged copies, or deliver them.
public struct MirrorHop: Hashable, Sendable, Codable {
    /// What the entry does with a tagged copy.
    public enum Action: Hashable, Sendable, Codable {
        /// Output the tagged copy on this fabric port.
        case forward(UInt32)
        /// Pop the VLAN tag and output to the monitor port.
        case deliver(UInt32)
    }

    /// One tap flow direction's copies: PCP `MirrorCopy.pcp(for:)` and the host's MAC as source (OUT)
    /// or destination (IN).
    public struct Identity: Hashable, Sendable, Codable {
        public var tapFlowID: String
        public var direction: TapDirection
        public var host: MACAddress
    }

    public var switchName: String
    public var taasID: UInt16
    public var inPort: UInt32
    /// Set on the first switch after the source (per-flow entry, above the service's transit entries).
    public var identity: Identity?
    /// The tap flow whose meter this entry applies.
    public var meteredBy: String?
    public var action: Action
    public var queue: UInt32?
}
