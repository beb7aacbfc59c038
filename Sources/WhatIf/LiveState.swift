import Foundation
import Optimizer
import Topology

/// The state of a running fabric read from its store (`weft whatif SCENARIO --db DB`): the latest
/// topology version replaces the scenario's `topology`, and `demands: [{from: declared}]` or
/// `[{from: measured}]` take the stored declared demands or the newest measured matrix.
public struct LiveState: Sendable {
    /// Which stored demands a scenario entry takes.
    public enum Demands: String, Hashable, Sendable {
        case declared, measured
    }

    /// Where it was read from (a file path or a URL without password), for the report's notes.
    public var location: String
    public var topology: Topology
    public var topologyVersion: Int
    public var declared: [Demand]
    /// One demand per measured (ingress leaf, egress leaf, class) aggregate; classes by name only.
    public var measured: [Demand]
    /// When the measured matrix was sampled; `nil` when none is stored.
    public var measuredAt: Date?
    /// What the store's path reservations hold (`--minus-reservations`): every step's min-cut is taken
    /// over the capacity they leave. `nil`: min-cuts over full capacities.
    public var reservations: CapacityReservations?

    public init(location: String, topology: Topology, topologyVersion: Int, declared: [Demand], measured: [Demand], measuredAt: Date?,
                reservations: CapacityReservations? = nil) {
        self.reservations = reservations
        self.location = location
        self.topology = topology
        self.topologyVersion = topologyVersion
        self.declared = declared
        self.measured = measured
        self.measuredAt = measuredAt
    }
}
