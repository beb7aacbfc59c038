import Topology

/// Builds a two-tier Clos (spine-leaf) fabric: every leaf has one uplink to every spine.
///
/// Leaf ports `1...hostsPerLeaf` face hosts, ports `hostsPerLeaf+1...` face spines in spine order;
/// spine port `j` faces leaf `j`. Hosts are spread over `tenants` round-robin.
public struct SpineLeafGenerator: Hashable, Sendable, Codable {
    public var spines: Int
    public var leaves: Int
    public var hostsPerLeaf: Int
    public var uplinkBps: Double
    public var downlinkBps: Double
    public var tenants: Int
    public var linkLatencySeconds: Double

    public init(spines: Int, leaves: Int, hostsPerLeaf: Int = 2, uplinkBps: Double = 100e9, downlinkBps: Double = 25e9, tenants: Int = 1, linkLatencySeconds: Double = 1e-6) {
        self.spines = spines
        self.leaves = leaves
        self.hostsPerLeaf = hostsPerLeaf
        self.uplinkBps = uplinkBps
        self.downlinkBps = downlinkBps
        self.tenants = tenants
        self.linkLatencySeconds = linkLatencySeconds
    }

    /// What is wrong with the parameters, if anything.
    public func problems() -> [String] {
        var found: [String] = []
        if spines < 1 { found.append("spines must be at least 1 (got \(spines))") }
        if leaves < 1 { found.append("leaves must be at least 1 (got \(leaves))") }
        if hostsPerLeaf < 0 || hostsPerLeaf > 250 { found.append("hosts per leaf must be 0...250 (got \(hostsPerLeaf))") }
        if leaves > 65_535 { found.append("leaves must be at most 65535 (got \(leaves))") }
        if !(uplinkBps > 0) { found.append("uplink speed must be positive (got \(uplinkBps))") }
        if !(downlinkBps > 0) { found.append("downlink speed must be positive (got \(downlinkBps))") }
        if tenants < 1 { found.append("tenants must be at least 1 (got \(tenants))") }
        return found
    }

    /// The fabric; call `problems()` first, parameters out of range give an empty or partial fabric.
    public func generate() -> Topology {
        let tenantNames = tenants == 1 ? ["default"] : (1...max(tenants, 1)).map { "tenant\($0)" }
        var switches: [Switch] = []
        var links: [Link] = []
        var hosts: [Host] = []
        for spine in 1...max(spines, 1) where spine <= spines {
            let ports = (1...max(leaves, 1)).map { leaf in
                Port(number: UInt32(leaf), name: "eth\(leaf)", mac: portMAC(kind: 1, switch: spine, port: leaf), speedBps: uplinkBps)
            }
            switches.append(Switch(name: "spine\(spine)", datapathID: DatapathID(0x1_0000 + UInt64(spine)), role: .spine, ports: ports))
        }
        var hostIndex = 0
        for leaf in 1...max(leaves, 1) where leaf <= leaves {
            let name = "leaf\(leaf)"
            var ports: [Port] = []
            for slot in 1...max(hostsPerLeaf, 1) where slot <= hostsPerLeaf {
                ports.append(Port(number: UInt32(slot), name: "eth\(slot)", mac: portMAC(kind: 2, switch: leaf, port: slot), speedBps: downlinkBps))
                hosts.append(Host(
                    name: "h\(leaf)-\(slot)",
                    mac: MACAddress(0x0200_0000_0000 | UInt64(leaf) << 8 | UInt64(slot)),
                    ip: IPv4Address(0x0A00_0000 | UInt32(leaf) << 8 | UInt32(slot)),
                    attachment: LinkEnd(node: name, port: UInt32(slot)),
                    tenant: tenantNames[hostIndex % tenantNames.count]
                ))
                hostIndex += 1
            }
            for spine in 1...max(spines, 1) where spine <= spines {
                let port = UInt32(hostsPerLeaf + spine)
                ports.append(Port(number: port, name: "eth\(port)", mac: portMAC(kind: 2, switch: leaf, port: Int(port)), speedBps: uplinkBps))
                let up = LinkEnd(node: name, port: port)
                let down = LinkEnd(node: "spine\(spine)", port: UInt32(leaf))
                links.append(Link(source: up, target: down, capacityBps: uplinkBps, latencySeconds: linkLatencySeconds))
                links.append(Link(source: down, target: up, capacityBps: uplinkBps, latencySeconds: linkLatencySeconds))
            }
            switches.append(Switch(name: name, datapathID: DatapathID(0x2_0000 + UInt64(leaf)), role: .leaf, ports: ports))
        }
        return Topology(
            name: "spine-leaf-\(spines)x\(leaves)",
            switches: switches,
            links: links,
            hosts: hosts,
            tenants: tenantNames.map { Tenant(name: $0) }
        )
    }

    private func portMAC(kind: UInt64, switch index: Int, port: Int) -> MACAddress {
        MACAddress(0x0600_0000_0000 | kind << 32 | UInt64(index) << 16 | UInt64(port))
    }
}
