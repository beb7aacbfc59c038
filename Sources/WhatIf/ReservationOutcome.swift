/// A stored path reservation in one step: whether its paths survive the step's fabric. Its rate stays
/// held on its links either way, as in `weft serve`, until it is rerouted (`PATCH /v1/paths/ID`
/// with `{"reroute": true}`) or released.
public struct ReservationOutcome: Hashable, Sendable, Codable {
    /// `weft serve`'s reservation status.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// Every path is intact.
        case reserved
        /// The primary path is intact, a protection path lost a link.
        case degraded
        /// The primary path lost a link.
        case down
    }

    public var id: String
    public var tenant: String?
    public var source: String
    public var destination: String
    public var className: String
    public var bandwidthBps: Double
    public var status: Status
    /// Links of its paths that are down or gone in this step.
    public var lostLinks: [String]
    /// Failed or drained switches at an end of a lost link.
    public var lostSwitches: [String]

    public init(id: String, tenant: String?, source: String, destination: String, className: String, bandwidthBps: Double,
                status: Status, lostLinks: [String], lostSwitches: [String]) {
        self.id = id
        self.tenant = tenant
        self.source = source
        self.destination = destination
        self.className = className
        self.bandwidthBps = bandwidthBps
        self.status = status
        self.lostLinks = lostLinks
        self.lostSwitches = lostSwitches
    }

    /// `r1 (h1-1 → h2-1, gold, 8 Gbit/s)`.
    public var title: String {
        "\(id) (\(source) → \(destination), \(className), \(RateText.format(bandwidthBps)))"
    }
}
