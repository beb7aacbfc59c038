import Foundation
import GRDB
import Testing
import WeftTestSupport
@testable import Topology
import TopologyStore
import TopologyFormats

/// `weft topo …` run as separate processes against one SQLite file, as users run it.
@Suite struct WeftCommandTests {
    let scratch: ScratchDirectory
    let weft: WeftProcess

    init() throws {
        scratch = try ScratchDirectory()
        weft = WeftProcess(directory: scratch.url)
    }

    /// The history as `weft topo history --json` reports it. (The tests read the file through `weft`,
    /// which registers every module's migrations, rather than open it here without them.)
    private func history() throws -> [TopologyVersion] {
        let listed = try weft.run(["topo", "history", "--json"])
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([TopologyVersion].self, from: Data(listed.stdout.utf8))
    }

    /// A stored version as `weft topo export --format json` writes it.
    private func exported(version: Int? = nil) throws -> Topology {
        let arguments = ["topo", "export", "--format", "json"] + (version.map { ["--version", "\($0)"] } ?? [])
        let output = try weft.run(arguments)
        return try TopologyFileCoder.decodeTopology(from: Data(output.stdout.utf8), syntax: .json, file: "export")
    }

    @Test func eachProcessSeesWhatTheProcessesBeforeItSaved() throws {
        let generated = try weft.run(["topo", "gen", "spine-leaf", "--spines", "4", "--leaves", "8"])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout == "saved version 1 of spine-leaf-4x8 (12 switches, 64 links, 16 hosts) to weft.sqlite\n")

        let imported = try weft.run(["topo", "import", Files.shipped("Abilene.graphml"), "--default-capacity", "10G"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderrLines == ["warning: \(Files.shipped("Abilene.graphml")): 14 of 14 edges give no link speed; assumed 10 Gbit/s"])

        let listed = try history()
        #expect(listed.map(\.source) == ["gen spine-leaf 4x8", "import Abilene.graphml"])
        #expect(listed.map(\.linkCount) == [64, 28])
        #expect(try exported(version: 1) == SpineLeafGenerator(spines: 4, leaves: 8).generate())
        #expect(try exported().switches.count == 11)
    }

