import Topology
import TopologyFormats

/// Why a tap service or tap flow was refused, naming the elements involved.
public enum TapError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The tenant is not in the topology.
    case unknownTenant(String)
    /// No host of that name, or no such switch port.
    case unknownPort(PortReference, role: TapPortRole)
    /// The port carries a fabric link; mirror endpoints are edge (host) ports.
    case fabricPort(PortReference, role: TapPortRole, link: String)
    /// The port is administratively or operationally down.
    case portDown(PortReference, role: TapPortRole)
    /// A source port needs a host: directions are defined by the host's frames.
    case sourceWithoutHost(PortReference)
    /// The port belongs to another tenant than the tap service.
    case crossTenant(port: PortReference, role: TapPortRole, portTenant: String, serviceTenant: String, service: String)
    /// The tap flow names a tenant other than its tap service's.
    case flowTenantMismatch(flowTenant: String, serviceTenant: String, service: String)
    /// The same port is the service's destination and a source of one of its flows.
    case sourceIsDestination(PortReference, service: String)
    /// The destination port is an endpoint of tenant demands; a monitor port must carry no tenant traffic.
    case destinationCarriesTenantTraffic(PortReference, host: String, demands: [String])
    /// Another tap service already delivers to this destination port.
    case destinationInUse(PortReference, service: String)
    /// A tap flow with the same (source port, direction, tap service) exists.
    case duplicateTapFlow(source: PortReference, direction: TapDirection, service: String, existing: String)
    /// No tap service with this id (or name).
    case unknownTapService(String)
    /// No tap flow with this id (or name).
    case unknownTapFlow(String)
    /// An id is already taken.
    case duplicateID(String)
    /// A given `taas_id` is outside the range or taken by another service.
    case taasIDUnavailable(UInt16, range: TaasIDRange, takenBy: String?)
    /// Every id of the range is taken.
    case taasIDsExhausted(range: TaasIDRange)
    /// A field has a value outside its domain.
    case invalidField(field: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .unknownTenant(let tenant):
            "unknown tenant '\(tenant)'"
        case .unknownPort(let port, let role):
            "\(role) port '\(port)': no such host or switch port in the topology"
        case .fabricPort(let port, let role, let link):
            "\(role) port '\(port)' carries fabric link \(link); tap ports must be host (edge) ports"
        case .portDown(let port, let role):
            "\(role) port '\(port)' is down"
        case .sourceWithoutHost(let port):
            "source port '\(port)' has no host attached; a tap flow mirrors a host's frames"
        case .crossTenant(let port, let role, let portTenant, let serviceTenant, let service):
            "cross-tenant tap refused: \(role) port '\(port)' belongs to tenant '\(portTenant)' but tap service \(service) belongs to tenant '\(serviceTenant)'"
        case .flowTenantMismatch(let flowTenant, let serviceTenant, let service):
            "cross-tenant tap refused: tap flow of tenant '\(flowTenant)' cannot use tap service \(service) of tenant '\(serviceTenant)'"
        case .sourceIsDestination(let port, let service):
            "port '\(port)' is the destination of tap service \(service) and cannot also be one of its sources"
        case .destinationCarriesTenantTraffic(let port, let host, let demands):
            "destination port '\(port)' (host \(host)) carries tenant traffic (\(ListSummary(demands, noun: .init("demand")))); a monitor port must be reserved for monitoring"
        case .destinationInUse(let port, let service):
            "destination port '\(port)' is already the destination of tap service \(service)"
        case .duplicateTapFlow(let source, let direction, let service, let existing):
            "tap flow \(existing) already mirrors source port '\(source)' direction \(direction) to tap service \(service)"
        case .unknownTapService(let id):
            "no tap service '\(id)'"
        case .unknownTapFlow(let id):
            "no tap flow '\(id)'"
        case .duplicateID(let id):
            "id '\(id)' is already used"
        case .taasIDUnavailable(let id, let range, let takenBy):
            if let takenBy {
                "taas_id \(id) is already used by tap service \(takenBy)"
            } else {
                "taas_id \(id) is outside the configured range \(range)"
            }
        case .taasIDsExhausted(let range):
            "no free taas_id: all \(Int(range.upper) - Int(range.lower) + 1) ids of range \(range) are in use"
        case .invalidField(let field, let value, let reason):
            "\(field) '\(value)': \(reason)"
        }
    }
}
