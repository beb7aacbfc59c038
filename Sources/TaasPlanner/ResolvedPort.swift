import Topology

/// A port reference found in a topology: the switch port and the host on it, if any.
public struct ResolvedPort: Hashable, Sendable {
    public var reference: PortReference
    public var end: LinkEnd
    public var port: Port
    public var host: Host?

    /// The tenant that owns the port: its host's tenant; `nil` for a port with no host
    /// (a dedicated appliance port, owned by no tenant).
    public var tenant: String? { host?.tenant }
}
