import Testing
import Topology
@testable import WhatIf

/// A heat map too large to draw one endpoint per row groups endpoints along the min-cut tree, so a
/// group holds nodes that are well connected to each other, whatever their order in the file.
@Suite struct MinCutAnalysisTests {
    /// Two rings of four routers (`a1…a4` at 100G, `b1…b4` at 100G) joined by one 10G cable a1–b1,
    /// listed interleaved (a1, b1, a2, b2, …) so that file order mixes the two.
    static func twoRings() -> Topology {
        let names = (1...4).flatMap { ["a\($0)", "b\($0)"] }
        var ports: [String: UInt32] = [:]
        var links: [Link] = []
        func cable(_ x: String, _ y: String, _ capacity: Double) {
            ports[x, default: 0] += 1
            ports[y, default: 0] += 1
            let (ex, ey) = (LinkEnd(node: x, port: ports[x]!), LinkEnd(node: y, port: ports[y]!))
            links += [Link(source: ex, target: ey, capacityBps: capacity), Link(source: ey, target: ex, capacityBps: capacity)]
        }
        for ring in ["a", "b"] {
            for index in 1...4 { cable("\(ring)\(index)", "\(ring)\(index % 4 + 1)", 100e9) }
        }
        cable("a1", "b1", 10e9)
        let switches = names.enumerated().map { offset, name in
            Switch(name: name, datapathID: DatapathID(UInt64(offset + 1)), role: .router,
                   ports: (1...ports[name]!).map { Port(number: $0, name: "p\($0)", speedBps: 100e9) })
        }
        return Topology(name: "two-rings", switches: switches, links: links)
    }

    @Test func groupsFollowTheCutTreeNotTheFileOrder() throws {
        let analysis = MinCutAnalysis(maxCells: 4, maxGroups: 2)
        let outcome = try #require(analysis.analyse(Self.twoRings(), baseline: nil)).outcome
        #expect(outcome.blockSize == 4)
        #expect(Set(outcome.groups.map { Set($0) }) == [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]])
        // Inside a ring every pair has 200G; between the rings only the 10G cable.
        #expect(outcome.cells == [[200e9, 10e9], [10e9, 200e9]])
        #expect(outcome.labels.allSatisfy { $0.hasSuffix(" +3") })
    }

    @Test func smallEndpointSetsKeepOneRowEachInFileOrder() throws {
        let outcome = try #require(MinCutAnalysis().analyse(Self.twoRings(), baseline: nil)).outcome
        #expect(outcome.blockSize == 1)
        #expect(outcome.groups.isEmpty)
        #expect(outcome.labels == ["a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"])
    }
}
