import TaasPlanner

/// Tap services and tap flows as a scenario writes them (TaaS field meanings: one destination
/// port per service, many flows per service, each flow one source port and a direction).
public struct TapsSpec: Hashable, Sendable {
    public var services: [TapServiceSpec]
    public var flows: [TapFlowSpec]

    public init(services: [TapServiceSpec] = [], flows: [TapFlowSpec] = []) {
        self.services = services
        self.flows = flows
    }

    public var isEmpty: Bool { services.isEmpty && flows.isEmpty }
}

/// A tap service: where mirrored copies go (the monitor host's port).
public struct TapServiceSpec: Hashable, Sendable {
    public var name: String
    /// The monitor host; its attachment port is the tap service's destination port.
    public var destinationHost: String
    public var location: FieldLocation

    public init(name: String, destinationHost: String, location: FieldLocation) {
        self.name = name
        self.destinationHost = destinationHost
        self.location = location
    }
}

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
