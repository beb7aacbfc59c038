import Controller
import FlowCompiler
import Hummingbird

/// `GET /v1/flows?switch=NAME`: what the fabric's switches hold (with the embedded controller: the
/// program it installed) or would hold (without: shortest paths compiled on the latest topology, as
/// `weft flows` prints them).
struct FlowRoutes {
    let engine: ServiceEngine
    let controller: FabricController?

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/flows") { request, _ in
            let installed = await controller?.installedProgram
            let program: FabricProgram
            if let installed {
                program = installed
            } else {
                let topology = try engine.latestTopology().topology
                do {
                    program = try FlowCompiler().compile(RoutingPlan.shortestPaths(in: topology, version: 1), for: topology)
                } catch {
                    throw APIError.invalidField("topology", "\(error)")
                }
            }
            let name = request.uri.queryParameters.get("switch")
            if let name, program.switches[name] == nil {
                throw APIError.notFound("switch", id: name, field: "switch")
            }
            let listed = program.switches.values.filter { name == nil || $0.switchName == name }.sorted { $0.switchName < $1.switchName }
            return FlowsResponse(version: program.version, source: installed == nil ? "compiled" : "installed",
                                 switches: listed.map(SwitchProgramListing.init))
        }
    }
}

/// Body of `GET /v1/flows`.
struct FlowsResponse: ResponseCodable {
    /// The program version (the cookies' version field).
    var version: UInt32
    /// `installed` (the embedded controller's program) or `compiled` (no controller: shortest paths).
    var source: String
    var switches: [SwitchProgramListing]
}
