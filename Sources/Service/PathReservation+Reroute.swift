import Optimizer
import Topology

extension PathReservation {
    /// The request it holds now: its endpoints, rate, class, tenant and constraints.
    var request: PathRequest {
        PathRequest(source: source, destination: destination, bandwidthBps: bandwidthBps, qosClass: qosClass, tenant: tenant, constraints: constraints)
    }

    /// The paths `PATCH /v1/paths/ID {"reroute": true}` would choose on `topology` next to what every
    /// other reservation holds (`usedByOthers`, per resource); throws the API's refusal (409 `no_path`
    /// and its reason) when there are none. For `weft whatif --db`, which asks it for every reservation a
    /// step breaks.
    public func reroutePlan(on topology: Topology, usedByOthers: [String: Double], headroom: Double = 0, classes: [QoSClass]) throws(APIError) -> [ReservedPath] {
        try ReservationPlanner(topology: topology, usedByOthers: usedByOthers, headroom: headroom, classes: classes).plan(request).paths
    }
}
