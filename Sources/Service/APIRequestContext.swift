import Foundation
import Hummingbird

/// Request context for the Weft API: JSON in and out, with stable key order and ISO 8601 dates.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// This request's id (the client's `X-Request-Id` when it was acceptable), set by ``RequestIDMiddleware``.
    public var requestID: String?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var requestDecoder: JSONBodyDecoder { JSONBodyDecoder() }

    public var responseEncoder: JSONEncoder { WireJSON.encoder() }

    /// Request bodies are small JSON documents; anything larger is refused before decoding.
    public var maxUploadSize: Int { 1 << 20 }
}
