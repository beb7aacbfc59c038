/// Bounds on what one client can reserve: the smallest rate worth accounting for, and a quota of
/// reservations per tenant (as OpenStack TaaS has quotas), so no tenant can fill the store.
public struct ReservationLimits: Hashable, Sendable {
    /// Smallest `bandwidth_bps` a reservation may hold (422 below it). Default 1 kbit/s.
    public var minimumRateBps: Double
    /// Most reservations one tenant may hold (409 `quota_exceeded` beyond it); reservations made
    /// without `tenant_id` share one quota. `nil` for no limit. Default 10,000.
    public var maxPerTenant: Int?

    public init(minimumRateBps: Double = 1000, maxPerTenant: Int? = 10_000) {
        self.minimumRateBps = minimumRateBps
        self.maxPerTenant = maxPerTenant
    }
}
