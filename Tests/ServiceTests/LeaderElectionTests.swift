import Foundation
import Glibc
import Testing
import Topology
import TopologyStore
import WeftTestSupport

@testable import Service

/// The leader lease and its fencing token on a real PostgreSQL server, first through the lease itself,
/// then with three `weft serve` processes sharing one database.
@Suite("Leader election on PostgreSQL: one leader, fencing tokens, failover")
struct LeaderElectionTests {
    private func lease(_ url: String, _ holder: String, seconds: Int = 3) throws -> LeaderLease {
        LeaderLease(engine: try PostgresEngine(url: url), holder: holder, address: "http://\(holder)", duration: .seconds(seconds))
    }

    private func newDatabase() throws -> String {
        let url = try PostgresServer.shared.get().newDatabaseURL()
        try TopologyStore(location: url, additionalMigrations: ServeSchema.allMigrations).save(Fabrics.spineLeaf(), source: "test")
        return url
    }

    @Test("the first instance takes the lease with token 1; the others cannot while it renews")
    func oneLeader() throws {
        let url = try newDatabase()
        let a = try lease(url, "a"), b = try lease(url, "b")
        #expect(try a.acquire() == 1)
        #expect(try b.acquire() == nil)
        #expect(try a.renew(token: 1))
        #expect(try b.acquire() == nil)
        #expect(try b.current()?.holder == "a")
    }

