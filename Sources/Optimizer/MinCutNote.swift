/// Something about the input that shaped the all-pairs min-cut, said plainly and naming what it is
/// about: a self-loop or one-way link left out, parallel cables added up, a disconnected graph.
public struct MinCutNote: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A link from a switch to itself: it joins nothing, so it is left out.
        case selfLoop = "self-loop"
        /// Links that are down (failed or drained) are left out.
        case down
        /// Up links with zero, negative or non-finite capacity (after reservations) carry nothing.
        case zeroCapacity = "zero-capacity"
        /// A link whose reverse direction is missing or down: the cable counts as 0.
        case oneWay = "one-way"
        /// A cable whose two directions differ: it counts with the smaller.
        case asymmetric
        /// Several cables between the same two nodes: their capacities add up.
        case parallelCables = "parallel-cables"
        /// The usable graph falls apart: the min-cut between components is 0.
        case disconnected
        /// A host attached to a switch the topology does not have: left out.
        case detachedHost = "detached-host"
        /// Capacities are what path reservations leave (and which reserved resources were not found).
        case reserved
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// A message listing at most `limit` names, then how many more there are.
    static func listing(_ names: [String], limit: Int = 6) -> String {
        let shown = names.prefix(limit).joined(separator: ", ")
        return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
    }
}
