import Foundation
import Testing
import TopologyStore
import WeftTestSupport

/// `weft` commands while another process holds the SQLite file's write lock.
@Suite struct BusyStoreCommandTests {
    let scratch: ScratchDirectory
    let weft: WeftProcess

    init() throws {
        scratch = try ScratchDirectory()
        weft = WeftProcess(directory: scratch.url)
    }

    /// Saves a first version and writes a second topology to import, `next.yaml`.
    private func storeWithOneVersion() throws {
        let generated = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let written = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--output", "next.yaml"])
        try #require(written.status == 0, "\(written.stderr)")
    }

    private func versionCount() throws -> Int {
        let listed = try weft.run(["topo", "history", "--json"])
        return (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any])?.count ?? -1
    }

    @Test func importWaitsOutAWriterHoldingTheLockFor8Seconds() async throws {
        try storeWithOneVersion()
        let holder = try WriteLockHolder(location: scratch.path("weft.sqlite"), kind: .sqlite, seconds: 8)
        let imported = try weft.run(["topo", "import", "next.yaml"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("the store is busy (another Weft process is writing); retrying in 0.5 s (retry 1 of 5)"), "\(imported.stderr)")
        #expect(!imported.stderr.contains("cannot open"))
        #expect(imported.stdout.hasPrefix("saved version 2 of spine-leaf-2x3"), "\(imported.stdout)")
        try await holder.wait()
        #expect(try versionCount() == 2)
    }

    @Test func importGivesUpAfterItsRetriesWithAClearErrorAndWritesNothing() async throws {
        try storeWithOneVersion()
        let holder = try WriteLockHolder(location: scratch.path("weft.sqlite"), kind: .sqlite, seconds: 14)
        let imported = try weft.run(["topo", "import", "next.yaml", "--busy-retries", "1"])
        let refusedWhileHeld = !holder.released
        #expect(imported.status == 1)
        #expect(imported.stderrLines.first == "the store is busy (another Weft process is writing); retrying in 0.5 s (retry 1 of 1)", "\(imported.stderr)")
        #expect(imported.stderrLines.last == "error: weft.sqlite: the store is busy (another Weft process is writing); gave up after 2 tries. "
            + "Try again once the other writer is done, or raise --busy-retries", "\(imported.stderr)")
        #expect(refusedWhileHeld, "it gave up while the lock was still held, not after")
        try await holder.wait()
        #expect(try versionCount() == 1, "nothing was written")
    }
}
