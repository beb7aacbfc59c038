import FlowCompiler
import Foundation
import Glibc
import Testing
import Topology
import TopologyStore
import WeftTestSupport

@testable import Service

/// The HA proofs: a 3×4 userspace OVS fabric, three `weft serve --openflow` instances on one real
/// PostgreSQL database, every bridge connected to all three, continuous UDP counted at the receivers.
@Suite("HA on an OVS fabric: three instances, one PostgreSQL, failover under UDP load", .serialized)
struct HAFailoverOVSTests {
    /// The three instances inside the fabric's switch namespace.
    final class Cluster: @unchecked Sendable {
        struct Instance {
            var id: String
            var api: String
            var openFlowPort: UInt16
            var process: ManagedProcess
        }

        let fabric: OVSFabric
        let instances: [Instance]

        init(fabric: OVSFabric, server: PostgresServer) async throws {
            self.fabric = fabric
            let database = try server.newDatabase()
            try TopologyStore(location: server.url(database: database), additionalMigrations: ServeSchema.allMigrations)
                .save(fabric.topology, source: "ovs fabric")
            var instances: [Instance] = []
            for index in 1...3 {
                let id = "weft-\(index)"
                let apiPort = 20_000 + Int.random(in: 0..<10_000), openFlowPort = UInt16(30_000 + Int.random(in: 0..<10_000))
                let api = "http://127.0.0.1:\(apiPort)"
                let process = try ManagedProcess(
                    name: id, executable: "/usr/sbin/ip",
                    arguments: ["netns", "exec", fabric.switchNamespace, WeftSubprocess.executable, "serve",
                                "--db", server.socketURL(database: database), "--listen", "127.0.0.1:\(apiPort)",
                                "--openflow", "127.0.0.1:\(openFlowPort)", "--instance-id", id, "--advertise", api, "--lease", "3s"],
                    logPath: "\(fabric.directory)/\(id).log")
                instances.append(Instance(id: id, api: api, openFlowPort: openFlowPort, process: process))
            }
            self.instances = instances
            try await fabric.connectControllers(ports: instances.map(\.openFlowPort))
        }

        func stop() async {
            for instance in instances {
                kill(instance.process.pid, SIGCONT)
                await instance.process.stop()
            }
        }

        func instance(_ id: String) -> Instance? { instances.first { $0.id == id } }

        /// `/healthz` of `instance`, `nil` when it does not answer within half a second.
        func health(_ instance: Instance) async -> [String: Any]? {
            guard let text = try? await Command("/usr/sbin/ip", ["netns", "exec", fabric.switchNamespace, "/usr/bin/curl", "-sSf",
                                                                 "--max-time", "0.5", instance.api + "/healthz"]).run() else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }

        /// Instances (among `candidates`) that say they lead.
        func leaders(among candidates: [Instance]? = nil) async -> [String] {
            var result: [String] = []
            for instance in candidates ?? instances {
                if let ha = await health(instance)?["ha"] as? [String: Any], ha["role"] as? String == "leader" { result.append(instance.id) }
            }
            return result
        }

        /// Waits for one leader whose controller programmed every switch; returns its id.
        func programmedLeader(among candidates: [Instance]? = nil, seconds: Double) async -> String? {
            var found: String?
            _ = await WeftSubprocess.waitUntil(seconds: seconds) {
                let leaders = await self.leaders(among: candidates)
                guard leaders.count == 1, let leader = self.instance(leaders[0]),
                      let controller = await self.health(leader)?["controller"] as? [String: Any],
                      controller["connected_switches"] as? Int == self.fabric.topology.switches.count,
                      (controller["flows_installed"] as? Int ?? 0) > 0 else { return false }
                found = leader.id
                return true
            }
            return found
        }

        /// Stored topology versions, read through any instance that answers.
        func versionCount() async -> Int? {
            for instance in instances {
                if let text = try? await Command("/usr/sbin/ip", ["netns", "exec", fabric.switchNamespace, "/usr/bin/curl", "-sSf",
                                                                  "--max-time", "1", instance.api + "/v1/topology/versions"]).run(),
                   let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                   let versions = object["versions"] as? [Any] {
                    return versions.count
                }
            }
            return nil
        }