    @Test("an expired lease goes to the next instance with the next token; the old token's writes are refused")
    func expiredLeaseIsFenced() throws {
        let url = try newDatabase()
        let a = try lease(url, "a", seconds: 1), b = try lease(url, "b", seconds: 1)
        #expect(try a.acquire() == 1)
        // a keeps its session but stops renewing: a paused leader.
        let fenceA = LeaseFence(holder: "a"), fenceB = LeaseFence(holder: "b")
        fenceA.grant(1)
        let storeA = try TopologyStore(location: url, additionalMigrations: ServeSchema.allMigrations, fence: fenceA)
        let storeB = try TopologyStore(location: url, additionalMigrations: ServeSchema.allMigrations, fence: fenceB)
        var changed = Fabrics.spineLeaf()
        changed.links[0].isUp = false
        #expect(try storeA.saveIfChanged(changed, source: "a while leader").madeNewVersion)
        #expect(try b.acquire() == nil)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try b.acquire() == 2)
        fenceB.grant(2)
        #expect(try !a.renew(token: 1))
        changed.links[1].isUp = false
        #expect(throws: TopologyStoreError.notLeader(.staleToken(holder: "a", token: 1, current: 2))) {
            try storeA.saveIfChanged(changed, source: "a after takeover")
        }
        #expect(try storeB.saveIfChanged(changed, source: "b").version.number == 3)
        #expect(try storeB.versions().map(\.source) == ["test", "a while leader", "b"])
    }

    @Test("a follower's store refuses every write")
    func followerWritesNothing() throws {
        let url = try newDatabase()
        let store = try TopologyStore(location: url, additionalMigrations: ServeSchema.allMigrations, fence: LeaseFence(holder: "f"))
        #expect(throws: TopologyStoreError.notLeader(.notLeader(holder: "f"))) { try store.save(Fabrics.spineLeaf(), source: "f") }
        #expect(try store.versions().count == 1)
    }

    @Test("a leader whose database session is gone is replaced at once, before its lease expires")
    func deadSessionIsReplacedBeforeExpiry() throws {
        let url = try newDatabase()
        let a = try lease(url, "a", seconds: 30), b = try lease(url, "b", seconds: 30)
        #expect(try a.acquire() == 1)
        #expect(try b.acquire() == nil)
        try a.engine.close()
        let started = ContinuousClock.now
        var token: Int64?
        while token == nil, started.duration(to: .now) < .seconds(5) {
            token = try b.acquire()
        }
        #expect(token == 2)
        #expect(started.duration(to: .now) < .seconds(5))
    }

    // MARK: Three weft serve processes

    /// Three `weft serve` instances on one database, on free loopback ports.
    final class Cluster: @unchecked Sendable {
        let url: String
        let directory: String
        var instances: [(id: String, api: String, process: ManagedProcess)] = []

        init(lease: String = "3s", server: PostgresServer? = nil) throws {
            url = try (server ?? PostgresServer.shared.get()).newDatabaseURL()
            try TopologyStore(location: url, additionalMigrations: ServeSchema.allMigrations).save(Fabrics.spineLeaf(), source: "test")
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-ha-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for index in 1...3 {
                let port = try PostgresServer.freeLoopbackPort()
                let id = "weft-\(index)"
                let process = try ManagedProcess(
                    name: id, executable: WeftSubprocess.executable,
                    arguments: ["serve", "--db", url, "--listen", "127.0.0.1:\(port)", "--instance-id", id, "--lease", lease],
                    logPath: "\(directory)/\(id).log")
                instances.append((id, "http://127.0.0.1:\(port)", process))
            }
        }

        func stop() async {
            for instance in instances {
                kill(instance.process.pid, SIGCONT)
                await instance.process.stop()
            }
        }

        /// `ha` of every instance that answers.
        func health() async -> [String: [String: Any]] {
            var result: [String: [String: Any]] = [:]
            for instance in instances {
                if let (status, body, _) = try? await HTTP.request("GET", instance.api + "/healthz", timeout: 0.5), status == 200,
                   let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                   let ha = object["ha"] as? [String: Any] {
                    result[instance.id] = ha
                }
            }
            return result
        }

        /// The instances that say they lead.
        func leaders() async -> [String] {
            await health().filter { $0.value["role"] as? String == "leader" }.keys.sorted()
        }

        /// Waits until exactly one instance leads; returns it.
        func oneLeader(seconds: Double) async -> String? {
            var found: String?
            _ = await WeftSubprocess.waitUntil(seconds: seconds) {
                let leaders = await self.leaders()
                found = leaders.count == 1 ? leaders[0] : nil
                return found != nil
            }
            return found
        }
    }

    /// Starts three instances, waits for their leader, runs `body` with it, and stops them by pid.
    private func withCluster(server: PostgresServer? = nil, _ body: (Cluster, String) async throws -> Void) async throws {
        let cluster = try Cluster(server: server)
        do {
            let leader = try #require(await cluster.oneLeader(seconds: 15), "no instance became leader")
            try await body(cluster, leader)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    @Test("three instances elect one leader; followers answer writes with a redirect to it and serve reads")
    func threeInstancesOneLeader() async throws {
        try await withCluster { cluster, leader in
            let health = await cluster.health()
            #expect(health.count == 3)
            #expect(Set(health.values.compactMap { $0["leader"] as? String }) == [leader])
            let follower = try #require(cluster.instances.first { $0.id != leader })
            let leaderAPI = try #require(cluster.instances.first { $0.id == leader }).api
            let (status, body, headers) = try await HTTP.request("POST", follower.api + "/v1/paths", json: #"{"src": "leaf1", "dst": "leaf2", "bandwidth_bps": 1e9}"#)
            #expect(status == 307, "\(body)")
            #expect(headers["location"] == leaderAPI + "/v1/paths")
            #expect(body.contains("not_leader"))
            let created = try await HTTP.request("POST", leaderAPI + "/v1/paths", json: #"{"src": "leaf1", "dst": "leaf2", "bandwidth_bps": 1e9}"#)
            #expect(created.status == 201, "\(created.body)")
            let read = try await HTTP.request("GET", follower.api + "/v1/paths")
            #expect(read.status == 200 && read.body.contains("leaf1"))
        }
    }

    @Test("SIGKILL of the leader: another instance leads within the lease time with the next token")
    func killedLeaderIsReplaced() async throws {
        try await withCluster { cluster, old in
            let oldToken = try #require(await cluster.health()[old]?["token"] as? Int)
            let victim = try #require(cluster.instances.first { $0.id == old })
            let killed = ContinuousClock.now
            kill(victim.process.pid, SIGKILL)
            var newLeader: String?
            while newLeader == nil, killed.duration(to: .now) < .seconds(10) {
                newLeader = await cluster.leaders().first { $0 != old }
                if newLeader == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let failover = killed.duration(to: .now)
            print("failover after SIGKILL: \(failover) (lease 3 s)")
            let successor = try #require(newLeader)
            #expect(failover <= .seconds(3))
            let token = try #require(await cluster.health()[successor]?["token"] as? Int)
            #expect(token == oldToken + 1)
            #expect(await cluster.leaders() == [successor])
        }
    }

    @Test("SIGSTOP of the leader past its lease, then SIGCONT: another leads, and the old one steps down by itself")
    func pausedLeaderStepsDown() async throws {
        try await withCluster { cluster, old in
            let paused = try #require(cluster.instances.first { $0.id == old })
            kill(paused.process.pid, SIGSTOP)
            let stopped = ContinuousClock.now
            #expect(await WeftSubprocess.waitUntil(seconds: 10) { await cluster.leaders().contains { $0 != old } })
            print("failover after SIGSTOP: \(stopped.duration(to: .now)) (lease 3 s)")
            try await Task.sleep(for: .seconds(1))
            kill(paused.process.pid, SIGCONT)
            #expect(await WeftSubprocess.waitUntil(seconds: 5) {
                await cluster.health()[old]?["role"] as? String == "follower"
            })
            let leaders = await cluster.leaders()
            #expect(leaders.count == 1 && leaders.first != old)
            #expect(paused.process.log.contains("stepped down"))
        }
    }

    @Test("PostgreSQL frozen (SIGSTOP): the leader steps down within the lease although its renewal hangs; thawed, one leader again")
    func frozenDatabase() async throws {
        let server = try PostgresServer()
        defer {
            server.signalAll(SIGCONT)
            server.stop()
        }
        try await withCluster(server: server) { cluster, leader in
            let instance = try #require(cluster.instances.first { $0.id == leader })
            server.signalAll(SIGSTOP)
            let frozen = ContinuousClock.now
            let steppedDown = await WeftSubprocess.waitUntil(seconds: 6) {
                instance.process.log.contains("no renewal for more than the lease time")
            }
            print("leader stepped down \(frozen.duration(to: .now)) after the database froze (lease 3 s)")
            #expect(steppedDown)
            #expect(frozen.duration(to: .now) <= .seconds(4.5))
            let asked = ContinuousClock.now
            let health = try await HTTP.request("GET", instance.api + "/healthz", timeout: 15)
            print("/healthz answered \(asked.duration(to: .now)) into the freeze: \(health.body)")
            #expect(health.status == 200 && health.body.contains("\"role\":\"follower\""))
            #expect(asked.duration(to: .now) <= .seconds(7))
            server.signalAll(SIGCONT)
            #expect(await cluster.oneLeader(seconds: 15) != nil)
        }
    }

    @Test("PostgreSQL restarted: the leader steps down while the database is away, and one leader is elected after")
    func databaseRestart() async throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try await withCluster(server: server) { cluster, _ in
            let before = try #require(await cluster.health().values.first?["token"] as? Int)
            server.stop()
            #expect(await WeftSubprocess.waitUntil(seconds: 5) {
                let health = await cluster.health()
                return health.count == 3 && health.values.allSatisfy { $0["role"] as? String == "follower" && $0["database_reachable"] as? Bool == false }
            })
            try server.start()
            #expect(await WeftSubprocess.waitUntil(seconds: 10) { await cluster.leaders().count == 1 })
            let after = await cluster.health()
            #expect(Set(after.values.compactMap { $0["token"] as? Int }) == [before + 1])
            #expect(after.count == 3)
        }
    }
}

/// HTTP through curl (status, body, lower-cased response headers).
enum HTTP {
    static func request(_ method: String, _ url: String, json: String? = nil, timeout: Double = 5) async throws -> (status: Int, body: String, headers: [String: String]) {
        var arguments = ["-sS", "--max-time", String(timeout), "-X", method, "-D", "-", url]
        if let json { arguments += ["-H", "Content-Type: application/json", "-d", json] }
        let output = try await Command("/usr/bin/curl", arguments).run()
        let parts = output.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        let lines = head.components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, body, headers)
    }
}
