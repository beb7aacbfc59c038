import Hummingbird

/// Rejects requests without `Authorization: Bearer <token>` matching the configured token (401).
///
/// The comparison takes the same time for every token of the expected length and does not stop
/// at the first differing byte, so response timing reveals nothing about the secret.
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]
    /// Paths served without a token (health probes, the API description).
    let openPaths: Set<String>

    /// Requires `Authorization: Bearer <token>` on every path except `openPaths` (health probes, the API
    /// description).
    public init(token: String, openPaths: Set<String>) {
        expected = Array(token.utf8)
        self.openPaths = openPaths
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if openPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization], header.count > 7,
              header.prefix(7).lowercased() == "bearer "
        else {
            throw APIError.unauthorized
        }
        guard Self.constantTimeEqual(Array(header.utf8.dropFirst(7)), expected) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    /// Compares every byte of the longer input; the result depends on content and length only.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt64(lhs.count ^ rhs.count)
        let length = max(lhs.count, rhs.count)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= UInt64(left ^ right)
        }
        return difference == 0
    }
}
