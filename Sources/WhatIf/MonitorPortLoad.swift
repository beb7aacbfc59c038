/// A tap service's monitor port: its speed and the copies it receives.
public struct MonitorPortLoad: Hashable, Sendable, Codable {
    public var service: String
    /// The monitor host (or `switch:port` when no host is attached).
    public var host: String
    public var port: String
    public var speedBps: Double
    public var loadBps: Double

    public init(service: String, host: String, port: String, speedBps: Double, loadBps: Double) {
        self.service = service
        self.host = host
        self.port = port
        self.speedBps = speedBps
        self.loadBps = loadBps
    }
}
