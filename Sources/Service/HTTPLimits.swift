/// How long `weft serve` waits for each part of a request and how many connections it keeps, so idle,
/// slow (slowloris) and oversized clients cannot hold connections or memory.
public struct HTTPLimits: Hashable, Sendable {
    /// From the first byte of a request until its head (request line and headers) is complete.
    public var headerTimeout: Duration
    /// From the end of the head until the body is complete.
    public var bodyTimeout: Duration
    /// How long a keep-alive connection may sit between requests without sending anything.
    public var idleTimeout: Duration
    /// From the end of the head until the response is complete.
    public var requestTimeout: Duration
    /// Open connections served at once; each one beyond gets 503 and is closed.
    public var maxConnections: Int

    /// The limits `weft serve` applies to every connection; the defaults are its option defaults.
    public init(headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60),
                requestTimeout: Duration = .seconds(60), maxConnections: Int = 512) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
    }
}
