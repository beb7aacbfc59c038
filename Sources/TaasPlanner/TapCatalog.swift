import Foundation
import Topology

/// The tap services and tap flows of a deployment, with TaaS's rules and Weft's checks enforced on every
/// change. A value: the store loads one, applies a change and writes the result in one transaction.
public struct TapCatalog: Hashable, Sendable {
    public private(set) var services: [TapService]
    public private(set) var flows: [TapFlow]
    /// Where `taas_id`s come from.
    public let taasIDRange: TaasIDRange

    /// An empty catalog whose services will draw `taas_id`s from `taasIDRange`.
    public init(taasIDRange: TaasIDRange = .default) {
        self.services = []
        self.flows = []
        self.taasIDRange = taasIDRange
    }

    /// A catalog of already-validated records, as the store reads them back.
    public init(services: [TapService], flows: [TapFlow], taasIDRange: TaasIDRange = .default) {
        self.services = services
        self.flows = flows
        self.taasIDRange = taasIDRange
    }

    // MARK: Lookup

    /// The service with this id, or else the only one with this name.
    public func service(_ key: String) -> TapService? {
        Self.lookup(key, in: services, id: \.id, name: \.name)
    }

    /// The flow with this id, or else the only one with this name.
    public func flow(_ key: String) -> TapFlow? {
        Self.lookup(key, in: flows, id: \.id, name: \.name)
    }

    /// The flows bound to a service, in creation order.
    public func flows(ofService serviceID: String) -> [TapFlow] {
        flows.filter { $0.tapServiceID == serviceID }
    }

    // MARK: Changes

    /// Validates `request` and adds it, filling in an empty id (a new UUID) and a 0 `taasID` (the lowest
    /// free id of the range). Returns the stored service.
    @discardableResult
    public mutating func createService(_ request: TapService, in context: TapContext) throws(TapError) -> TapService {
        var service = request
        if service.id.isEmpty { service.id = Self.newID() }
        if services.contains(where: { $0.id == service.id }) { throw .duplicateID(service.id) }
        if service.taasID == 0 {
            service.taasID = try taasIDRange.allocate(avoiding: Set(services.map(\.taasID)))
        }
        try check(service, in: context)
        services.append(service)
        return service
    }

    /// Validates `request` and adds it, filling in an empty id and an empty tenant (the service's).
    @discardableResult
    public mutating func createFlow(_ request: TapFlow, in context: TapContext) throws(TapError) -> TapFlow {
        var flow = request
        if flow.id.isEmpty { flow.id = Self.newID() }
        if flows.contains(where: { $0.id == flow.id }) { throw .duplicateID(flow.id) }
        if let service = service(flow.tapServiceID) {
            flow.tapServiceID = service.id
            if flow.tenant.isEmpty { flow.tenant = service.tenant }
        }
        try check(flow, in: context)
        flows.append(flow)
        return flow
    }

    /// Removes a service and, as TaaS does, every flow bound to it.
    @discardableResult
    public mutating func deleteService(_ key: String) throws(TapError) -> (service: TapService, flows: [TapFlow]) {
        guard let service = service(key) else { throw .unknownTapService(key) }
        let removed = flows(ofService: service.id)
        flows.removeAll { $0.tapServiceID == service.id }
        services.removeAll { $0.id == service.id }
        return (service, removed)
    }

    /// Removes one flow.
    @discardableResult
    public mutating func deleteFlow(_ key: String) throws(TapError) -> TapFlow {
        guard let flow = flow(key) else { throw .unknownTapFlow(key) }
        flows.removeAll { $0.id == flow.id }
        return flow
    }

    /// Renames or re-describes a service or flow: the only TaaS fields that may change after creation.
    public mutating func update(_ key: String, name: String?, description: String?) throws(TapError) {
        if let index = services.firstIndex(where: { $0.id == service(key)?.id }) {
            if let name { services[index].name = name }
            if let description { services[index].description = description }
        } else if let index = flows.firstIndex(where: { $0.id == flow(key)?.id }) {
            if let name { flows[index].name = name }
            if let description { flows[index].description = description }
        } else {
            throw .unknownTapService(key)
        }
    }

