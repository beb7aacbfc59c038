import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import TopologyStore

/// Keeps this instance's part in the leader election of a shared PostgreSQL database: tries to take
/// the lease while a follower, renews it while leader, and steps down at once when a renewal fails,
/// when the database connection is lost, or when more than a lease time passed since the last
/// successful renewal — checked by a watchdog that needs no database, so a renewal stuck on an
/// unresponsive server (a partition, a frozen server) still ends the leadership in time, and after a
/// pause. Store writes are fenced through `fence`; `onChange` tells the rest of the instance (the
/// OpenFlow role) about every change of role or token, in order.
public final class LeaderElection: Service, Sendable {
    public let lease: LeaderLease
    public let fence: LeaseFence
    /// How often the lease is renewed (leader) or tried (follower).
    public let tick: Duration
    let logger: Logger
    private let state = NIOLockedValueBox(LeadershipStatus.starting)
    private let lastRenewal = NIOLockedValueBox(ContinuousClock.now)
    private let changes = NIOLockedValueBox<[@Sendable (LeadershipStatus) async -> Void]>([])
    private let announcements: (stream: AsyncStream<LeadershipStatus>, continuation: AsyncStream<LeadershipStatus>.Continuation)

    /// Campaigns for `lease` every `tick` (default: a sixth of the lease time, so a renewal survives several
    /// missed rounds) and grants or revokes `fence` as leadership changes.
    public init(lease: LeaderLease, fence: LeaseFence, tick: Duration? = nil, logger: Logger = Logger(label: "weft.ha")) {
        self.lease = lease
        self.fence = fence
        self.tick = tick ?? lease.duration / 6
        self.logger = logger
        announcements = AsyncStream.makeStream(bufferingPolicy: .unbounded)
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
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await status in self.announcements.stream {
                        for handler in self.changes.withLockedValue({ $0 }) { await handler(status) }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        self.watchdog()
                        try? await Task.sleep(for: self.tick / 2)
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        self.round()
                        try? await Task.sleep(for: self.tick)
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        announcements.continuation.finish()
        if let token = fence.token {
            fence.revoke()
            try? lease.release(token: token)
            logger.info("leader lease released", metadata: ["token": "\(token)"])
        }
    }

    /// Ends the leadership without touching the database when the last renewal is older than the
    /// lease: someone else may lead by now.
    private func watchdog() {
        guard fence.token != nil, lastRenewal.withLockedValue({ $0 }).duration(to: .now) > lease.duration else { return }
        fence.revoke()
        update { status in
            status.role = .follower
            status.token = nil
        }
        logger.warning("stepped down", metadata: ["reason": "no renewal for more than the lease time"])
    }

    /// One renewal or takeover attempt (blocking on the database).
    private func round() {
        var status = self.status
        do {
            if let token = fence.token {
                let renewed = try lease.renew(token: token)
                if fence.token != token {
                    // The watchdog ended the leadership while the renewal was under way.
                    try? lease.release(token: token)
                } else if renewed {
                    lastRenewal.withLockedValue { $0 = .now }
                } else {
                    stepDown(&status, token: token, reason: "the lease was taken over or expired")
                }
            } else if let token = try lease.acquire() {
                lastRenewal.withLockedValue { $0 = .now }
                fence.grant(token)
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
            status.role = .follower
            logger.warning("leader election: database unavailable", metadata: ["error": "\(TopologyStore.reason(error))"])
        }
        let observed = status
        let fenced = fence.token
        update { current in
            current = observed
            if fenced == nil, current.role == .leader {
                // The watchdog revoked the fence meanwhile: the fence decides.
                current.role = .follower
                current.token = nil
            }
        }
    }

    /// Applies `change` to the shared status and announces it when the role or a token changed.
    private func update(_ change: (inout LeadershipStatus) -> Void) {
        let (before, after) = state.withLockedValue { status in
            let before = status
            change(&status)
            return (before, status)
        }
        if after.role != before.role || after.token != before.token || after.leader?.token != before.leader?.token {
            announcements.continuation.yield(after)
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