    @Test func showSummarizesSwitchesLinksCapacityHostsAndTenants() throws {
        _ = try weft.run(["topo", "gen", "fat-tree", "--k", "4", "--uplink", "40G", "--tenants", "2"])
        let shown = try weft.run(["topo", "show"])
        #expect(shown.status == 0)
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("  switches           20  (4 core, 8 aggregation, 8 edge)"))
        #expect(lines.contains("  links              64  (64 up, 0 down; directed)"))
        #expect(lines.contains("  capacity  2.56 Tbit/s  (sum over up links; links by capacity source: 64 declared)"))
        #expect(lines.contains("  tenants             2  (tenant1, tenant2)"))
        #expect(lines.contains { $0.hasPrefix("e1-1    edge") && $0.hasSuffix("2") })
        let links = try weft.run(["topo", "show", "--links"]).stdout.split(separator: "\n").map(String.init)
        #expect(links.contains { $0.hasPrefix("LINK") && $0.hasSuffix("CAPACITY FROM") })
        #expect(links.filter { $0.hasSuffix(" declared") }.count == 64)
    }

    @Test func diffShowsWhatChangedBetweenVersions() throws {
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2"])
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2", "--uplink", "40G"])
        let diff = try weft.run(["topo", "diff", "1", "2"])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("~ link leaf1:3->spine1:1 capacity 100G -> 40G\n"))
        #expect(diff.stdout.split(separator: "\n").filter { $0.contains("capacity") }.count == 8)
    }

    @Test func exportedYAMLImportsBackUnchanged() throws {
        _ = try weft.run(["topo", "import", Files.fixture("fabric.yaml")])
        let exported = try weft.run(["topo", "export", "--format", "yaml", "--output", "copy.yaml"])
        #expect(exported.status == 0)
        let again = try weft.run(["topo", "import", "copy.yaml"])
        #expect(again.stdout.hasPrefix("unchanged: lab"))
        #expect(try history().count == 1)
    }

    @Test func showAndExportReadAFileWithoutAStore() throws {
        let shown = try weft.run(["topo", "show", "--topology", Files.shipped("polska.sndlib"), "--json"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("\"links\" : 36"))
        let dot = try weft.run(["topo", "export", "--topology", Files.shipped("polska.sndlib"), "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph \"polska\" {"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("weft.sqlite")))
    }

    @Test func genWritesATopologyFileWithOutput() throws {
        let generated = try weft.run(["topo", "gen", "fat-tree", "--k", "4", "--output", "tree.json"])
        #expect(generated.status == 0)
        let topology = try TopologyImporter().importFile(atPath: scratch.path("tree.json")).topology
        #expect(topology.switches.count == 20 && topology.links.count == 64 && topology.hosts.count == 16)
    }

    @Test(arguments: [
        ("malformed.yaml", ":6:1: malformed YAML"),
        ("malformed.json", ":4:19: malformed JSON"),
        ("malformed.graphml", ":10:11: malformed XML"),
        ("bad-field.yaml", ":7:32: switches[0].ports[1].speed_bps"),
        ("duplicate-names.yaml", ": switch leaf1: duplicate switch name"),
        ("negative-capacity.yaml", ": link s1:1->s2:1: capacity"),
        ("negative-capacity.sndlib", ":10: negative pre-installed capacity"),
        ("unknown-switch.lldp.yaml", ": observations[0]: unknown neighbour chassis"),
        ("notes.txt", ": unknown topology format"),
    ])
    func aFailedImportExitsOneNamesTheProblemAndWritesNothing(fixture: String, expected: String) throws {
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2"])
        let before = (try history(), try exported())
        let failed = try weft.run(["topo", "import", Files.fixture(fixture)])
        #expect(failed.status == 1)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderrLines.first?.hasPrefix("error: \(Files.fixture(fixture))\(expected)") == true, "\(failed.stderr)")
        #expect(failed.stderrLines.allSatisfy { $0.hasPrefix("error: \(Files.fixture(fixture))") })
        #expect(try history() == before.0)
        #expect(try exported() == before.1)
    }

    @Test func aMissingFileOrUnknownFormatExitsOne() throws {
        let missing = try weft.run(["topo", "import", "nowhere.graphml"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: nowhere.graphml: no such file\n")
        let unknown = try weft.run(["topo", "import", Files.fixture("fabric.yaml"), "--format", "visio"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: \(Files.fixture("fabric.yaml")): unknown format 'visio' (known: graphml, sndlib, yaml, json, lldp)\n")
        let badRate = try weft.run(["topo", "gen", "spine-leaf", "--uplink", "fast"])
        #expect(badRate.status == 1)
        #expect(badRate.stderr.hasPrefix("error: --uplink: 'fast' is not a rate"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("weft.sqlite")))
    }

    @Test func readingCommandsNeedAnExistingStore() throws {
        let shown = try weft.run(["topo", "show", "--db", "absent.sqlite"])
        #expect(shown.status == 1)
        #expect(shown.stderr == "error: absent.sqlite: no such database (generate or import a topology first, or pass --db)\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("absent.sqlite")))
    }

    @Test func aStoreFromANewerWeftIsRefused() throws {
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2"])
        let queue = try DatabaseQueue(path: scratch.path("weft.sqlite"))
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('topology-v99')") }
        try queue.close()
        let shown = try weft.run(["topo", "show"])
        #expect(shown.status == 1)
        #expect(shown.stderr == "error: weft.sqlite was written by a newer Weft (schema migration 'topology-v99' unknown); upgrade Weft\n")
    }

    @Test func aPostgresDatabaseWorksLikeAFileForEveryCommand() throws {
        let url = try PostgresServer.shared.get().newDatabaseURL()
        let generated = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--db", url])
        #expect(generated.status == 0, "\(generated.stderr)")
        let history = try weft.run(["topo", "history", "--db", url])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("gen spine-leaf"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("weft.sqlite")))
    }

    @Test func anUnreachablePostgresServerFailsAtStartWithExitCode1() throws {
        let port = try PostgresServer.freeLoopbackPort()
        let shown = try weft.run(["topo", "show", "--db", "postgres://weft:secret@127.0.0.1:\(port)/weft"])
        #expect(shown.status == 1)
        #expect(shown.stderr.hasPrefix("error: postgres://weft@127.0.0.1:\(port)/weft: cannot open the database:"), "\(shown.stderr)")
        #expect(!shown.stderr.contains("secret"))
    }
}
