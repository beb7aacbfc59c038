import TaasPlanner
import Topology
import TopologyStore

extension APIError {
    /// The HTTP form of a refused tap change. `envelope` is `tap_service` or `tap_flow`, so fields read
    /// `tap_flow.source_port`. Cross-tenant taps are 403, unknown ids 404, clashes 409, the rest 422.
    init(_ error: TapStoreError, envelope: String) {
        switch error {
        case .invalid(let tap):
            self.init(tap, envelope: envelope)
        case .store(let store):
            self.init(store)
        case .corruptRow, .database:
            self = .internalFailure(code: "store_error", message: "the tap catalog could not be read or written", logDetail: error.description)
        }
    }

    init(_ error: TapError, envelope: String) {
        let message = error.description
        func field(_ name: String) -> String { "\(envelope).\(name)" }
        func portField(_ role: TapPortRole) -> String { role == .destination ? field("port_id") : field("source_port") }
        switch error {
        case .crossTenant(_, let role, _, _, _):
            self = .forbidden(message, field: portField(role))
        case .flowTenantMismatch:
            self = .forbidden(message, field: field("tenant_id"))
        case .unknownTapService:
            self = APIError(.notFound, code: "not_found", message: message, field: field("tap_service_id"))
        case .unknownTapFlow:
            self = APIError(.notFound, code: "not_found", message: message, field: "id")
        case .unknownTenant:
            self = .invalidField(field("tenant_id"), message)
        case .unknownPort(_, let role), .fabricPort(_, let role, _), .portDown(_, let role):
            self = .invalidField(portField(role), message)
        case .sourceWithoutHost, .sourceIsDestination:
            self = .invalidField(field("source_port"), message)
        case .destinationCarriesTenantTraffic:
            self = .invalidField(field("port_id"), message)
        case .destinationInUse:
            self = .conflict("destination_in_use", message, field: field("port_id"))
        case .duplicateTapFlow:
            self = .conflict("duplicate_tap_flow", message, field: field("source_port"))
        case .duplicateID:
            self = .conflict("duplicate_id", message, field: field("id"))
        case .taasIDUnavailable, .taasIDsExhausted:
            self = .conflict("taas_id_unavailable", message, field: field("taas_id"))
        case .invalidField(let name, _, _):
            self = .invalidField(field(name), message)
        }
    }

    /// The HTTP form of a topology-store failure: no topology yet, a write on an instance that is not
    /// the leader, or a busy store is 503; anything else a 500 whose details (the database, the engine's
    /// message) are only logged.
    init(_ error: TopologyStoreError) {
        switch error {
        case .empty:
            self.init(.serviceUnavailable, code: "no_topology",
                      message: "the store holds no topology yet; `weft serve` needs one (weft topo import or weft topo gen) before it can answer this",
                      logDetail: error.description)
        case .notLeader:
            self.init(.serviceUnavailable, code: "not_leader", message: error.description)
        case .busy:
            self = .storeBusy(logDetail: error.description)
        default:
            self = .internalFailure(code: "store_error", message: "the store could not be read or written", logDetail: error.description)
        }
    }

    /// The HTTP form of anything a store call threw that is not an ``APIError``: leadership and busy are
    /// 503, anything else a 500 naming nothing internal (the database and the engine's message are logged).
    init(storeFailure error: any Error, location: String) {
        switch error {
        case let error as TopologyStoreError:
            self.init(error)
        case let error as LeadershipError:
            self.init(.serviceUnavailable, code: "not_leader", message: error.description)
        default:
            self = .internalFailure(code: "store_error", message: "the store could not be read or written",
                                    logDetail: "\(location): \(TopologyStore.reason(error))")
        }
    }
}
