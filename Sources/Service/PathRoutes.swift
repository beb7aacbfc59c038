import Hummingbird

/// `/v1/paths`: bandwidth reservations for another controller (path computation element).
struct PathRoutes {
    let engine: ServiceEngine

    func add(to router: Router<APIRequestContext>) {
        router.post("/v1/paths") { request, context in
            let body = try await context.requestDecoder.decode(PathRequest.self, from: request, context: context)
            let reservation = try await engine.reserve(body)
            return EditedResponse(status: .created, headers: [.location: "/v1/paths/\(reservation.id)"], response: reservation)
        }
        router.get("/v1/paths") { request, _ in
            let query = try PathListQuery(request.uri.queryParameters)
            let page = try engine.reservations(query)
            return PathPage(paths: page.reservations, links: page.nextMarker.map { [PageLink(rel: "next", href: "/v1/paths?\(query.next(after: $0))")] })
        }
        router.get("/v1/paths/:id") { _, context in
            try engine.reservation(try context.parameters.require("id"))
        }
        router.patch("/v1/paths/:id") { request, context in
            let id = try context.parameters.require("id")
            let body = try await context.requestDecoder.decode(PathUpdate.self, from: request, context: context)
            let (reservation, transition) = try await engine.update(id, with: body)
            return PathUpdateResponse(reservation: reservation, transition: transition)
        }
        router.delete("/v1/paths/:id") { _, context in
            try await engine.release(try context.parameters.require("id"))
            return HTTPResponse.Status.noContent
        }
    }
}

/// Body of a successful `PATCH /v1/paths/{id}`: the reservation's fields plus `transition`.
struct PathUpdateResponse: ResponseEncodable {
    var reservation: PathReservation
    var transition: PathTransition

    enum CodingKeys: String, CodingKey {
        case transition
    }

    func encode(to encoder: any Encoder) throws {
        try reservation.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(transition, forKey: .transition)
    }
}

/// Body of `GET /v1/paths`: one page, with a `next` link (Neutron's `paths_links`) unless it is the last.
struct PathPage: ResponseEncodable {
    var paths: [PathReservation]
    var links: [PageLink]?

    enum CodingKeys: String, CodingKey {
        case paths
        case links = "paths_links"
    }
}

/// A paging link: `rel` is `next`, `href` the path and query of that page.
struct PageLink: Codable, Hashable {
    var rel: String
    var href: String
}

extension PathReservation: ResponseEncodable {}
