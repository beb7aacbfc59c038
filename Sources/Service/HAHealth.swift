/// The `ha` object of `GET /healthz`: this instance's role and what it knows about the leader.
struct HAHealth: Encodable, Sendable {
    var instance: String
    var role: LeadershipStatus.Role
    var leader: String?
    var leaderAddress: String?
    var token: Int64?
    var leaseAgeSeconds: Double?
    var failovers: Int
    var databaseReachable: Bool

    init(instance: String, status: LeadershipStatus) {
        self.instance = instance
        role = status.role
        leader = status.leader?.instance
        leaderAddress = status.leader?.address
        token = status.leader?.token
        leaseAgeSeconds = status.leaseAge
        failovers = status.failovers
        databaseReachable = status.databaseReachable
    }

    enum CodingKeys: String, CodingKey {
        case instance, role, leader, token, failovers
        case leaderAddress = "leader_address"
        case leaseAgeSeconds = "lease_age_seconds"
        case databaseReachable = "database_reachable"
    }
}
