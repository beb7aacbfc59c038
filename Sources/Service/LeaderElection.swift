import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import TopologyStore

/// Keeps this instance's part in the leader election of a shared PostgreSQL database: tries to take
/// the lease while a follower, renews it while leader, and steps down at once when a renewal fails,
/// when the database connection is lost, or when more than a lease time passed since the last
/// successful renewal (the process was paused). Store writes are fenced through `fence`; `onChange`
/// tells the rest of the instance (the OpenFlow role) about every change of role or token.
public final class LeaderElection: Service, Sendable {
    public let lease: LeaderLease
    public let fence: LeaseFence
    /// How often the lease is renewed (leader) or tried (follower).
    public let tick: Duration
    let logger: Logger
    private let state = NIOLockedValueBox(LeadershipStatus.starting)
    private let changes = NIOLockedValueBox<[@Sendable (LeadershipStatus) async -> Void]>([])

    public init(lease: LeaderLease, fence: LeaseFence, tick: Duration? = nil, logger: Logger = Logger(label: "weft.ha")) {
        self.lease = lease
        self.fence = fence
        self.tick = tick ?? lease.duration / 6
        self.logger = logger
    }

    /// What this instance knows about the election right now.
    public var status: LeadershipStatus { state.withLockedValue { $0 } }

    /// Calls `handler` after every change of this instance's role or of the current leader's token (in
    /// order, from the election task).
    public func onChange(_ handler: @escaping @Sendable (LeadershipStatus) async -> Void) {
        changes.withLockedValue { $0.append(handler) }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var lastRenewal = ContinuousClock.now
            while !Task.isCancelled {
                lastRenewal = await self.round(lastRenewal: lastRenewal)
                try? await Task.sleep(for: self.tick)
            }
        }
        if let token = fence.token {
            fence.revoke()
            try? lease.release(token: token)
            logger.info("leader lease released", metadata: ["token": "\(token)"])
        }
    }

    /// One renewal or takeover attempt; returns the time of the last successful renewal.
    private func round(lastRenewal: ContinuousClock.Instant) async -> ContinuousClock.Instant {
        var status = self.status
        let before = status
        var renewedAt = lastRenewal
        if let token = fence.token, lastRenewal.duration(to: .now) > lease.duration {
            // Paused past the lease (or renewals kept failing): someone else may lead by now. Do not
            // try to take the lease back in the same round: let the others' view settle first.
            stepDown(&status, token: token, reason: "no renewal for more than the lease time")
            state.withLockedValue { $0 = status }
            await announce(status, after: before)
            return renewedAt
        }
        do {
            if let token = fence.token {
                if try lease.renew(token: token) {
                    renewedAt = .now
                } else {
                    stepDown(&status, token: token, reason: "the lease was taken over or expired")
                }
            } else if let token = try lease.acquire() {
                fence.grant(token)
                renewedAt = .now
                status.role = .leader
                status.token = token
                logger.notice("became leader", metadata: ["token": "\(token)", "instance": "\(lease.holder)"])
            }
            if let current = try lease.current() {
                if let seen = status.leader?.token, current.token > seen { status.failovers += 1 }
                status.leader = .init(instance: current.holder, address: current.address, token: current.token)
                status.leaseAge = current.sinceRenewal
                status.databaseReachable = true
                if status.role == .starting { status.role = .follower }
            }
        } catch {
            if let token = fence.token {
                stepDown(&status, token: token, reason: "lost the database: \(TopologyStore.reason(error))")
            }
            status.databaseReachable = false
            if status.role != .follower { status.role = .follower }
            logger.warning("leader election: database unavailable", metadata: ["error": "\(TopologyStore.reason(error))"])
        }
        state.withLockedValue { $0 = status }
        await announce(status, after: before)
        return renewedAt
    }

    private func announce(_ status: LeadershipStatus, after before: LeadershipStatus) async {
        guard status.role != before.role || status.token != before.token || status.leader?.token != before.leader?.token else { return }
        for handler in changes.withLockedValue({ $0 }) {
            await handler(status)
        }
    }

    /// Stops writing at once, then gives up the lease row if it is still ours.
    private func stepDown(_ status: inout LeadershipStatus, token: Int64, reason: String) {
        fence.revoke()
        try? lease.release(token: token)
        status.role = .follower
        status.token = nil
        logger.warning("stepped down", metadata: ["token": "\(token)", "reason": "\(reason)"])
    }
}
