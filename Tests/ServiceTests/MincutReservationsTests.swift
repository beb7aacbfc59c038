import Foundation
import Optimizer
import Testing
import Topology

@testable import Service
import TopologyStore
import WeftTestSupport

/// `weft mincut --all --db DB --minus-reservations` takes the all-pairs min-cut over what the store's
/// path reservations leave, and says so; without the flag it uses full capacities.
@Suite struct MincutReservationsTests {
    struct Output: Decodable {
        struct Summary: Decodable {
            struct Bucket: Decodable, Equatable {
                var min_cut_bps: Double
                var pairs: Int
            }

            var distribution: [Bucket]
        }

        struct Tree: Decodable {
            struct Note: Decodable {
                var kind: String
                var message: String
            }

            var notes: [Note]
        }

        var summary: Summary
        var tree: Tree
    }

    func mincut(_ arguments: [String]) async throws -> Output {
        try #require(FileManager.default.isExecutableFile(atPath: WeftSubprocess.executable), "build weft first: swift build --build-tests")
        let text = try await Command(WeftSubprocess.executable, ["mincut", "--all", "--json"] + arguments).run()
        return try JSONDecoder().decode(Output.self, from: Data(text.utf8))
    }

    @Test func reservationsLowerTheLeafMinCutsOnlyWithTheFlag() async throws {
        // Two spines, three leaves, 10G uplinks: every leaf pair has min-cut 20G. 8G reserved leaf1 → leaf2
        // via spine1 leaves 2G on leaf1–spine1 and spine1–leaf2 (one way), so each leaf pair keeps 12G.
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            _ = try await fixture.engine.reserve(PathRequest(source: "leaf1", destination: "leaf2", bandwidthBps: 8e9, qosClass: "gold"))
            let full = try await mincut(["--db", fixture.location])
            #expect(full.summary.distribution == [.init(min_cut_bps: 20e9, pairs: 3)])
            #expect(!full.tree.notes.contains { $0.kind == "reserved" })

            let left = try await mincut(["--db", fixture.location, "--minus-reservations"])
            #expect(left.summary.distribution == [.init(min_cut_bps: 12e9, pairs: 3)])
            let note = try #require(left.tree.notes.first { $0.kind == "reserved" })
            #expect(note.message.contains("2 link(s) hold 16 Gbit/s in total"), "\(note.message)")
        }
    }

    @Test func minusReservationsWithoutADatabaseIsRefused() async throws {
        let run = try await Command(WeftSubprocess.executable, ["mincut", "--all", "--topology", "spine-leaf:2x3", "--minus-reservations"])
            .runReturningStatus()
        #expect(run.status != 0)
        #expect(run.errors.contains("--minus-reservations needs --all and --db"), "\(run.errors)")
    }
}
