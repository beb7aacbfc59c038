import Optimizer

/// A stored path reservation in one step: whether its paths survive the step's fabric. Its rate stays
/// held on its links either way, as in `weft serve`, until it is rerouted (`PATCH /v1/paths/ID`
/// with `{"reroute": true}`) or released.
public struct ReservationOutcome: Hashable, Sendable, Codable {
    /// The reservation as stored.
    public var reservation: StoredReservation
    /// `weft serve`'s status of the reservation in this step's fabric.
    public var status: ReservationStatus
    /// Links of its paths that are down or gone in this step.
    public var lostLinks: [String]
    /// Failed or drained switches at an end of a lost link.
    public var lostSwitches: [String]
    /// Whether `weft serve` could reroute it in this step's fabric; `nil` while it is `reserved`.
    public var reroute: RerouteCheck?

    public init(reservation: StoredReservation, status: ReservationStatus, lostLinks: [String], lostSwitches: [String]) {
        self.reservation = reservation
        self.status = status
        self.lostLinks = lostLinks
        self.lostSwitches = lostSwitches
    }
}
