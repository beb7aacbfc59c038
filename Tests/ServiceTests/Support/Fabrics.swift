import Topology
import TopologyFormats

/// Small fabrics the API tests run against.
enum Fabrics {
    /// 2 spines × 3 leaves, 2 hosts per leaf over two tenants (`h1-1` tenant1, `h1-2` tenant2, …),
    /// 10 Gbit/s everywhere.
    static func spineLeaf(spines: Int = 2, leaves: Int = 3, uplinkBps: Double = 10e9) -> Topology {
        SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: 2, uplinkBps: uplinkBps, downlinkBps: 10e9, tenants: 2).generate()
    }

    /// Four switches `a → b → d` and `a → b → c → d` (10 Gbit/s links, both directions), hosts `ha1`,
    /// `ha2` on `a`, `hd` on `d`, `hb` on `b`: the detour via `c` shares `a → b` with the direct path.
    static func diamond() -> Topology {
        func port(_ number: UInt32) -> Port { Port(number: number, name: "p\(number)", speedBps: 10e9) }
        func cable(_ a: String, _ ap: UInt32, _ b: String, _ bp: UInt32) -> [Link] {
            [Link(source: LinkEnd(node: a, port: ap), target: LinkEnd(node: b, port: bp), capacityBps: 10e9),
             Link(source: LinkEnd(node: b, port: bp), target: LinkEnd(node: a, port: ap), capacityBps: 10e9)]
        }
        let switches = [
            Switch(name: "a", datapathID: DatapathID(1), role: .leaf, ports: [port(1), port(2), port(10)]),
            Switch(name: "b", datapathID: DatapathID(2), role: .spine, ports: [port(1), port(2), port(3), port(4)]),
            Switch(name: "c", datapathID: DatapathID(3), role: .spine, ports: [port(1), port(2)]),
            Switch(name: "d", datapathID: DatapathID(4), role: .leaf, ports: [port(1), port(2), port(10)]),
        ]
        let links = cable("a", 10, "b", 1) + cable("b", 2, "d", 10) + cable("b", 3, "c", 1) + cable("c", 2, "d", 2)
        let hosts = [
            Host(name: "ha1", mac: MACAddress(0x0200_0000_0001), ip: IPv4Address(0x0A00_0001), attachment: LinkEnd(node: "a", port: 1), tenant: "t"),
            Host(name: "ha2", mac: MACAddress(0x0200_0000_0002), ip: IPv4Address(0x0A00_0002), attachment: LinkEnd(node: "a", port: 2), tenant: "t"),
            Host(name: "hd", mac: MACAddress(0x0200_0000_0004), ip: IPv4Address(0x0A00_0004), attachment: LinkEnd(node: "d", port: 1), tenant: "t"),
            Host(name: "hb", mac: MACAddress(0x0200_0000_0003), ip: IPv4Address(0x0A00_0003), attachment: LinkEnd(node: "b", port: 4), tenant: "t"),
        ]
        return Topology(name: "diamond", switches: switches, links: links, hosts: hosts, tenants: [Tenant(name: "t")])
    }
}
