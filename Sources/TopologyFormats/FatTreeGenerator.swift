import Topology

/// Builds a k-ary fat tree (Al-Fares et al., SIGCOMM 2008): `k` pods of `k/2` edge and `k/2`
/// aggregation switches, `(k/2)²` core switches, `k/2` hosts per edge switch — `k³/4` hosts in all.
///
/// Names and ports:
/// - edge switch `e<pod>-<i>`: ports `1...k/2` face hosts `h<pod>-<i>-<n>` (IP `10.pod.i.n`),
///   ports `k/2+1...k` face aggregation switches `a<pod>-1...` in order;
/// - aggregation switch `a<pod>-<j>`: ports `1...k/2` face edge switches `e<pod>-1...`,
///   ports `k/2+1...k` face core switches `c<(j-1)·k/2 + m>` for `m = 1...k/2`;
/// - core switch `c<n>`: port `p` faces pod `p`.
///
/// Every cable is two directed links, so the fabric has `k³` directed links (`k³/2` cables).
/// Pods and the indices within them are 1-based.
public struct FatTreeGenerator: Hashable, Sendable, Codable {
    public var k: Int
    /// Rate of switch-to-switch links.
    public var fabricBps: Double
    /// Rate of edge-switch-to-host links.
    public var hostBps: Double
    public var tenants: Int
    public var linkLatencySeconds: Double

    public init(k: Int, fabricBps: Double = 100e9, hostBps: Double = 25e9, tenants: Int = 1, linkLatencySeconds: Double = 1e-6) {
        self.k = k
        self.fabricBps = fabricBps
        self.hostBps = hostBps
        self.tenants = tenants
        self.linkLatencySeconds = linkLatencySeconds
    }

    /// The largest `k` accepted: 65 536 hosts and 262 144 directed links, beyond any fabric Weft plans.
    public static let maximumK = 64

    /// What is wrong with the parameters, if anything.
    public func problems() -> [String] {
        var found: [String] = []
        if k < 2 || k % 2 != 0 || k > Self.maximumK { found.append("k must be an even number in 2...\(Self.maximumK) (got \(k))") }
        if !(fabricBps > 0) || !fabricBps.isFinite { found.append("fabric link speed must be positive (got \(fabricBps))") }
        if !(hostBps > 0) || !hostBps.isFinite { found.append("host link speed must be positive (got \(hostBps))") }
        if tenants < 1 { found.append("tenants must be at least 1 (got \(tenants))") }
        return found
    }

    /// The fabric; call `problems()` first, parameters out of range give an empty or partial fabric.
    public func generate() -> Topology {
        guard problems().isEmpty else { return Topology(name: "fat-tree-k\(k)") }
        let half = k / 2
        let tenantNames = tenants == 1 ? ["default"] : (1...tenants).map { "tenant\($0)" }
        var switches: [Switch] = []
        var links: [Link] = []
        var hosts: [Host] = []

        func cable(_ a: LinkEnd, _ b: LinkEnd) {
            links.append(Link(source: a, target: b, capacityBps: fabricBps, latencySeconds: linkLatencySeconds))
            links.append(Link(source: b, target: a, capacityBps: fabricBps, latencySeconds: linkLatencySeconds))
        }
        func ports(_ range: ClosedRange<Int>, speed: Double, kind: UInt64, index: Int) -> [Port] {
            range.map { number in
                Port(number: UInt32(number), name: "eth\(number)", mac: MACAddress(0x0600_0000_0000 | kind << 32 | UInt64(index) << 16 | UInt64(number)), speedBps: speed)
            }
        }

        for core in 1...(half * half) {
            switches.append(Switch(name: "c\(core)", datapathID: DatapathID(0x1_0000 + UInt64(core)), role: .core, ports: ports(1...k, speed: fabricBps, kind: 1, index: core)))
        }
        var hostIndex = 0
        for pod in 1...k {
            for agg in 1...half {
                let index = pod << 8 | agg
                switches.append(Switch(
                    name: "a\(pod)-\(agg)", datapathID: DatapathID(0x3_0000 + UInt64(index)), role: .aggregation,
                    ports: ports(1...k, speed: fabricBps, kind: 3, index: index)
                ))
                for uplink in 1...half {
                    let core = (agg - 1) * half + uplink
                    cable(LinkEnd(node: "a\(pod)-\(agg)", port: UInt32(half + uplink)), LinkEnd(node: "c\(core)", port: UInt32(pod)))
                }
            }
            for edge in 1...half {
                let index = pod << 8 | edge
                let name = "e\(pod)-\(edge)"
                switches.append(Switch(
                    name: name, datapathID: DatapathID(0x4_0000 + UInt64(index)), role: .edge,
                    ports: ports(1...half, speed: hostBps, kind: 4, index: index) + ports((half + 1)...k, speed: fabricBps, kind: 4, index: index)
                ))
                for agg in 1...half {
                    cable(LinkEnd(node: name, port: UInt32(half + agg)), LinkEnd(node: "a\(pod)-\(agg)", port: UInt32(edge)))
                }
                for slot in 1...half {
                    hosts.append(Host(
                        name: "h\(pod)-\(edge)-\(slot)",
                        mac: MACAddress(0x0200_0000_0000 | UInt64(pod) << 16 | UInt64(edge) << 8 | UInt64(slot)),
                        ip: IPv4Address(0x0A00_0000 | UInt32(pod) << 16 | UInt32(edge) << 8 | UInt32(slot)),
                        attachment: LinkEnd(node: name, port: UInt32(slot)),
                        tenant: tenantNames[hostIndex % tenantNames.count]
                    ))
                    hostIndex += 1
                }
            }
        }
        return Topology(name: "fat-tree-k\(k)", switches: switches, links: links, hosts: hosts, tenants: tenantNames.map { Tenant(name: $0) })
    }
}
