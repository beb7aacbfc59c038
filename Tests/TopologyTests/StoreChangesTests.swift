import Foundation
import Testing
import TopologyFormats
import TopologyStore
import WeftTestSupport

/// `TopologyStore.changes()`: a runtime learns of writes by other processes without polling — inotify on
/// a SQLite file, LISTEN/NOTIFY on PostgreSQL.
@Suite struct StoreChangesTests {
    let scratch: ScratchDirectory
    let fabric = SpineLeafGenerator(spines: 2, leaves: 2, hostsPerLeaf: 1).generate()

    init() throws {
        scratch = try ScratchDirectory()
    }

    @Test(arguments: StoreKind.allCases)
    func aWriteThroughAnotherConnectionIsReportedWithinASecond(kind: StoreKind) async throws {
        let location = try kind.newLocation(in: scratch.url.path)
        let watcher = try TopologyStore(location: location)
        let writer = try TopologyStore(location: location)
        let changes = watcher.changes()
        #expect(await Self.next(of: changes, within: .seconds(10)), "the watch never reported that it is in place")
        let saved = ContinuousClock.now
        try writer.save(fabric, source: "another process")
        let reported = await Self.next(of: changes, within: .seconds(2))
        let latency = saved.duration(to: .now)
        print("\(kind): change reported \(latency) after the save")
        #expect(reported)
        #expect(latency < .seconds(1))
    }

    @Test(arguments: StoreKind.allCases)
    func readsAreNotReportedAsChanges(kind: StoreKind) async throws {
        let location = try kind.newLocation(in: scratch.url.path)
        let store = try TopologyStore(location: location)
        try store.save(fabric, source: "gen")
        let changes = store.changes()
        #expect(await Self.next(of: changes, within: .seconds(10)), "the watch never reported that it is in place")
        for _ in 0..<5 {
            _ = try store.loadLatest()
            _ = try store.versions()
        }
        #expect(!(await Self.next(of: changes, within: .milliseconds(500))), "reading the store woke its watchers")
    }

    /// Whether `stream` yields within `timeout`.
    static func next(of stream: AsyncStream<Void>, within timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