        /// The OpenFlow role OVS gives each instance's connections, per bridge: `["leaf1": ["weft-1": "master", …]]`.
        func switchRoles() async throws -> [String: [String: String]] {
            var roles: [String: [String: String]] = [:]
            for item in fabric.topology.switches {
                let lines = try await fabric.vsctl(["--format=csv", "--no-headings", "--columns=controller", "list", "Bridge", item.name])
                let ids = lines.components(separatedBy: CharacterSet(charactersIn: "[], \"\n")).filter { $0.count == 36 }
                var byInstance: [String: String] = [:]
                for uuid in ids {
                    let row = try await fabric.vsctl(["--format=csv", "--no-headings", "--columns=target,role", "list", "Controller", uuid])
                    let fields = row.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                    guard fields.count == 2, let instance = instances.first(where: { fields[0].hasSuffix(":\($0.openFlowPort)") }) else { continue }
                    byInstance[instance.id] = fields[1]
                }
                roles[item.name] = byInstance
            }
            return roles
        }

        /// Every bridge holds each (table, priority, match) once, all of `version`.
        func expectCleanFlows(version: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            for item in fabric.topology.switches {
                let dumped = try await fabric.flows(on: item.name)
                let keys = dumped.map { "\($0.table)/\($0.priority)/\($0.match.joined(separator: ","))" }
                #expect(Set(keys).count == keys.count, "\(item.name): duplicate entries", sourceLocation: sourceLocation)
                let versions = Set(dumped.map { FlowCookie(rawValue: $0.cookie).version })
                #expect(versions == [UInt32(version)], "\(item.name): versions \(versions), expected only \(version)", sourceLocation: sourceLocation)
            }
        }

        func logs() -> String {
            instances.map { "---- \($0.id)\n\($0.process.log.suffix(6000))" }.joined(separator: "\n")
        }
    }

    private func withCluster(server: PostgresServer? = nil, _ body: (Cluster) async throws -> Void) async throws {
        let server = try server ?? PostgresServer.shared.get()
        try await withOVSFabric(spines: 3, leaves: 4, hostsPerLeaf: 1) { fabric in
            let cluster = try await Cluster(fabric: fabric, server: server)
            do {
                try await body(cluster)
            } catch {
                print(cluster.logs())
                await cluster.stop()
                throw error
            }
            await cluster.stop()
        }
    }

    /// Two cross-fabric UDP streams (leaf1 → leaf3, leaf2 → leaf4), 500 datagrams/s each.
    private func startProbes(_ fabric: OVSFabric, seconds: Double) async throws -> [UDPProbe] {
        let hosts = fabric.topology.hosts.sorted { $0.name < $1.name }
        return [
            try await UDPProbe.start("a", in: fabric, from: hosts[0], to: hosts[2], rate: 500, seconds: seconds),
            try await UDPProbe.start("b", in: fabric, from: hosts[1], to: hosts[3], rate: 500, seconds: seconds),
        ]
    }

    private func finish(_ probes: [UDPProbe]) async throws -> (sent: Int, lost: Int, duplicates: Int) {
        var total = (sent: 0, lost: 0, duplicates: 0)
        for probe in probes {
            let outcome = try await probe.finish()
            print("UDP \(probe.name): sent \(outcome.sent), received \(outcome.received), lost \(outcome.lost), duplicates \(outcome.duplicates)")
            total.sent += outcome.sent
            total.lost += outcome.lost
            total.duplicates += outcome.duplicates
        }
        return total
    }

    @Test("SIGKILL of the leader: a new leader within the lease time, zero datagrams lost, clean switches, at most one new version")
    func killedLeader() async throws {
        try await withCluster { cluster in
            let leader = try #require(await cluster.programmedLeader(seconds: 30), "no leader programmed the fabric")
            // "Programmed" is the first installed entry; the leader may still be installing the rest.
            #expect(await WeftSubprocess.waitUntil(seconds: 10) { await cluster.fabric.unreachablePairs().isEmpty })
            let versionsBefore = try #require(await cluster.versionCount())
            let probes = try await startProbes(cluster.fabric, seconds: 10)
            try await Task.sleep(for: .seconds(3))
            let victim = try #require(cluster.instance(leader))
            let survivors = cluster.instances.filter { $0.id != leader }
            let killed = ContinuousClock.now
            kill(victim.process.pid, SIGKILL)
            var successor: String?
            while successor == nil, killed.duration(to: .now) < .seconds(10) {
                successor = await cluster.leaders(among: survivors).first
            }
            let failover = killed.duration(to: .now)
            let traffic = try await finish(probes)
            print("HA SIGKILL: new leader \(successor ?? "none") after \(failover); \(traffic.lost) of \(traffic.sent) datagrams lost, \(traffic.duplicates) duplicates")
            let newLeader = try #require(successor)
            #expect(failover <= .seconds(3))
            #expect(traffic.sent == 10_000 && traffic.lost == 0 && traffic.duplicates == 0)
            #expect(await cluster.programmedLeader(among: survivors, seconds: 10) == newLeader)
            let leading = try #require(cluster.instance(newLeader))
            let health = try #require(await cluster.health(leading))
            let version = try #require((health["controller"] as? [String: Any])?["program_version"] as? Int)
            try await cluster.expectCleanFlows(version: version)
            let roles = try await cluster.switchRoles()
            for (bridge, byInstance) in roles {
                #expect(byInstance[newLeader] == "master", "\(bridge): \(byInstance)")
                #expect(byInstance.values.filter { $0 == "master" }.count == 1, "\(bridge): \(byInstance)")
            }
            let versionsAfter = try #require(await cluster.versionCount())
            #expect(versionsAfter - versionsBefore <= 1, "\(versionsBefore) -> \(versionsAfter) stored versions")
        }
    }

