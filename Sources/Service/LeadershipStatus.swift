/// This instance's view of the election.
public struct LeadershipStatus: Sendable, Hashable {
    /// What this instance does in the election: only the `leader` writes to the store and programs switches.
    public enum Role: String, Sendable, Hashable, Codable {
        /// The first round has not finished yet.
        case starting
        case leader
        case follower
    }

    /// The lease holder as stored in the database.
    public struct Leader: Sendable, Hashable, Codable {
        public var instance: String
        /// Its API address (`http://host:port`), for forwarding writes.
        public var address: String
        public var token: Int64
    }

    public var role: Role
    /// This instance's fencing token while leader.
    public var token: Int64?
    public var leader: Leader?
    /// Seconds since the leader last renewed, as of the last round.
    public var leaseAge: Double?
    /// Leadership changes this instance has seen since it started.
    public var failovers: Int
    public var databaseReachable: Bool

    static let starting = LeadershipStatus(role: .starting, token: nil, leader: nil, leaseAge: nil, failovers: 0, databaseReachable: false)
}
