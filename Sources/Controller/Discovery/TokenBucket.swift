/// A token bucket: admits up to `burst` events at once and `ratePerSecond` on average.
///
/// Guards the controller against PACKET_IN floods (the second source document's warning about
/// reactive controllers and spoofing floods): what the bucket refuses is counted and dropped.
struct TokenBucket: Sendable {
    let ratePerSecond: Double
    let burst: Double
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant
    /// Events refused so far.
    private(set) var dropped: UInt64 = 0

    init(ratePerSecond: Double, burst: Double, now: ContinuousClock.Instant = .now) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        tokens = burst
        refilledAt = now
    }

    /// Takes a token if one is available; counts a drop otherwise.
    mutating func admit(at now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = refilledAt.duration(to: now)
        let seconds = elapsed.seconds
        tokens = min(burst, tokens + max(0, seconds) * ratePerSecond)
        refilledAt = now
        guard tokens >= 1 else {
            dropped += 1
            return false
        }
        tokens -= 1
        return true
    }
}
