import NIOCore

/// How a `FabricController` listens and paces discovery, keepalive and statistics.
public struct ControllerConfiguration: Sendable {
    /// Where switches connect.
    public enum Listen: Sendable, CustomStringConvertible {
        /// Bind `host:port` (port 0 picks a free one; `boundPort` tells which).
        case tcp(host: String, port: Int)
        /// Accept on a socket that is already bound and listening (e.g. inside another network
        /// namespace); the controller takes ownership and closes it.
        case boundSocket(NIOBSDSocket.Handle)
        /// A Unix domain socket at `path` (Open vSwitch's `unix:PATH` controller target); reaches switches
        /// in other network namespaces of the same machine.
        case unixDomainSocket(path: String)

        public var description: String {
            switch self {
            case let .tcp(host, port): "\(host):\(port)"
            case let .boundSocket(handle): "socket \(handle)"
            case let .unixDomainSocket(path): "unix:\(path)"
            }
        }
    }

    public var listen: Listen
    /// Written into every LLDP frame; frames from other instances are ignored.
    public var instanceName: String
    /// Seconds between LLDP rounds on every port.
    public var lldpIntervalSeconds: Double
    /// A link not heard of for this long is withdrawn.
    public var linkTimeoutSeconds: Double
    /// Seconds of silence from a switch before an ECHO_REQUEST is sent.
    public var echoIntervalSeconds: Double
    /// Seconds of silence after which a switch is declared dead and disconnected.
    public var deadPeerSeconds: Double
    /// Seconds between port-statistics polls; 0 disables polling.
    public var statsIntervalSeconds: Double
    /// Deadline for any reply (handshake, multipart, barrier).
    public var requestTimeoutSeconds: Double
    /// PACKET_IN admission per switch: average rate and burst (token bucket).
    public var packetInRatePerSecond: Double
    public var packetInBurst: Double
    /// Capacity given to discovered links whose ports report no speed (OVS patch ports) and whose
    /// stored ports give none either.
    public var defaultLinkCapacityBps: Double
    /// After a start, the stored fabric is believed until every stored switch has reconnected or this
    /// many seconds passed: a switch that has not reconnected yet is not a topology change. Well above
    /// Open vSwitch's reconnect back-off (up to 8 s by default).
    public var restartGraceSeconds: Double
    /// Which switches join the fabric: by default only those in the inventory (the stored topology).
    public var admission: SwitchAdmission
    /// OpenFlow over TLS with mutual authentication; `nil` for plain TCP.
    public var tls: ControllerTLS?

    public init(
        listen: Listen = .tcp(host: "0.0.0.0", port: 6653),
        instanceName: String = "weft",
        lldpIntervalSeconds: Double = 1,
        linkTimeoutSeconds: Double? = nil,
        echoIntervalSeconds: Double = 2,
        deadPeerSeconds: Double = 6,
        statsIntervalSeconds: Double = 1,
        requestTimeoutSeconds: Double = 5,
        packetInRatePerSecond: Double = 500,
        packetInBurst: Double = 1000,
        defaultLinkCapacityBps: Double = 10e9,
        restartGraceSeconds: Double = 30,
        admission: SwitchAdmission = .storedSwitches,
        tls: ControllerTLS? = nil
    ) {
        self.listen = listen
        self.instanceName = instanceName
        self.lldpIntervalSeconds = lldpIntervalSeconds
        self.linkTimeoutSeconds = linkTimeoutSeconds ?? 3 * lldpIntervalSeconds + 0.5
        self.echoIntervalSeconds = echoIntervalSeconds
        self.deadPeerSeconds = deadPeerSeconds
        self.statsIntervalSeconds = statsIntervalSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.packetInRatePerSecond = packetInRatePerSecond
        self.packetInBurst = packetInBurst
        self.defaultLinkCapacityBps = defaultLinkCapacityBps
        self.restartGraceSeconds = restartGraceSeconds
        self.admission = admission
        self.tls = tls
    }

    /// What is wrong with the settings, one line each.
    public func problems() -> [String] {
        var found: [String] = []
        if case let .tcp(_, port) = listen, !(0...65535).contains(port) { found.append("listen port \(port) is outside 0...65535") }
        for (name, value) in [("LLDP interval", lldpIntervalSeconds), ("link timeout", linkTimeoutSeconds), ("echo interval", echoIntervalSeconds),
                              ("dead-peer timeout", deadPeerSeconds), ("request timeout", requestTimeoutSeconds),
                              ("PACKET_IN rate", packetInRatePerSecond), ("PACKET_IN burst", packetInBurst)] where !(value > 0) || !value.isFinite {
            found.append("\(name) must be a positive number of seconds (got \(value))")
        }
        if restartGraceSeconds < 0 || !restartGraceSeconds.isFinite { found.append("restart grace must be 0 or positive seconds (got \(restartGraceSeconds))") }
        if statsIntervalSeconds < 0 || !statsIntervalSeconds.isFinite { found.append("stats interval must be 0 or positive (got \(statsIntervalSeconds))") }
        if linkTimeoutSeconds <= lldpIntervalSeconds { found.append("link timeout (\(linkTimeoutSeconds) s) must exceed the LLDP interval (\(lldpIntervalSeconds) s)") }
        return found
    }
}
