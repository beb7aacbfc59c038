import Hummingbird

/// `/v1/tap_services` and `/v1/tap_flows`: OpenStack Tap-as-a-Service's resources and field names,
/// wrapped Neutron-style (`{"tap_service": {...}}`, `{"tap_services": [...]}`). With the embedded
/// controller, every change is installed (mirror copies placed and programmed) before the answer.
struct TapRoutes {
    let engine: ServiceEngine
    let programmer: FabricProgrammer?

    func add(to router: Router<APIRequestContext>) {
        router.post("/v1/tap_services") { request, context in
            let body = try await context.requestDecoder.decode(TapServiceCreate.self, from: request, context: context)
            let service = try await engine.createTapService(body.service)
            try await installed()
            return EditedResponse(status: .created, headers: [.location: "/v1/tap_services/\(service.id)"],
                                  response: ["tap_service": TapServiceResource(service)])
        }
        router.get("/v1/tap_services") { _, _ in
            ["tap_services": try engine.tapCatalog().services.map(TapServiceResource.init)]
        }
        router.get("/v1/tap_services/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let service = try engine.tapCatalog().services.first(where: { $0.id == id }) else {
                throw APIError.notFound("tap service", id: id)
            }
            return ["tap_service": TapServiceResource(service)]
        }
        router.delete("/v1/tap_services/:id") { _, context in
            try await engine.deleteTapService(try context.parameters.require("id"))
            try await installed()
            return HTTPResponse.Status.noContent
        }

        router.post("/v1/tap_flows") { request, context in
            let body = try await context.requestDecoder.decode(TapFlowCreate.self, from: request, context: context)
            let flow = try await engine.createTapFlow(body.flow)
            try await installed()
            return EditedResponse(status: .created, headers: [.location: "/v1/tap_flows/\(flow.id)"],
                                  response: ["tap_flow": TapFlowResource(flow)])
        }
        router.get("/v1/tap_flows") { _, _ in
            ["tap_flows": try engine.tapCatalog().flows.map(TapFlowResource.init)]
        }
        router.get("/v1/tap_flows/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let flow = try engine.tapCatalog().flows.first(where: { $0.id == id }) else {
                throw APIError.notFound("tap flow", id: id)
            }
            return ["tap_flow": TapFlowResource(flow)]
        }
        router.delete("/v1/tap_flows/:id") { _, context in
            try await engine.deleteTapFlow(try context.parameters.require("id"))
            try await installed()
            return HTTPResponse.Status.noContent
        }
    }

    /// Programs the change through the embedded controller, if there is one. The tap is stored either
    /// way; a failure to place or install its copies is a 500 that says so.
    private func installed() async throws(APIError) {
        guard let programmer else { return }
        do {
            try await programmer.tapsChanged()
        } catch {
            throw APIError.internalFailure(code: "install_failed", message: "the tap change is stored but its mirror copies were not installed",
                                           logDetail: "\(error)")
        }
    }
}
