/// An endpoint (VM, server) attached to a switch port, owned by a tenant.
public struct Host: Hashable, Sendable, Codable {
    public var name: String
    public var mac: MACAddress
    public var ip: IPv4Address
    public var attachment: LinkEnd
    public var tenant: String

    public init(name: String, mac: MACAddress, ip: IPv4Address, attachment: LinkEnd, tenant: String) {
        self.name = name
        self.mac = mac
        self.ip = ip
        self.attachment = attachment
        self.tenant = tenant
    }

    enum CodingKeys: String, CodingKey {
        case name, mac, ip
        case attachment = "attached_to"
        case tenant
    }
}
