import TaasPlanner

/// A tap flow: mirror one host's port into a tap service.
public struct TapFlowSpec: Hashable, Sendable {
    public var name: String
    public var service: String
    public var sourceHost: String
    public var direction: TapDirection
    /// Upper bound on the mirrored rate for this flow, in bit/s.
    public var maxRateBps: Double?
    public var location: FieldLocation

    public init(name: String, service: String, sourceHost: String, direction: TapDirection, maxRateBps: Double? = nil, location: FieldLocation) {
        self.name = name
        self.service = service
        self.sourceHost = sourceHost
        self.direction = direction
        self.maxRateBps = maxRateBps
        self.location = location
    }
}
