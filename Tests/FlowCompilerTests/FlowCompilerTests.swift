import FlowCompiler
import Testing
import Topology
import TopologyFormats

@Suite("Flow compiler")
struct FlowCompilerTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()

    func compile(_ topology: Topology, version: UInt32 = 7) throws -> FabricProgram {
        try FlowCompiler().compile(RoutingPlan.shortestPaths(in: topology, version: version), for: topology)
    }

    @Test("shortest-path plan: every leaf pair gets one two-hop path per spine")
    func shortestPathsUseEverySpine() {
        let plan = RoutingPlan.shortestPaths(in: fabric, version: 1)
        #expect(plan.routes.count == 6)
        for (pair, paths) in plan.routes {
            #expect(paths.count == 2, "\(pair)")
            #expect(Set(paths.map { $0.links[0].target.node }) == ["spine1", "spine2"])
            #expect(paths.allSatisfy { $0.links.count == 2 && $0.links.last?.target.node == pair.destination })
        }
    }

    @Test("a down link is not used by the shortest-path plan")
    func shortestPathsAvoidDownLinks() throws {
        var topology = fabric
        let index = try #require(topology.linkIndex(named: "leaf1:3->spine1:1"))
        topology.links[index].isUp = false
        let plan = RoutingPlan.shortestPaths(in: topology, version: 1)
        let paths = try #require(plan.routes[.init(source: "leaf1", destination: "leaf2")])
        #expect(paths.map { $0.links[0].name } == ["leaf1:4->spine2:1"])
    }

    @Test("entry counts: a leaf holds 22 entries and a spine 12 in a 2x3 fabric with 2 hosts per leaf")
    func entryCountsOnSmallFabric() throws {
        let program = try compile(fabric)
        let leaf = try #require(program.switches["leaf1"])
        #expect(leaf.flowsPerTable == [0: 12, 1: 1, 2: 9])
        let spine = try #require(program.switches["spine1"])
        #expect(spine.flowsPerTable == [0: 5, 2: 7])
        print(program.summary)
    }

    @Test("entry counts grow with hosts plus leaves, not with host pairs")
    func entryCountsGrowLinearly() throws {
        let small = try compile(SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: 4).generate())
        let double = try compile(SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: 8).generate())
        // Four more hosts on a leaf: six entries each on that leaf (two control-frame drops, two admission,
        // two delivery), none elsewhere.
        #expect((double.switches["leaf1"]?.flows.count ?? 0) - (small.switches["leaf1"]?.flows.count ?? 0) == 24)
        #expect(double.switches["spine1"]?.flows.count == small.switches["spine1"]?.flows.count)
        let wide = try compile(SpineLeafGenerator(spines: 2, leaves: 8, hostsPerLeaf: 4).generate())
        // Four more leaves: two forwarding entries per new leaf on a leaf; on a spine also one fabric port each.
        #expect((wide.switches["leaf1"]?.flows.count ?? 0) - (small.switches["leaf1"]?.flows.count ?? 0) == 8)
        #expect((wide.switches["spine1"]?.flows.count ?? 0) - (small.switches["spine1"]?.flows.count ?? 0) == 12)
    }

    @Test("every entry carries the plan version in a Weft cookie")
    func cookiesCarryTheVersion() throws {
        let program = try compile(fabric, version: 0xABCD)
        for (name, item) in program.switches {
            for flow in item.flows {
                #expect(flow.cookie.isWeft && flow.cookie.version == 0xABCD, "\(name): \(flow)")
                #expect(flow.cookie.value & FlowCookie.versionMask == FlowCookie.version(0xABCD))
            }
        }
    }

    @Test("host ports admit only the attached host's port, MAC and address; the rest is dropped at priority 0")
    func hostPortsAreAntiSpoofed() throws {
        let program = try compile(fabric)
        let leaf = try #require(program.switches["leaf2"])
        let admission = leaf.flows.filter { $0.table == 0 && $0.cookie.purpose == .admission }
        #expect(admission.count == 4)
        for host in fabric.hosts(attachedTo: "leaf2") {
            let ip = FlowRule.Match(inPort: host.attachment.port, ethType: EtherType.ipv4, ethSource: host.mac, ipv4Source: host.ip)
            let arp = FlowRule.Match(inPort: host.attachment.port, ethType: EtherType.arp, ethSource: host.mac, arpSenderIP: host.ip)
            #expect(admission.contains { $0.match == ip && $0.gotoTable == 1 })
            #expect(admission.contains { $0.match == arp && $0.gotoTable == 1 })
        }
        let drop = try #require(leaf.flows.first { $0.table == 0 && $0.match == .init() })
        #expect(drop.priority == 0 && drop.actions.isEmpty && drop.gotoTable == nil)
        #expect(leaf.flows.contains { $0.table == 0 && $0.match == .init(ethType: EtherType.lldp) && $0.actions == [.controller] })
    }

    @Test("host ports drop LLDP and link-local control frames above the LLDP punt; fabric ports have no such entry")
    func hostControlFramesAreDroppedAtTheSwitch() throws {
        let program = try compile(fabric)
        let leaf = try #require(program.switches["leaf2"])
        let control = leaf.flows.filter { $0.cookie.purpose == .hostControl }
        let hostPorts = Set(fabric.hosts(attachedTo: "leaf2").map(\.attachment.port))
        #expect(control.count == 2 * hostPorts.count)
        for port in hostPorts {
            let lldp = FlowRule.Match(inPort: port, ethType: EtherType.lldp)
            let linkLocal = FlowRule.Match(inPort: port, ethDestination: FlowCompiler.linkLocalControl,
                                           ethDestinationMask: FlowCompiler.linkLocalControlMask)
            for match in [lldp, linkLocal] {
                let entry = try #require(control.first { $0.match == match }, "no drop entry \(match.ofctlFields) on port \(port)")
                #expect(entry.table == 0 && entry.actions.isEmpty && entry.gotoTable == nil)
                #expect(entry.priority > FlowCompiler.Priority.discovery)
            }
        }
        #expect(control.allSatisfy { hostPorts.contains($0.match.inPort ?? 0) })
        #expect(try #require(program.switches["spine1"]).flows.allSatisfy { $0.cookie.purpose != .hostControl })
        let linkLocal = try #require(control.first { $0.match.ethDestinationMask != nil })
        #expect(linkLocal.match.ofctlFields.contains("dl_dst=01:80:c2:00:00:00/ff:ff:ff:ff:ff:f0"))
        #expect(FlowRule.Match(linkLocal.match.openFlowMatch) == linkLocal.match)
    }

    @Test("remote leaves are reached by one prefix each, IPv4 and ARP, through an even select group")
    func remoteLeavesUseSelectGroups() throws {
        let program = try compile(fabric)
        let leaf = try #require(program.switches["leaf1"])
        #expect(leaf.groups.count == 2)
        for group in leaf.groups {
            #expect(group.buckets == [.init(weight: 1000, port: 3), .init(weight: 1000, port: 4)])
        }
        let towardsLeaf2 = leaf.flows.filter { $0.match.ipv4Destination?.description == "10.0.2.0/30" || $0.match.arpTargetIP?.description == "10.0.2.0/30" }
        #expect(towardsLeaf2.count == 2)
        #expect(Set(towardsLeaf2.flatMap(\.actions)).count == 1)
        let spine = try #require(program.switches["spine2"])
        #expect(spine.groups.isEmpty)
        #expect(spine.flows.contains { $0.match == .init(ethType: EtherType.ipv4, ipv4Destination: IPv4Prefix(IPv4Address(0x0A00_0300), length: 30)) && $0.actions == [.output(3)] })
    }

    @Test("bucket weights are proportional to the planned path rates")
    func bucketWeightsFollowRates() throws {
        var plan = RoutingPlan.shortestPaths(in: fabric, version: 3)
        let pair = RoutingPlan.SwitchPair(source: "leaf1", destination: "leaf3")
        plan.routes[pair] = try #require(plan.routes[pair]).map { path in
            var rated = path
            rated.rateBps = path.links[0].target.node == "spine1" ? 3e9 : 1e9
            return rated
        }
        let leaf = try #require(try FlowCompiler().compile(plan, for: fabric).switches["leaf1"])
        let group = try #require(leaf.groups.first { $0.id == 1 << 16 | 5 })
        #expect(group.buckets == [.init(weight: 1000, port: 3), .init(weight: 333, port: 4)])
    }

    @Test("a capped class gets a meter and a classification entry per DSCP value")
    func cappedClassesAreMetered() throws {
        var plan = RoutingPlan.shortestPaths(in: fabric, version: 2)
        plan.classes = [.init(name: "bulk", dscp: [8, 10], queue: 1, capBps: 2e9), .init(name: "gold", dscp: [46], queue: 2)]
        let leaf = try #require(try FlowCompiler().compile(plan, for: fabric).switches["leaf1"])
        #expect(leaf.meters.filter { $0.rateKbps != FlowCompiler.countingRateKbps } == [MeterEntry(id: 1, rateKbps: 2_000_000, burstKbits: 200_000)])
        let classified = leaf.flows.filter { $0.table == 1 && $0.match.ipDSCP != nil }.sorted { ($0.match.ipDSCP ?? 0) < ($1.match.ipDSCP ?? 0) }
        #expect(classified.map(\.match.ipDSCP) == [8, 10, 46])
        #expect(classified.map(\.meter) == [1, 1, nil])
        #expect(classified.map(\.actions) == [[.setQueue(1)], [.setQueue(1)], [.setQueue(2)]])
    }

    @Test("versions of opposite parity use different group and meter ids, so both can coexist")
    func groupIDsAlternateWithVersionParity() throws {
        let even = try compile(fabric, version: 4)
        let odd = try compile(fabric, version: 5)
        let evenIDs = Set(even.switches.values.flatMap(\.groups).map(\.id))
        let oddIDs = Set(odd.switches.values.flatMap(\.groups).map(\.id))
        #expect(!evenIDs.isEmpty && evenIDs.isDisjoint(with: oddIDs))
    }

    @Test("a path over a link the topology lacks is refused, naming the pair and the link")
    func unknownLinkIsRefused() throws {
        var plan = RoutingPlan.shortestPaths(in: fabric, version: 1)
        let bogus = Link(source: LinkEnd(node: "leaf1", port: 9), target: LinkEnd(node: "spine1", port: 1), capacityBps: 1e9)
        let to = Link(source: LinkEnd(node: "spine1", port: 2), target: LinkEnd(node: "leaf2", port: 3), capacityBps: 1e9)
        plan.routes[.init(source: "leaf1", destination: "leaf2")] = [.init(links: [bogus, to])]
        #expect(throws: FlowCompilerError.brokenPath(pair: "leaf1->leaf2", reason: "link leaf1:9->spine1:1 is not in the topology")) {
            try FlowCompiler().compile(plan, for: fabric)
        }
    }

    @Test("paths whose union loops towards a destination are refused")
    func loopingPathsAreRefused() throws {
        var plan = RoutingPlan.shortestPaths(in: fabric, version: 1)
        func link(_ name: String) throws -> Link { fabric.links[try #require(fabric.linkIndex(named: name))] }
        // leaf1 -> spine1 -> leaf2 -> spine2 -> leaf1 -> spine1 -> leaf3: leaf1 forwards towards leaf3 twice.
        plan.routes[.init(source: "leaf1", destination: "leaf3")] = [.init(links: [
            try link("leaf1:3->spine1:1"), try link("spine1:2->leaf2:3"), try link("leaf2:4->spine2:2"), try link("spine2:1->leaf1:4"),
            try link("leaf1:3->spine1:1"), try link("spine1:3->leaf3:3"),
        ])]
        #expect(throws: FlowCompilerError.self) { try FlowCompiler().compile(plan, for: fabric) }
    }
}
