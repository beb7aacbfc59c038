/// Counters and timings a running controller reports (for logs, metrics and tests).
public struct ControllerStatistics: Hashable, Sendable {
    public var connectedSwitches = 0
    public var lldpFramesSent: UInt64 = 0
    public var lldpFramesReceived: UInt64 = 0
    /// PACKET_INs refused by the per-switch token buckets.
    public var packetInsDropped: UInt64 = 0
    /// PACKET_INs that were not LLDP (ignored: the pipeline is proactive).
    public var packetInsIgnored: UInt64 = 0
    /// Program versions installed with make-before-break.
    public var programsInstalled = 0
    /// Programming passes that compiled (the topology, the applied plan or the mirror changed, or a
    /// switch needed reconciling); a pass whose inputs did not change compiles nothing.
    public var programsCompiled = 0
    /// Reconciliations of a (re)connected switch.
    public var reconciliations = 0
    /// Flow entries removed by reconciliation because they were not desired.
    public var flowsRemovedByReconcile = 0
    /// Flow entries added by reconciliation because they were missing.
    public var flowsAddedByReconcile = 0
    /// Errors switches reported for flow, group or meter modifications.
    public var switchErrors = 0
    /// Role requests switches refused (`OFPRRFC_STALE`: another controller claimed a newer generation).
    public var roleRequestsRefused = 0
    /// The installed program version (the cookie's version field).
    public var programVersion: UInt32 = 0
    /// Seconds from the last failure PORT_STATUS to the barrier reply of the reprogramming it caused.
    public var lastRerouteSeconds: Double?
    /// LLDP and link-local control frames hosts sent, dropped by the host-port entries of table 0 (as
    /// of the last statistics round or `sampleControlFramesDropped()`).
    public var hostControlFramesDropped: UInt64 = 0
    /// LLDP frames that reached the controller from a host port anyway (ignored; the switch's table 0
    /// should have dropped them, e.g. it was not programmed yet).
    public var lldpFromHostPorts: UInt64 = 0
    /// Connections closed after the handshake because their datapath id is not admitted.
    public var switchesRefused: UInt64 = 0
    /// Distinct datapath ids refused so far.
    public var unknownDatapathIDs = 0
    /// Connections that never completed the OpenFlow handshake (wrong version, junk, silence).
    public var handshakesFailed: UInt64 = 0
    /// Connections refused in the TLS handshake (no certificate, or one the CA did not sign).
    public var tlsHandshakesFailed: UInt64 = 0
    /// Warnings about peers left out of the log by the rate limit.
    public var peerWarningsSuppressed: UInt64 = 0
    /// Seconds from what let the newest link be discovered to the controller learning it, on the
    /// controller's clock: from the later of the last switch connection (accepted) and the last port a
    /// switch reported up (PORT_STATUS), whichever came last before that link's LLDP arrived.
    public var lastDiscoverySeconds: Double?
    /// Seconds from start until the discovered topology last changed.
    public var lastTopologyChangeSeconds: Double?

    public init() {}
}
