import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Service
import ServiceLifecycle
import Topology
import TopologyStore
import TopologyFormats

/// `weft bench api`: request latency of `weft serve` on loopback under bounded concurrency.
///
/// Starts the real server (same router, middleware and SQLite store as `weft serve`) on a generated
/// spine-leaf fabric in a scratch directory, then sends `--requests` reservation lifecycles — POST
/// /v1/paths, GET /v1/paths/{id}, PATCH (resize), DELETE — with at most `--concurrency` in flight, and
/// as the reference the same number of `GET /healthz` (the framework and loopback floor), `GET
/// /v1/topology` and a `GET /v1/paths?limit=100` page.
///
/// With `--preload N` it measures twice: on the empty store, then after admitting N 1 kbit/s
/// reservations (in bulk, through the engine), and prints each request's p50 ratio; `--max-ratio`
/// makes it fail when a create or delete p50 grew by more than that factor.
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Time weft serve's HTTP API on loopback: reservation create/show/resize/delete vs GET /healthz.")

    @Option(help: "Number of spines.")
    var spines = 4

    @Option(help: "Number of leaves.")
    var leaves = 8

    @Option(name: .customLong("hosts-per-leaf"), help: "Hosts per leaf.")
    var hostsPerLeaf = 4

    @Option(help: "Reservation lifecycles to run (each is four requests).")
    var requests = 200

    @Option(help: "Most requests in flight at once.")
    var concurrency = 8

    @Option(help: "Reservations to store before the second measurement (0: measure the empty store only).")
    var preload = 0

    @Option(name: .customLong("max-ratio"), help: "Fail when POST or DELETE /v1/paths p50 with --preload exceeds this multiple of the empty store's.")
    var maxRatio: Double?

    @Flag(help: "Print only JSON.")
    var json = false

    struct Row: Encodable {
        var request: String
        var count: Int
        var failed: Int
        var p50_ms: Double
        var p90_ms: Double
        var p99_ms: Double
        var max_ms: Double
        var per_second: Double
    }

    struct Report: Encodable {
        var fabric: String
        var concurrency: Int
        var rows: [Row]
        var preloaded: Int
        /// Rows measured after preloading (empty without `--preload`).
        var preloaded_rows: [Row]
    }

    func run() async throws {
        guard spines >= 1, leaves >= 2, (1...250).contains(hostsPerLeaf), requests >= 1, concurrency >= 1, preload >= 0 else {
            printError("error: bench api needs at least 1 spine, 2 leaves, 1 host per leaf, 1 request, concurrency 1 and a preload of at least 0")
            throw ExitCode.failure
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let topology = SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: hostsPerLeaf, uplinkBps: 100e9, downlinkBps: 25e9).generate()
        let database = directory.appendingPathComponent("bench.sqlite").path
        try TopologyStore(path: database, additionalMigrations: ServeSchema.allMigrations).save(topology, source: "bench api")

        var quiet = Logger(label: "weft.bench")
        quiet.logLevel = .warning
        let server = try WeftServer(configuration: .init(databasePath: database, listen: ListenAddress(host: "127.0.0.1", port: 0),
                                                         limits: ReservationLimits(maxPerTenant: nil)),
                                    reoptimization: nil, logger: quiet)
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let application = try await server.application { listening.yield($0) }
        let group = ServiceGroup(services: [application], logger: quiet)
        let serving = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ExitCode.failure }
        progress("serving \(topology.name) (\(topology.hosts.count) hosts) on 127.0.0.1:\(port); \(requests) lifecycles, \(concurrency) in flight")

        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)))
        let base = "http://127.0.0.1:\(port)"
        var rows: [Row] = []
        var preloadedRows: [Row] = []
        do {
            rows = try await measureRequests(client, base: base, hosts: topology.hosts.map(\.name))
            if preload > 0 {
                try await preloadReservations(server.engine, hosts: topology.hosts.map(\.name))
                preloadedRows = try await measureRequests(client, base: base, hosts: topology.hosts.map(\.name))
                preloadedRows.append(try await measureDeepPage(client, base: base, engine: server.engine))
            }
        } catch {
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            throw error
        }
        try await client.shutdown()
        await group.triggerGracefulShutdown()
        _ = try? await serving.value

        let report = Report(fabric: "\(topology.name), \(topology.hosts.count) hosts", concurrency: concurrency, rows: rows,
                            preloaded: preload, preloaded_rows: preloadedRows)
        if !json {
            printTable(rows, title: preload > 0 ? "empty store" : nil)
            if preload > 0 {
                printTable(preloadedRows, title: "\(preload) reservations stored")
                print("")
                var table = TextTable(["request", "p50 empty ms", "p50 \(preload) ms", "ratio"], rightAligned: Set(1...3))
                for (empty, loaded) in zip(rows, preloadedRows) {
                    table.append([empty.request, Self.ms(empty.p50_ms), Self.ms(loaded.p50_ms), String(format: "%.2f", loaded.p50_ms / max(empty.p50_ms, 1e-9))])
                }
                table.lines.forEach { print($0) }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        if let maxRatio, preload > 0 {
            let exceeded = zip(rows, preloadedRows).filter { empty, loaded in
                ["POST /v1/paths", "DELETE /v1/paths/{id}"].contains(empty.request) && loaded.p50_ms > maxRatio * empty.p50_ms
            }
            for (empty, loaded) in exceeded {
                printError("error: \(empty.request) p50 \(Self.ms(loaded.p50_ms)) ms with \(preload) reservations is more than \(maxRatio)× the empty store's \(Self.ms(empty.p50_ms)) ms")
            }
            if !exceeded.isEmpty { throw ExitCode.failure }
        }
    }

    private func printTable(_ rows: [Row], title: String?) {
        if let title { print("\n\(title):") }
        var table = TextTable(["request", "count", "failed", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s"], rightAligned: Set(1...7))
        for row in rows {
            table.append([row.request, "\(row.count)", "\(row.failed)", Self.ms(row.p50_ms), Self.ms(row.p90_ms), Self.ms(row.p99_ms),
                          Self.ms(row.max_ms), String(format: "%.0f", row.per_second)])
        }
        table.lines.forEach { print($0) }
    }

    /// Every measured request kind, each `requests` times: `/healthz`, topology, a page of paths, then the lifecycles.
    private func measureRequests(_ client: HTTPClient, base: String, hosts: [String]) async throws -> [Row] {
        let healthz = try await measure(count: requests) { _ in
            [try await Self.send(client, .GET, base + "/healthz", expect: .ok).sample]
        }
        let topology = try await measure(count: requests) { _ in
            [try await Self.send(client, .GET, base + "/v1/topology", expect: .ok).sample]
        }
        let page = try await measure(count: requests) { _ in
            [try await Self.send(client, .GET, base + "/v1/paths?limit=100", expect: .ok).sample]
        }
        let lifecycles = try await measure(count: requests) { index in
            // Pairs spread over the fabric; the offset 1...count-1 never pairs a host with itself.
            try await Self.lifecycle(client, base: base, source: hosts[index % hosts.count],
                                     destination: hosts[Self.partner(of: index, among: hosts.count)])
        }
        return [
            Self.row("GET /healthz (reference)", healthz["GET /healthz"] ?? .init()),
            Self.row("GET /v1/topology", topology["GET /v1/topology"] ?? .init()),
            Self.row("GET /v1/paths?limit=100", page["GET /v1/paths"] ?? .init()),
        ] + ["POST /v1/paths", "GET /v1/paths/{id}", "PATCH /v1/paths/{id}", "DELETE /v1/paths/{id}"].map { Self.row($0, lifecycles[$0] ?? .init()) }
    }

    /// The page of 100 after the reservation nine tenths into the listing (`marker`): its cost must not
    /// depend on how many reservations come before it.
    private func measureDeepPage(_ client: HTTPClient, base: String, engine: ServiceEngine) async throws -> Row {
        let store = await engine.store
        let offset = preload * 9 / 10
        let marker = try store.read { db in
            try db.fetchValue(String.self, sql: "SELECT id FROM serve_reservation ORDER BY created_at, id LIMIT 1 OFFSET ?", arguments: [offset])
        }
        guard let marker else { throw ValidationError("no reservation to page from after preloading") }
        let page = try await measure(count: requests) { _ in
            [try await Self.send(client, .GET, base + "/v1/paths?limit=100&marker=\(marker)", expect: .ok).sample]
        }
        return Self.row("GET /v1/paths?limit=100&marker= (90 %)", page["GET /v1/paths"] ?? .init())
    }

    /// A host other than `index % count`, spread over the fabric.
    private static func partner(of index: Int, among count: Int) -> Int {
        (index + 1 + (index * 7) % (count - 1)) % count
    }

    /// Stores `preload` reservations of the minimum rate between spread host pairs, in bulk transactions.
    private func preloadReservations(_ engine: ServiceEngine, hosts: [String]) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let batch = 5000
        var stored = 0
        while stored < preload {
            let count = min(batch, preload - stored)
            let requests = (stored..<stored + count).map { index in
                PathRequest(source: hosts[index % hosts.count], destination: hosts[Self.partner(of: index, among: hosts.count)],
                            bandwidthBps: engine.limits.minimumRateBps, qosClass: "bronze")
            }
            _ = try await engine.reserveAll(requests)
            stored += count
            progress("preloaded \(stored)/\(preload) reservations (\(clock.now - started))")
        }
    }

    // MARK: Measuring

    /// Latencies of one kind of request and how many failed, with the wall time of the whole batch.
    struct Samples {
        var seconds: [Double] = []
        var failed = 0
        var wallSeconds = 0.0
    }

    /// One timed request: its name (`POST /v1/paths`), seconds, and whether it got the expected status.
    typealias Sample = (name: String, seconds: Double, ok: Bool)

    /// Runs `count` jobs with at most `concurrency` in flight and groups their samples by request name.
    private func measure(count: Int, _ job: @escaping @Sendable (Int) async throws -> [Sample]) async throws -> [String: Samples] {
        let clock = ContinuousClock()
        let started = clock.now
        var samples: [String: Samples] = [:]
        try await withThrowingTaskGroup(of: [Sample].self) { group in
            var next = 0
            for _ in 0..<min(concurrency, count) {
                let index = next
                group.addTask { try await job(index) }
                next += 1
            }
            while let results = try await group.next() {
                for sample in results {
                    samples[sample.name, default: Samples()].seconds.append(sample.seconds)
                    if !sample.ok { samples[sample.name, default: Samples()].failed += 1 }
                }
                if next < count {
                    let index = next
                    group.addTask { try await job(index) }
                    next += 1
                }
            }
        }
        let wall = clock.now - started
        let wallSeconds = wall.seconds
        for name in samples.keys { samples[name]?.wallSeconds = wallSeconds }
        return samples
    }

    /// One reservation's create, read, resize and release, each timed.
    private static func lifecycle(_ client: HTTPClient, base: String, source: String, destination: String) async throws -> [Sample] {
        let created = try await send(client, .POST, base + "/v1/paths", expect: .created,
                                     body: #"{"src": "\#(source)", "dst": "\#(destination)", "bandwidth_bps": "10M", "class": "silver"}"#)
        guard created.sample.ok,
              let object = try? JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any],
              let id = object["id"] as? String else { return [created.sample] }
        return [
            created.sample,
            try await send(client, .GET, base + "/v1/paths/\(id)", expect: .ok).sample,
            try await send(client, .PATCH, base + "/v1/paths/\(id)", expect: .ok, body: #"{"bandwidth_bps": "20M"}"#).sample,
            try await send(client, .DELETE, base + "/v1/paths/\(id)", expect: .noContent).sample,
        ]
    }

    private static func send(
        _ client: HTTPClient, _ method: HTTPMethod, _ url: String, expect: HTTPResponseStatus, body: String? = nil
    ) async throws -> (sample: Sample, body: ByteBuffer) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let clock = ContinuousClock()
        let started = clock.now
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        let elapsed = clock.now - started
        let seconds = elapsed.seconds
        return ((name(method, url), seconds, response.status == expect), bytes)
    }

    private static func name(_ method: HTTPMethod, _ url: String) -> String {
        guard let path = URL(string: url)?.path else { return "\(method) \(url)" }
        let parts = path.split(separator: "/")
        let generic = parts.count == 3 && parts[1] == "paths" ? "/v1/paths/{id}" : path
        return "\(method) \(generic)"
    }

    private static func row(_ name: String, _ samples: Samples) -> Row {
        let sorted = samples.seconds.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] * 1000
        }
        return Row(request: name, count: sorted.count, failed: samples.failed, p50_ms: percentile(0.5), p90_ms: percentile(0.9),
                   p99_ms: percentile(0.99), max_ms: (sorted.last ?? 0) * 1000,
                   per_second: samples.wallSeconds > 0 ? Double(sorted.count) / samples.wallSeconds : 0)
    }

    private static func ms(_ value: Double) -> String { String(format: "%.2f", value) }

    private func progress(_ message: String) {
        if !json { printError("[bench] \(message)") }
    }
}
