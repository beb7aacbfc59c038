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
