import Foundation
import Optimizer
import Topology
import TopologyFormats

/// Small topologies and demand sets for the optimizer tests.
enum TestFabrics {
    /// A switch of role `role` with ports 1...portCount at `speed`.
    static func node(_ name: String, id: UInt64, role: SwitchRole = .router, ports: Int, speed: Double = 100e9) -> Switch {
        Switch(name: name, datapathID: DatapathID(id), role: role,
               ports: (1...max(ports, 1)).map { Port(number: UInt32($0), name: "p\($0)", speedBps: speed) })
    }

    /// A directed graph from `(from, to, capacity)` triples; port numbers are assigned in order.
    static func graph(_ name: String, edges: [(String, String, Double)]) -> Topology {
        var names: [String] = []
        for (from, to, _) in edges {
            for node in [from, to] where !names.contains(node) { names.append(node) }
        }
        var nextPort: [String: UInt32] = [:]
        var links: [Link] = []
        for (from, to, capacity) in edges {
            let out = (nextPort[from] ?? 0) + 1
            nextPort[from] = out
            let incoming = (nextPort[to] ?? 0) + 1
            nextPort[to] = incoming
            links.append(Link(source: LinkEnd(node: from, port: out), target: LinkEnd(node: to, port: incoming), capacityBps: capacity))
        }
        let switches = names.enumerated().map { index, name in
            node(name, id: UInt64(index + 1), ports: Int(nextPort[name] ?? 1))
        }
        return Topology(name: name, switches: switches, links: links)
    }

    /// A spine-leaf fabric whose every directed link gets a random capacity from `choices`.
    static func randomSpineLeaf(spines: Int, leaves: Int, seed: UInt64, choices: [Double] = [10e9, 25e9, 40e9, 100e9]) -> Topology {
        var fabric = SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: 1).generate()
        var random = SeededGenerator(seed: seed)
        fabric.links = fabric.links.map { link in
            var copy = link
            copy.capacityBps = choices[Int.random(in: 0..<choices.count, using: &random)]
            return copy
        }
        return fabric
    }

    /// One demand per ordered pair of `endpoints` with random rates in `range` and random classes.
    static func randomDemands(_ endpoints: [String], seed: UInt64, range: ClosedRange<Double> = 5e9...60e9,
                              classes: [QoSClass] = [.gold, .silver, .bronze], keep: Double = 1) -> [Demand] {
        var random = SeededGenerator(seed: seed)
        var demands: [Demand] = []
        for source in endpoints {
            for destination in endpoints where source != destination {
                guard Double.random(in: 0..<1, using: &random) < keep else { continue }
                let qosClass = classes[Int.random(in: 0..<classes.count, using: &random)]
                demands.append(Demand(source: source, destination: destination, rateBps: Double.random(in: range, using: &random), qosClass: qosClass))
            }
        }
        return demands
    }

    /// `topology` with both directions of each listed cable down.
    static func failCables(_ topology: Topology, _ cables: [(String, String)]) -> Topology {
        var copy = topology
        for (a, b) in cables {
            for index in copy.links.indices where Set([copy.links[index].source.node, copy.links[index].target.node]) == Set([a, b]) {
                copy.links[index].isUp = false
            }
        }
        return copy
    }

    /// The repository's `scenarios/topologies` directory.
    static var scenarioTopologies: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/topologies")
    }

    /// A fresh temporary directory for files a test writes.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("weft-optimizer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func relativeGap(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a), abs(b), 1e-12)
    }
}
