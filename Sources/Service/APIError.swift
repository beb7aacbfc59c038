import Foundation
import Hummingbird
import TopologyStore

/// An API failure rendered as `{"error": {"code", "message", "field", "request_id"}}` with its HTTP status.
///
/// Every handler throws this type for anything the client can fix or needs to know about,
/// so clients can rely on one machine-readable shape: `code` is stable, `message` is for
/// people, `field` names the offending JSON field (dotted path) or path parameter when there is one,
/// `request_id` the request (also in the `X-Request-Id` header) so an operator finds it in the log.
/// What failed inside the server (a database path, SQL, an engine's message) goes to ``logDetail``,
/// which is logged and never sent.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// Stable, machine-readable code such as `invalid_body` or `not_found`.
    public var code: String
    public var message: String
    /// The JSON field (dotted path, e.g. `constraints.exclude_links`) or parameter at fault.
    public var field: String?
    /// Seconds the client should wait before trying again, sent as `Retry-After` (503s).
    public var retryAfter: Int?
    /// What went wrong inside the server, for the log only.
    public var logDetail: String?
    /// The request's id, when the error is answered through ``RequestIDMiddleware``.
    public var requestID: String?

    /// An error answered with `status` and a JSON body `{"error": {code, message, field}}`; `retryAfter` adds
    /// a `Retry-After` header (seconds), `logDetail` goes to the log only, never to the client.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil,
                retryAfter: Int? = nil, logDetail: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
        self.logDetail = logDetail
    }

    /// The store was busy: another writer held it for longer than this server waits (503 with
    /// `Retry-After: 1`). Nothing was written; the same request can simply be sent again.
    public static func storeBusy(logDetail: String) -> APIError {
        APIError(.serviceUnavailable, code: "store_busy", message: "\(TopologyStoreError.busyMessage); nothing was changed, retry shortly",
                 retryAfter: 1, logDetail: logDetail)
    }

    /// The server failed in a way the client cannot fix (500). `message` says what could not be done,
    /// in the client's terms; `logDetail` (paths, SQL, engine messages) is logged under the request id.
    public static func internalFailure(code: String, message: String, logDetail: String) -> APIError {
        APIError(.internalServerError, code: code, message: "\(message); the server log has the details under this request's id",
                 logDetail: logDetail)
    }

    /// The body is not JSON at all (400).
    public static func malformedBody(_ message: String) -> APIError {
        APIError(.badRequest, code: "malformed_body", message: message)
    }

    /// The body is JSON but a field is missing, of the wrong type or out of range (422).
    public static func invalidField(_ field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, code: "invalid_field", message: message, field: field)
    }

    /// No resource with this id (404).
    public static func notFound(_ kind: String, id: String, field: String = "id") -> APIError {
        APIError(.notFound, code: "not_found", message: "no \(kind) with id '\(id)'", field: field)
    }

    /// Missing or wrong bearer token (401).
    public static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", message: "missing or invalid bearer token"
    )

    /// The request is valid but crosses a tenant boundary (403).
    public static func forbidden(_ message: String, field: String? = nil) -> APIError {
        APIError(.forbidden, code: "forbidden", message: message, field: field)
    }

    /// The request is valid but cannot be satisfied with the fabric as it is now (409).
    public static func conflict(_ code: String, _ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: code, message: message, field: field)
    }

    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable {
            var code: String
            var message: String
            var field: String?
            var requestID: String?

            enum CodingKeys: String, CodingKey {
                case code, message, field
                case requestID = "request_id"
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)
                try container.encodeIfPresent(requestID, forKey: .requestID)
            }
        }

        var error: Detail
    }

    /// The JSON body, for answers sent below the router (connection limits, timeouts, malformed requests).
    func jsonBody() -> ByteBuffer {
        let data = (try? WireJSON.encoder().encode(Body(error: .init(code: code, message: message, field: field, requestID: requestID)))) ?? Data()
        return ByteBuffer(bytes: data)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let id = requestID ?? (context as? APIRequestContext)?.requestID
        let body = Body(error: .init(code: code, message: message, field: field, requestID: id))
        var response = try context.responseEncoder.encode(body, from: request, context: context)
        response.status = status
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer realm=\"weft\""
        }
        if let retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        if let id {
            response.headers[.requestID] = id
        }
        return response
    }
}

extension APIError: CustomStringConvertible {
    public var description: String {
        "\(status.code) \(code): \(message)" + (field.map { " (field \($0))" } ?? "")
    }
}
