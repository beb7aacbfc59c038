import Topology
@testable import TaasPlanner

/// Shared test fabrics.
enum Fixtures {
    /// 2 spines × 3 leaves, 2 hosts per leaf, hosts alternate tenant1/tenant2:
    /// h1-1 t1, h1-2 t2, h2-1 t1, h2-2 t2, h3-1 t1, h3-2 t2. Uplinks 40G, host ports 10G.
    static func fabric() -> Topology {
        SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 40e9, downlinkBps: 10e9, tenants: 2).generate()
    }

    static func context(demands: [(source: String, destination: String)] = []) -> TapContext {
        TapContext(topology: fabric(), demandEndpoints: demands)
    }
}
