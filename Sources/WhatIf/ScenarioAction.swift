/// One change an event makes to the fabric, the demands or the taps. Effects accumulate:
/// step `n` sees every action of steps `1...n`.
public struct ScenarioAction: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Take the selected links down.
        case failLink(LinkSelector)
        /// Take a switch down: every link into or out of it fails, its hosts lose the fabric.
        case failSwitch(String)
        /// Planned maintenance: a spine's links carry no traffic (drawn as drained, not failed).
        case drainSpine(String)
        /// New capacity for the selected links, in bit/s.
        case setCapacity(LinkSelector, bps: Double)
        /// Multiply the rate of every demand of a class.
        case scaleDemand(className: String, factor: Double)
        /// More tap services and tap flows.
        case addTaps(TapsSpec)
    }

    public var kind: Kind
    /// Where the action was written, for errors found while validating against the topology.
    public var location: FieldLocation

    public init(_ kind: Kind, at location: FieldLocation) {
        self.kind = kind
        self.location = location
    }

    /// A short human-readable form for the report, e.g. `fail switch spine2`.
    public var description: String {
        switch kind {
        case .failLink(let selector): "fail link \(selector.displayName)"
        case .failSwitch(let name): "fail switch \(name)"
        case .drainSpine(let name): "drain spine \(name)"
        case .setCapacity(let selector, let bps): "set capacity of \(selector.displayName) to \(RateText.format(bps))"
        case .scaleDemand(let name, let factor): "scale \(name) demand ×\(factor.formatted(decimals: 2))"
        case .addTaps(let taps): "add \(taps.services.count) tap service(s), \(taps.flows.count) tap flow(s)"
        }
    }
}
