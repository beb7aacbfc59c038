/// A write refused because this instance is not (or no longer) the leader.
public enum LeadershipError: Error, Hashable, Sendable, CustomStringConvertible {
    /// This instance is a follower: writes go to the leader.
    case notLeader(holder: String)
    /// This instance was leader with `token`, but the lease expired or moved on (`current`, if any).
    case staleToken(holder: String, token: Int64, current: Int64?)

    public var description: String {
        switch self {
        case .notLeader(let holder):
            "instance \(holder) is not the leader; writes go to the leader"
        case let .staleToken(holder, token, current):
            "instance \(holder) lost the lease (its token \(token) is stale\(current.map { "; the current token is \($0)" } ?? "")); write refused"
        }
    }
}
