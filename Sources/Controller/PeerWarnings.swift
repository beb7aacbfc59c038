import Logging
import NIOConcurrencyHelpers

/// Keeps warnings about peers (unknown switches, failed handshakes, undecodable messages) from
/// flooding the log when many arrive, as a scan of the OpenFlow port or a misconfigured fleet does.
///
/// Each kind of warning may be written `burst` times at once and `perMinute` times a minute after
/// that; the lines left out are counted, and the next line of that kind carries `suppressed=N`. A
/// warning with a `key` (a datapath id) is written at most once per `keyInterval` for that key.
final class PeerWarnings: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var pending: [String: Int] = [:]
        var lastByKey: [String: ContinuousClock.Instant] = [:]
        var suppressed: UInt64 = 0
    }

    private let burst: Double
    private let perMinute: Double
    private let keyInterval: Duration
    private let state = NIOLockedValueBox(State())
    /// Keys remembered at most; beyond it the memory is cleared (a peer inventing ids cannot grow it).
    private let maxKeys = 10_000

    init(burst: Double = 5, perMinute: Double = 6, keyInterval: Duration = .seconds(600)) {
        self.burst = burst
        self.perMinute = perMinute
        self.keyInterval = keyInterval
    }

    /// Warnings left out so far.
    var suppressedCount: UInt64 { state.withLockedValue { $0.suppressed } }

    /// Writes `message` at warning level unless this kind (or this key) has had its share.
    func warning(_ logger: Logger, _ message: @autoclosure () -> Logger.Message, kind: String, key: String? = nil,
                 metadata: @autoclosure () -> Logger.Metadata = [:]) {
        let now = ContinuousClock.now
        let suppressedBefore: Int? = state.withLockedValue { state in
            if let key {
                let keyed = kind + "/" + key
                if let last = state.lastByKey[keyed], last + keyInterval > now {
                    state.suppressed += 1
                    return nil
                }
                if state.lastByKey.count >= maxKeys { state.lastByKey.removeAll() }
                state.lastByKey[keyed] = now
            }
            var bucket = state.buckets[kind] ?? TokenBucket(ratePerSecond: perMinute / 60, burst: burst, now: now)
            let admitted = bucket.admit(at: now)
            state.buckets[kind] = bucket
            guard admitted else {
                state.pending[kind, default: 0] += 1
                state.suppressed += 1
                return nil
            }
            return state.pending.removeValue(forKey: kind) ?? 0
        }
        guard let suppressedBefore else { return }
        var fields = metadata()
        if suppressedBefore > 0 { fields["suppressed"] = "\(suppressedBefore)" }
        logger.warning(message(), metadata: fields)
    }
}
