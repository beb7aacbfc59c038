import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id and keeps what failed inside the server out of its answer.
///
/// The id is the client's `X-Request-Id` when it is a sane token (1–``maximumLength`` characters of
/// letters, digits and `-._:`), so a caller can follow its own id through Weft's log; otherwise Weft
/// makes one. It comes back in the `X-Request-Id` header of every answer and as `request_id` in every
/// error body. An error that escapes the handlers is answered here: an ``APIError`` as itself, anything
/// else as a 500 that says nothing about Weft's insides. Every 5xx is logged with the id and the
/// error's ``APIError/logDetail`` (the database path, the engine's message), which is never sent.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// The longest client-supplied id accepted.
    static let maximumLength = 128

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = Self.acceptedID(request.headers[.requestID]) ?? context.id
        var context = context
        context.requestID = id
        context.logger[metadataKey: "request_id"] = "\(id)"
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = id
            return response
        } catch {
            var failure = error as? APIError
                ?? .internalFailure(code: "internal_error", message: "the server could not answer this request", logDetail: String(reflecting: error))
            failure.requestID = id
            if failure.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) answered \(failure.status.code) \(failure.code)",
                                     metadata: ["detail": "\(failure.logDetail ?? failure.message)"])
            }
            return try failure.response(from: request, context: context)
        }
    }

    /// `text` when it is an acceptable request id, else `nil`.
    static func acceptedID(_ text: String?) -> String? {
        guard let text, (1...maximumLength).contains(text.utf8.count),
              text.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._:".utf8.contains(byte)
              })
        else { return nil }
        return text
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`: the request's id, echoed on every answer.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
