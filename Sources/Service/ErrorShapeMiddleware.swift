import Hummingbird

/// Gives every error response the API's JSON shape: Hummingbird's own errors (unknown route 404,
/// missing parameter 400, …) become ``APIError``s with a code derived from the status.
struct ErrorShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not_found" : error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            let message = error.status == .notFound ? "no route \(request.method) \(request.uri.path)" : (error.body ?? error.status.reasonPhrase)
            throw APIError(error.status, code: code, message: message)
        }
    }
}
