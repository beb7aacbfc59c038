@testable import FlowCompiler
import OpenFlow
import Optimizer
import Testing
import Topology
import TopologyFormats

/// Classification at the ingress leaf and enforcement per (ingress leaf, egress leaf, class) aggregate.
@Suite("Class aggregates at the edge")
struct ClassAggregateTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 100e9, downlinkBps: 400e9).generate()

    /// Gold 30 Gbit/s and bronze 150 Gbit/s from leaf1 to leaf3 (200 Gbit/s of uplinks), plus silver leaf2 -> leaf1.
    func plan(catalog: QoSClassCatalog = .defaults, version: UInt32 = 2) throws -> RoutingPlan {
        let demands = [
            Demand(source: "leaf1", destination: "leaf3", rateBps: 30e9, qosClass: .gold),
            Demand(source: "leaf1", destination: "leaf3", rateBps: 150e9, qosClass: .bronze),
            Demand(source: "leaf2", destination: "leaf1", rateBps: 10e9, qosClass: .silver),
        ]
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands)
        return try RoutingPlan(allocation: allocation, topology: fabric, version: version, classes: catalog)
    }

    @Test("table 1 writes the class of each DSCP into the metadata; everything else becomes the lowest class")
    func classificationWritesTheClass() throws {
        let leaf = try #require(try FlowCompiler().compile(try plan(), for: fabric).switches["leaf1"])
        let table1 = leaf.flows.filter { $0.table == FlowCompiler.Table.classification }
        #expect(table1.first { $0.match.ipDSCP == 46 }?.writeMetadata == 1)
        #expect(table1.first { $0.match.ipDSCP == 26 }?.writeMetadata == 2)
        let fallback = try #require(table1.first { $0.priority == FlowCompiler.Priority.drop })
        #expect(fallback.writeMetadata == 3, "unmatched traffic should be bronze (class 3): \(fallback)")
        #expect(table1.allSatisfy { $0.gotoTable == FlowCompiler.Table.forwarding && $0.actions.isEmpty },
                "no queues were declared, so no set_queue: \(table1)")
    }

    @Test("spines never classify: only edge switches have table-1 or aggregate entries")
    func spinesDoNotClassify() throws {
        let program = try FlowCompiler().compile(try plan(), for: fabric)
        for spine in ["spine1", "spine2"] {
            let flows = try #require(program.switches[spine]).flows
            #expect(!flows.contains { $0.table == FlowCompiler.Table.classification || $0.match.metadata != nil })
            #expect(try #require(program.switches[spine]).meters.isEmpty)
        }
    }

    @Test("an aggregate allocated a few kbit/s still passes a full-size or jumbo frame: its meter's burst never falls below the floor")
    func smallAggregatesKeepAFrameSizedBurst() throws {
        let demands = [Demand(source: "leaf1", destination: "leaf3", rateBps: 5_000, qosClass: .bronze)]
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands)
        let routing = try RoutingPlan(allocation: allocation, topology: fabric, version: 2, classes: .defaults)
        let leaf = try #require(try FlowCompiler().compile(routing, for: fabric).switches["leaf1"])
        let meter = try #require(leaf.meters.first { $0.rateKbps == 5 })
        #expect(meter.burstKbits == MeterEntry.minimumBurstKbits)
        #expect(UInt64(meter.burstKbits) * 1000 >= 9018 * 8, "a \(meter.burstKbits) kbit burst drops a 9,018-byte frame")
    }

    @Test("each aggregate is metered to its allocated rate and split by its own group over its paths")
    func aggregatesAreMeteredAndSplitPerClass() throws {
        let routing = try plan()
        let compiler = FlowCompiler(burstSeconds: 0.05)
        let leaf = try #require(try compiler.compile(routing, for: fabric).switches["leaf1"])
        let toLeaf3 = FlowCompiler.prefixes(of: "leaf3", in: fabric).first
        let aggregates = leaf.flows.filter { $0.cookie.purpose == .classAggregate && $0.match.ipv4Destination == toLeaf3 }
        for (className, metadata) in [("gold", UInt64(1)), ("bronze", UInt64(3))] {
            let pair = RoutingPlan.ClassPair(source: "leaf1", destination: "leaf3", className: className)
            let paths = try #require(routing.classRoutes[pair])
            let planned = paths.reduce(0) { $0 + $1.rateBps }
            let entry = try #require(aggregates.first { $0.match.metadata == metadata })
            #expect(entry.match.ipv4Destination == FlowCompiler.prefixes(of: "leaf3", in: fabric).first)
            let meter = try #require(leaf.meters.first { $0.id == entry.meter })
            #expect(meter.rateKbps == UInt32(planned / 1000))
            #expect(meter.burstKbits == max(MeterEntry.minimumBurstKbits, UInt32(Double(meter.rateKbps) * 0.05)))
            let spines = Set(paths.filter { $0.rateBps > 0 }.map { $0.links[0].target.node })
            if spines.count > 1 {
                guard case let .group(id) = entry.actions.first else { Issue.record("\(className): expected a group, got \(entry)"); continue }
                let group = try #require(leaf.groups.first { $0.id == id })
                let byPort = Dictionary(uniqueKeysWithValues: paths.map { ($0.links[0].source.port, $0.rateBps) })
                let largest = byPort.values.max() ?? 1
                #expect(group.buckets.map(\.weight) == group.buckets.map { bucket in
                    guard case let .output(port) = bucket.actions.first else { return 0 }
                    return UInt16(max(1, (1000 * (byPort[port] ?? 0) / largest).rounded()))
                })
            } else {
                #expect(entry.actions.count == 1)
            }
        }
        #expect(Set(leaf.meters.map(\.id)).count == leaf.meters.count, "meter ids repeat")
    }

    @Test("an aggregate without a planned rate is counted by a meter that never drops and forwarded by destination")
    func unplannedAggregatesAreCountedNotPoliced() throws {
        // As the controller programs it: the allocation's routes plus shortest paths for every other pair.
        let leaf = try #require(try FlowCompiler().compile(try plan().adapted(to: fabric), for: fabric).switches["leaf1"])
        let aggregates = leaf.flows.filter { $0.cookie.purpose == .classAggregate }
        #expect(aggregates.count == 2 * 3, "one entry per (other leaf, class): \(aggregates)")
        let silver = try #require(aggregates.first { $0.match.metadata == 2 && $0.match.ipv4Destination == FlowCompiler.prefixes(of: "leaf3", in: fabric).first })
        let meter = try #require(leaf.meters.first { $0.id == silver.meter })
        #expect(meter.rateKbps == FlowCompiler.countingRateKbps)
        let forwarding = try #require(leaf.flows.first {
            $0.priority == FlowCompiler.Priority.remoteDelivery && $0.match.ethType == EtherType.ipv4 && $0.match.ipv4Destination == silver.match.ipv4Destination
        })
        #expect(silver.actions == forwarding.actions)
        let spine = try #require(try FlowCompiler().compile(try plan(), for: fabric).switches["spine1"])
        #expect(spine.meters.isEmpty)
    }

    @Test("a pinned host is classified by address and its DSCP rewritten to the class's code point")
    func pinnedHostIsRemarked() throws {
        let catalog = try QoSClassCatalog.parseYAML("classes:\n  - {name: gold, weight: 4, priority: 0, dscp: [46], hosts: [h1-2]}\n", file: "c.yaml")
        let leaf = try #require(try FlowCompiler().compile(try plan(catalog: catalog), for: fabric).switches["leaf1"])
        let host = try #require(fabric.hostNamed("h1-2"))
        let pinned = try #require(leaf.flows.first { $0.priority == FlowCompiler.Priority.pinned })
        #expect(pinned.match == FlowRule.Match(inPort: host.attachment.port, ethType: EtherType.ipv4, ipv4Source: host.ip))
        #expect(pinned.actions == [.setDSCP(46)])
        #expect(pinned.writeMetadata == 1)
    }

    @Test("versions of opposite parity use disjoint aggregate meters and groups")
    func aggregateIDsAlternateWithParity() throws {
        let even = try #require(try FlowCompiler().compile(try plan(version: 2), for: fabric).switches["leaf1"])
        let odd = try #require(try FlowCompiler().compile(try plan(version: 3), for: fabric).switches["leaf1"])
        let evenMeters = Set(even.meters.map(\.id)), oddMeters = Set(odd.meters.map(\.id))
        let evenGroups = Set(even.groups.map(\.id)), oddGroups = Set(odd.groups.map(\.id))
        #expect(!evenMeters.isEmpty && evenMeters.isDisjoint(with: oddMeters))
        #expect(evenGroups.isDisjoint(with: oddGroups))
    }

    @Test("aggregate entries grow with leaves x classes, not with hosts")
    func ruleCountIndependentOfHosts() throws {
        func aggregateCount(hostsPerLeaf: Int) throws -> Int {
            let topology = SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: hostsPerLeaf).generate()
            let leaves = topology.switches.filter { $0.role == .leaf }.map(\.name)
            var demands: [Demand] = []
            for source in leaves { for destination in leaves where source != destination {
                for qosClass in [QoSClass.gold, .silver, .bronze] {
                    demands.append(Demand(source: source, destination: destination, rateBps: 1e9, qosClass: qosClass))
                }
            } }
            let allocation = try TrafficOptimizer(topology: topology).optimize(demands)
            let program = try FlowCompiler().compile(try RoutingPlan(allocation: allocation, topology: topology, version: 1, classes: .defaults), for: topology)
            return program.switches.values.flatMap(\.flows).filter { $0.cookie.purpose == .classAggregate }.count
        }
        #expect(try aggregateCount(hostsPerLeaf: 2) == 4 * 3 * 3)
        #expect(try aggregateCount(hostsPerLeaf: 16) == 4 * 3 * 3)
    }

    @Test("classification and aggregate entries survive the wire and read back from flow stats")
    func metadataRulesRoundTrip() throws {
        let catalog = try QoSClassCatalog.parseYAML("classes:\n  - {name: gold, weight: 4, priority: 0, dscp: [46], hosts: [h1-2]}\n", file: "c.yaml")
        let rules = try FlowCompiler().compile(try plan(catalog: catalog), for: fabric).switches.values.flatMap(\.flows)
        let classed = rules.filter { $0.writeMetadata != nil || $0.match.metadata != nil }
        #expect(classed.count > 5)
        for rule in classed {
            guard case let .flowMod(mod) = try OpenFlowMessage(decoding: OpenFlowMessage(xid: 1, rule.addMessage).encoded()).payload else {
                Issue.record("\(rule) did not decode as a FLOW_MOD")
                continue
            }
            let reported = FlowStats(tableID: mod.tableID, priority: mod.priority, cookie: mod.cookie, match: mod.match, instructions: mod.instructions)
            #expect(FlowRule(stats: reported) == rule)
        }
    }

    @Test("16 spines x 64 leaves x 3 classes: one aggregate entry, meter and group per (leaf, other leaf, class)")
    func sixteenBySixtyFourCount() throws {
        let topology = SpineLeafGenerator(spines: 16, leaves: 64, hostsPerLeaf: 4).generate()
        var plan = RoutingPlan.shortestPaths(in: topology, version: 1)
        plan.classes = RoutingPlan.trafficClasses(.defaults, topology: topology)
        plan.defaultClass = "bronze"
        for (pair, paths) in plan.routes {
            for className in ["gold", "silver", "bronze"] {
                plan.classRoutes[.init(source: pair.source, destination: pair.destination, className: className)] = paths.map {
                    RoutingPlan.Path(links: $0.links, rateBps: 1e8)
                }
            }
        }
        let program = try FlowCompiler().compile(plan, for: topology)
        let switches = program.switches.values
        let aggregates = switches.flatMap(\.flows).filter { $0.cookie.purpose == .classAggregate }.count
        let all = switches.reduce(0) { $0 + $1.flows.count }
        let leaf = try #require(program.switches["leaf1"])
        print("16x64, 3 classes, 256 hosts: \(all) flow entries in all, \(aggregates) class-aggregate entries; leaf1 holds \(leaf.flows.count) entries, \(leaf.meters.count) meters, \(leaf.groups.count) groups")
        #expect(aggregates == 64 * 63 * 3)
        #expect(leaf.meters.count == 63 * 3)
    }
}
