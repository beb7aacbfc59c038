import Hummingbird

/// `/v1/tap_services` and `/v1/tap_flows`: OpenStack Tap-as-a-Service's resources and field names,
/// wrapped Neutron-style (`{"tap_service": {...}}`, `{"tap_services": [...]}`).
struct TapRoutes {
    let engine: ServiceEngine

    func add(to router: Router<APIRequestContext>) {
        router.post("/v1/tap_services") { request, context in
            let body = try await context.requestDecoder.decode(TapServiceCreate.self, from: request, context: context)
            let service = try await engine.createTapService(body.service)
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
            return HTTPResponse.Status.noContent
        }

        router.post("/v1/tap_flows") { request, context in
            let body = try await context.requestDecoder.decode(TapFlowCreate.self, from: request, context: context)
            let flow = try await engine.createTapFlow(body.flow)
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
            return HTTPResponse.Status.noContent
        }
    }
}
