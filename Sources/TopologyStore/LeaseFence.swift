import NIOConcurrencyHelpers

/// Fences store writes with the leader lease: while set on a `TopologyStore`, every write transaction
/// first checks, inside the transaction, that this instance still holds the lease with the token it
/// was granted, and locks the lease row until commit (so a takeover waits for the write to finish, and
/// a write after a takeover is refused). A follower, or a leader whose lease was taken over while it
/// was paused, writes nothing.
public final class LeaseFence: Sendable {
    /// This instance's id in `ha_lease.holder`.
    public let holder: String
    private let granted = NIOLockedValueBox<Int64?>(nil)

    public init(holder: String) {
        self.holder = holder
    }

    /// The token writes are made under; `nil` while not leader.
    public var token: Int64? { granted.withLockedValue { $0 } }

    /// Called by the election on becoming leader.
    public func grant(_ token: Int64) {
        granted.withLockedValue { $0 = token }
    }

    /// Called by the election on stepping down.
    public func revoke() {
        granted.withLockedValue { $0 = nil }
    }

    /// Refuses the write unless the lease row still names this instance with the granted token.
    func check(_ tx: any StoreTransaction) throws {
        guard let token else { throw LeadershipError.notLeader(holder: holder) }
        let current = try tx.fetchOne(sql: """
            SELECT holder, token FROM ha_lease WHERE name = 'leader' AND expires_at > clock_timestamp() FOR SHARE
            """)
        guard let current, current["holder"] as String == holder, current["token"] as Int64 == token else {
            throw LeadershipError.staleToken(holder: holder, token: token, current: current?["token"])
        }
    }
}