    @Test("SIGSTOP of the leader past its lease, then SIGCONT: the switches hold it as slave, it steps down, nothing lost")
    func pausedLeader() async throws {
        try await withCluster { cluster in
            let leader = try #require(await cluster.programmedLeader(seconds: 30), "no leader programmed the fabric")
            let probes = try await startProbes(cluster.fabric, seconds: 12)
            try await Task.sleep(for: .seconds(2))
            let paused = try #require(cluster.instance(leader))
            let others = cluster.instances.filter { $0.id != leader }
            kill(paused.process.pid, SIGSTOP)
            let stopped = ContinuousClock.now
            let successor = await cluster.programmedLeader(among: others, seconds: 10)
            let takeover = stopped.duration(to: .now)
            try await Task.sleep(until: stopped + .seconds(5))
            kill(paused.process.pid, SIGCONT)
            let resumed = await WeftSubprocess.waitUntil(seconds: 5) {
                (await cluster.health(paused)?["ha"] as? [String: Any])?["role"] as? String == "follower"
            }
            let traffic = try await finish(probes)
            // ovs-vswitchd refreshes the Controller table's status columns every few seconds: read them last.
            let roles = try await cluster.switchRoles()
            print("HA SIGSTOP: new leader \(successor ?? "none") (takeover seen \(takeover) after the pause); \(traffic.lost) of \(traffic.sent) datagrams lost")
            let newLeader = try #require(successor)
            #expect(resumed, "the paused leader did not step down after SIGCONT")
            #expect(paused.process.log.contains("stepped down"))
            for (bridge, byInstance) in roles {
                #expect(byInstance[newLeader] == "master" && byInstance[leader] == "slave", "\(bridge): \(byInstance)")
            }
            #expect(await cluster.leaders() == [newLeader])
            #expect(traffic.lost == 0 && traffic.duplicates == 0)
            let leading = try #require(cluster.instance(newLeader))
            let health = try #require(await cluster.health(leading))
            let version = try #require((health["controller"] as? [String: Any])?["program_version"] as? Int)
            try await cluster.expectCleanFlows(version: version)
        }
    }

    @Test("PostgreSQL restarted under load: no instance leads while it is away, one leader after, nothing lost")
    func databaseRestart() async throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try await withCluster(server: server) { cluster in
            _ = try #require(await cluster.programmedLeader(seconds: 30), "no leader programmed the fabric")
            let probes = try await startProbes(cluster.fabric, seconds: 12)
            try await Task.sleep(for: .seconds(2))
            server.stop()
            var mostLeaders = 0
            let away = ContinuousClock.now
            while away.duration(to: .now) < .seconds(4) {
                mostLeaders = max(mostLeaders, await cluster.leaders().count)
                try await Task.sleep(for: .milliseconds(200))
            }
            let followersWhileAway = await cluster.leaders().isEmpty
            try server.start()
            let leader = await cluster.programmedLeader(seconds: 15)
            let traffic = try await finish(probes)
            print("HA PostgreSQL restart: leader after restart \(leader ?? "none"); at most \(mostLeaders) leader(s) seen while it was away; \(traffic.lost) of \(traffic.sent) datagrams lost")
            #expect(followersWhileAway, "an instance still claimed leadership with the database away")
            #expect(mostLeaders <= 1)
            #expect(leader != nil)
            #expect(traffic.lost == 0 && traffic.duplicates == 0)
            let roles = try await cluster.switchRoles()
            for (bridge, byInstance) in roles {
                #expect(byInstance.values.filter { $0 == "master" }.count == 1, "\(bridge): \(byInstance)")
            }
        }
    }
}
