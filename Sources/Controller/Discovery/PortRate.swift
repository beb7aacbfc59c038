import Topology

/// Receive and transmit rates of one switch port, from two consecutive port-statistics samples.
public struct PortRate: Hashable, Sendable, CustomStringConvertible {
    public var port: LinkEnd
    public var rxBps: Double
    public var txBps: Double
    public var rxPacketsPerSecond: Double
    public var txPacketsPerSecond: Double
    /// Length of the sampling interval in seconds.
    public var intervalSeconds: Double

    public init(port: LinkEnd, rxBps: Double, txBps: Double, rxPacketsPerSecond: Double, txPacketsPerSecond: Double, intervalSeconds: Double) {
        self.port = port
        self.rxBps = rxBps
        self.txBps = txBps
        self.rxPacketsPerSecond = rxPacketsPerSecond
        self.txPacketsPerSecond = txPacketsPerSecond
        self.intervalSeconds = intervalSeconds
    }

    public var description: String {
        "\(port): rx \(Int(rxBps)) bit/s, tx \(Int(txBps)) bit/s over \(intervalSeconds) s"
    }
}
