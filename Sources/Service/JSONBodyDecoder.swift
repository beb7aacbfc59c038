import Foundation
import Hummingbird
import TopologyFormats

/// Decodes JSON request bodies and turns every decoding failure into an ``APIError``
/// that names the offending field: syntax errors are 400, shape errors 422.
public struct JSONBodyDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "request body exceeds \(context.maxUploadSize) bytes")
        }
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    /// Decodes `data`, mapping `DecodingError` to ``APIError``.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if data.isEmpty {
            throw APIError.malformedBody("request body is empty; expected a JSON object")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as APIError {
            throw error
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw APIError.malformedBody("request body is not valid JSON")
        } catch let DecodingError.dataCorrupted(context) {
            throw APIError.invalidField(FieldPath.text(context.codingPath), context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            let field = FieldPath.text(context.codingPath + [key])
            throw APIError.invalidField(field, "missing required field '\(field)'")
        } catch let DecodingError.typeMismatch(expected, context) {
            let field = FieldPath.text(context.codingPath)
            if field.isEmpty {
                throw APIError.malformedBody("request body must be a JSON object")
            }
            throw APIError.invalidField(field, "field '\(field)' must be \(Self.describe(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            let field = FieldPath.text(context.codingPath)
            throw APIError.invalidField(field, "field '\(field)' must be \(Self.describe(expected)), not null")
        } catch {
            throw APIError.malformedBody("request body could not be decoded: \(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is UInt32.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "a \(type)"
        }
    }
}
