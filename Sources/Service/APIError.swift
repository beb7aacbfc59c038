import Foundation
import Hummingbird

/// An API failure rendered as `{"error": {"code", "message", "field"}}` with its HTTP status.
///
/// Every handler throws this type for anything the client can fix or needs to know about,
/// so clients can rely on one machine-readable shape: `code` is stable, `message` is for
/// people, `field` names the offending JSON field (dotted path) or path parameter when there is one.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// Stable, machine-readable code such as `invalid_body` or `not_found`.
    public var code: String
    public var message: String
    /// The JSON field (dotted path, e.g. `constraints.exclude_links`) or parameter at fault.
    public var field: String?

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
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

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)
            }
        }

        var error: Detail
    }

    /// The JSON body, for answers sent below the router (connection limits, timeouts, malformed requests).
    func jsonBody() -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(Body(error: .init(code: code, message: message, field: field)))) ?? Data()
        return ByteBuffer(bytes: data)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, field: field))
        var response = try context.responseEncoder.encode(body, from: request, context: context)
        response.status = status
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer realm=\"weft\""
        }
        return response
    }
}

extension APIError: CustomStringConvertible {
    public var description: String {
        "\(status.code) \(code): \(message)" + (field.map { " (field \($0))" } ?? "")
    }
}
