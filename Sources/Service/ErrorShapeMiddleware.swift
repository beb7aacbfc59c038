import Hummingbird
import NIOConcurrencyHelpers

/// Gives every error response the API's JSON shape: Hummingbird's own errors (unknown route 404,
/// missing parameter 400, …) become ``APIError``s with a code derived from the status, and a method a
/// known path does not serve is 405 with an `Allow` header rather than 404.
struct ErrorShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            guard error.status == .notFound else {
                let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
                throw APIError(error.status, code: code, message: error.body ?? error.status.reasonPhrase)
            }
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else {
                throw APIError(.notFound, code: "not_found", message: "no route \(request.method) \(request.uri.path)")
            }
            var response = try APIError(.methodNotAllowed, code: "method_not_allowed",
                                        message: "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)")
                .response(from: request, context: context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
    }
}

/// The methods each route path answers, filled in once the router is built, for 405 answers.
final class RouteMethods: Sendable {
    private let table = NIOLockedValueBox<[(segments: [Substring], methods: [String])]>([])

    /// Records the router's routes (`/v1/paths/:id` with `GET`, …).
    func record(_ routes: [(path: String, method: String)]) {
        let grouped = Dictionary(grouping: routes, by: \.path)
        table.withLockedValue { table in
            table = grouped.map { path, routes in (path.split(separator: "/"), routes.map(\.method).sorted()) }
        }
    }

    /// The methods of the route matching `path` (a `:name` or `{name}` segment matches any one segment).
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        return table.withLockedValue { table in
            table.first { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == segment }
            }?.methods ?? []
        }
    }
}