    // MARK: Validation

    /// Every rule broken by the catalog as it stands against `context` — after a topology change or
    /// with the demands of a scenario. Empty when the catalog is valid.
    public func problems(in context: TapContext) -> [TapError] {
        var found: [TapError] = []
        for service in services {
            do throws(TapError) { try others(excluding: service.id).check(service, in: context) } catch { found.append(error) }
        }
        for flow in flows {
            do throws(TapError) { try others(excluding: flow.id).check(flow, in: context) } catch { found.append(error) }
        }
        return found
    }

    /// The destination port of a service, resolved.
    public func destination(of service: TapService, in topology: Topology) throws(TapError) -> ResolvedPort {
        try service.port.resolve(in: topology, as: .destination)
    }

    private func others(excluding id: String) -> TapCatalog {
        TapCatalog(services: services.filter { $0.id != id }, flows: flows.filter { $0.id != id }, taasIDRange: taasIDRange)
    }

    private func check(_ service: TapService, in context: TapContext) throws(TapError) {
        let topology = context.topology
        guard topology.tenants.contains(where: { $0.name == service.tenant }) else { throw .unknownTenant(service.tenant) }
        guard taasIDRange.contains(service.taasID) else { throw .taasIDUnavailable(service.taasID, range: taasIDRange, takenBy: nil) }
        if let other = services.first(where: { $0.taasID == service.taasID }) {
            throw .taasIDUnavailable(service.taasID, range: taasIDRange, takenBy: other.label)
        }
        let destination = try service.port.resolve(in: topology, as: .destination)
        if let tenant = destination.tenant, tenant != service.tenant {
            throw .crossTenant(port: service.port, role: .destination, portTenant: tenant, serviceTenant: service.tenant, service: service.label)
        }
        if let demands = context.tenantTrafficPorts[destination.end] {
            throw .destinationCarriesTenantTraffic(service.port, host: destination.host?.name ?? destination.end.description, demands: demands)
        }
        for other in services where (try? other.port.resolve(in: topology, as: .destination))?.end == destination.end {
            throw .destinationInUse(service.port, service: other.label)
        }
    }

    private func check(_ flow: TapFlow, in context: TapContext) throws(TapError) {
        if let problem = flow.fieldProblems().first { throw problem }
        guard let service = services.first(where: { $0.id == flow.tapServiceID }) else { throw .unknownTapService(flow.tapServiceID) }
        if flow.tenant != service.tenant {
            throw .flowTenantMismatch(flowTenant: flow.tenant, serviceTenant: service.tenant, service: service.label)
        }
        let source = try flow.sourcePort.resolve(in: context.topology, as: .source)
        guard let host = source.host else { throw .sourceWithoutHost(flow.sourcePort) }
        if host.tenant != service.tenant {
            throw .crossTenant(port: flow.sourcePort, role: .source, portTenant: host.tenant, serviceTenant: service.tenant, service: service.label)
        }
        if (try? service.port.resolve(in: context.topology, as: .destination))?.end == source.end {
            throw .sourceIsDestination(flow.sourcePort, service: service.label)
        }
        for other in flows where other.tapServiceID == service.id && other.direction == flow.direction
            && (try? other.sourcePort.resolve(in: context.topology, as: .source))?.end == source.end {
            throw .duplicateTapFlow(source: flow.sourcePort, direction: flow.direction, service: service.label, existing: other.label)
        }
    }

    private static func newID() -> String {
        UUID().uuidString.lowercased()
    }

    private static func lookup<Item>(_ key: String, in items: [Item], id: KeyPath<Item, String>, name: KeyPath<Item, String>) -> Item? {
        if let match = items.first(where: { $0[keyPath: id] == key }) { return match }
        let named = items.filter { $0[keyPath: name] == key }
        return named.count == 1 ? named[0] : nil
    }
}
