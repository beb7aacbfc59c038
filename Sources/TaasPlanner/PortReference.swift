import Topology

/// A port named the way an operator names it: by the host attached to it (`h1-1`) or as `switch:port`
/// (`leaf1:3`). TaaS names Neutron ports by UUID; in a fabric the host or the switch port is the natural key.
public enum PortReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    case host(String)
    case switchPort(LinkEnd)

    /// Parses `switch:port` (the text after the last `:` is a port number) or else a host name;
    /// `nil` for empty text.
    public init?(_ text: String) {
        let trimmed = Substring(text).trimmed()
        guard !trimmed.isEmpty else { return nil }
        if let colon = trimmed.lastIndex(of: ":"), colon != trimmed.startIndex,
           let number = UInt32(trimmed[trimmed.index(after: colon)...]) {
            self = .switchPort(LinkEnd(node: String(trimmed[..<colon]), port: number))
        } else {
            self = .host(String(trimmed))
        }
    }

    public var description: String {
        switch self {
        case .host(let name): name
        case .switchPort(let end): end.description
        }
    }

    public static func < (lhs: PortReference, rhs: PortReference) -> Bool {
        lhs.description < rhs.description
    }

    /// Finds the port in `topology`. A mirror endpoint must be an edge port: a port that carries a
    /// fabric link is refused, as is a port that is down.
    public func resolve(in topology: Topology, as role: TapPortRole) throws(TapError) -> ResolvedPort {
        let end: LinkEnd
        switch self {
        case .host(let name):
            guard let host = topology.hostNamed(name) else { throw .unknownPort(self, role: role) }
            end = host.attachment
        case .switchPort(let given):
            end = given
        }
        guard let owner = topology.switchNamed(end.node), let port = owner.port(end.port) else {
            throw .unknownPort(self, role: role)
        }
        if let link = topology.outgoingLinkIndices(of: end.node).first(where: { topology.links[$0].source == end }) {
            throw .fabricPort(self, role: role, link: topology.links[link].name)
        }
        guard port.isUp else { throw .portDown(self, role: role) }
        let host = topology.hosts.first { $0.attachment == end }
        return ResolvedPort(reference: self, end: end, port: port, host: host)
    }
}

extension PortReference: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let reference = PortReference(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "empty port reference (expected a host name or switch:port)")
        }
        self = reference
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmed() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return self[first...last]
    }
}
