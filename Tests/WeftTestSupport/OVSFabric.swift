import Foundation
import Glibc
import Topology
import struct Topology.Host
import TopologyFormats

/// A real Open vSwitch spine-leaf fabric in userspace, built from a generated `Topology`.
///
/// Layout: a private directory holds the OVSDB file, sockets, logs and pid files; `ovsdb-server` runs
/// in the root namespace and `ovs-vswitchd` inside a private network namespace (`<run>-ovs`), because
/// the userspace datapath creates tap devices named after bridges and `ovs-netdev`, which would collide
/// with any other running fabric. Bridges are `datapath_type=netdev`, `protocols=OpenFlow13`,
/// `fail_mode=secure`, with the topology's datapath ids. Every port is named `<switch>-<port>` and gets
/// its topology port number as `ofport_request`: fabric links are patch-port pairs, hosts are network
/// namespaces (`<run>-<host>`) joined by a veth pair whose inside end is `eth0` with the host's MAC and IP.
///
/// Every name carries the run id, so parallel runs never collide. `teardown()` stops the daemons by the
/// process ids in their pid files and deletes every namespace with the run's prefix, then the directory.
public struct OVSFabric: Sendable {
    public let topology: Topology
    /// Short unique prefix of every namespace this run creates, e.g. `w3fa2`.
    public let runID: String
    /// Private directory: OVSDB, sockets, logs, pid files.
    public let directory: String

    public static let directoryPrefix = "weft-ovs-"

    public init(topology: Topology) {
        self.topology = topology
        runID = "w" + String(UInt32.random(in: 0x10000...0xFFFFF), radix: 16)
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(Self.directoryPrefix)\(getpid())-\(runID)").path
    }

    private init(topology: Topology, runID: String, directory: String) {
        self.topology = topology
        self.runID = runID
        self.directory = directory
    }

    // MARK: Names

    /// The namespace `ovs-vswitchd`, its bridges, patch ports and the switch ends of host veths live in.
    public var switchNamespace: String { "\(runID)-ovs" }

    /// The namespace that plays host `host`.
    public func namespace(of host: Host) -> String { "\(runID)-\(host.name)" }

    /// OVS port (and interface) name of a switch port: `<switch>-<port>`, at most 15 characters.
    public static func portName(_ end: LinkEnd) -> String { "\(end.node)-\(end.port)" }

    public var environment: [String: String] { ["OVS_RUNDIR": directory, "OVS_DBDIR": directory, "OVS_LOGDIR": directory] }

    private var databaseSocket: String { "unix:\(directory)/db.sock" }
    private var daemons: [String] { ["ovs-vswitchd", "ovsdb-server"] }

    // MARK: Commands

    /// Runs `ovs-vsctl` against this fabric's database.
    @discardableResult
    public func vsctl(_ arguments: [String]) async throws -> String {
        try await Command("/usr/bin/ovs-vsctl", ["--db=\(databaseSocket)", "--timeout=20"] + arguments, environment: environment).run()
    }

    /// Runs `ovs-ofctl -O OpenFlow13` against this fabric's bridges.
    @discardableResult
    public func ofctl(_ arguments: [String]) async throws -> String {
        try await Command("/usr/bin/ovs-ofctl", ["-O", "OpenFlow13"] + arguments, environment: environment).run()
    }

    /// Runs `ip` with the given arguments.
    @discardableResult
    public func ip(_ arguments: [String]) async throws -> String {
        try await Command("/usr/sbin/ip", arguments).run()
    }

    // MARK: Lifecycle

    /// Starts the daemons and builds bridges and hosts, and the patch links unless `cables` is false
    /// (then `addCables()` adds them later, as cables that come up after the switch booted).
    /// On error the caller tears down.
    public func build(cables: Bool = true) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await ip(["netns", "add", switchNamespace])
        try await ip(["-n", switchNamespace, "link", "set", "lo", "up"])

        try await Command("/usr/bin/ovsdb-tool", ["create", "\(directory)/conf.db", "/usr/share/openvswitch/vswitch.ovsschema"]).run()
        try await Command("/usr/sbin/ovsdb-server", [
            "\(directory)/conf.db", "--remote=p\(databaseSocket)", "--detach", "--no-chdir",
            "--pidfile=\(directory)/ovsdb-server.pid", "--log-file=\(directory)/ovsdb-server.log",
            "--unixctl=\(directory)/ovsdb-server.ctl",
        ], environment: environment).run()
        try await vsctl(["--no-wait", "init"])
        try await Command("/usr/sbin/ip", [
            "netns", "exec", switchNamespace, "/usr/sbin/ovs-vswitchd", databaseSocket, "--detach", "--no-chdir",
            "--pidfile=\(directory)/ovs-vswitchd.pid", "--log-file=\(directory)/ovs-vswitchd.log",
            "--unixctl=\(directory)/ovs-vswitchd.ctl",
        ], environment: environment).run()

        try await withThrowingTaskGroup(of: Void.self) { group in
            for host in topology.hosts {
                group.addTask { try await addHost(host) }
            }
            try await group.waitForAll()
        }
        try await vsctl(bridgeCommands(cables: cables))
    }

    /// Adds the patch-port pairs of `links` (every link of the topology by default) in one transaction;
    /// returns once `ovs-vswitchd` applied it.
    public func addCables(_ links: [Link]? = nil) async throws {
        let commands = cableCommands(links ?? topology.links)
        guard !commands.isEmpty else { return }
        try await vsctl(commands)
    }

    private func addHost(_ host: Host) async throws {
        let namespace = namespace(of: host)
        let outside = Self.portName(host.attachment)
        try await ip(["netns", "add", namespace])
        try await ip(["link", "add", outside, "netns", switchNamespace, "type", "veth", "peer", "name", "eth0", "netns", namespace])
        try await ip(["-n", switchNamespace, "link", "set", outside, "up"])
        try await ip(["-n", namespace, "link", "set", "eth0", "address", host.mac.description])
        try await ip(["-n", namespace, "address", "add", "\(host.ip)/\(hostPrefixLength)", "dev", "eth0"])
        try await ip(["-n", namespace, "link", "set", "eth0", "up"])
        try await ip(["-n", namespace, "link", "set", "lo", "up"])
    }

    /// The longest prefix that covers every host address, so hosts ARP for each other directly.
    private var hostPrefixLength: Int {
        guard let first = topology.hosts.first?.ip.value else { return 24 }
        let differing = topology.hosts.reduce(UInt32(0)) { $0 | ($1.ip.value ^ first) }
        return min(30, differing.leadingZeroBitCount)
    }

    /// One `ovs-vsctl` transaction: every bridge, every patch port pair (unless `cables` is false) and
    /// every host port.
    private func bridgeCommands(cables: Bool) -> [String] {
        var commands: [String] = []
        for item in topology.switches {
            commands += [
                "--", "add-br", item.name,
                "--", "set", "Bridge", item.name, "datapath_type=netdev", "protocols=OpenFlow13", "fail_mode=secure",
                "other-config:datapath-id=\(item.datapathID)",
            ]
        }
        if cables {
            commands += cableCommands(topology.links)
        }
        for host in topology.hosts {
            let name = Self.portName(host.attachment)
            commands += [
                "--", "add-port", host.attachment.node, name,
                "--", "set", "Interface", name, "ofport_request=\(host.attachment.port)",
            ]
        }
        return commands
    }

    private func cableCommands(_ links: [Link]) -> [String] {
        links.flatMap { link in
            let name = Self.portName(link.source)
            return [
                "--", "add-port", link.source.node, name,
                "--", "set", "Interface", name, "type=patch", "options:peer=\(Self.portName(link.target))",
                "ofport_request=\(link.source.port)",
            ]
        }
    }

    /// Points every bridge at a controller on `<scheme>:127.0.0.1:port` of the switch namespace (`ssl` needs
    /// `vsctl(["set-ssl", key, cert, ca])` first), out of band,
    /// with a one-second reconnect backoff so a restarted controller is found quickly (pass 8000, OVS's
    /// default, to see switches come back as slowly as in a real deployment).
    public func connectControllers(port: UInt16, maxBackoffMilliseconds: Int = 1000, scheme: String = "tcp") async throws {
        var commands: [String] = []
        for (index, item) in topology.switches.enumerated() {
            commands += [
                "--", "--id=@c\(index)", "create", "Controller", "target=\"\(scheme):127.0.0.1:\(port)\"",
                "max_backoff=\(maxBackoffMilliseconds)", "connection_mode=out-of-band",
                "--", "set", "Bridge", item.name, "controller=@c\(index)",
            ]
        }
        try await vsctl(commands)
    }

    /// Points every bridge at several controllers at once (`tcp:127.0.0.1:port` each, out of band), as
    /// an HA deployment does: each connection then holds its own OpenFlow role.
    public func connectControllers(ports: [UInt16]) async throws {
        var commands: [String] = []
        for (bridge, item) in topology.switches.enumerated() {
            let references = ports.indices.map { "@c\(bridge)_\($0)" }
            for (index, port) in ports.enumerated() {
                commands += ["--", "--id=\(references[index])", "create", "Controller", "target=\"tcp:127.0.0.1:\(port)\"",
                             "max_backoff=1000", "connection_mode=out-of-band"]
            }
            commands += ["--", "set", "Bridge", item.name, "controller=[\(references.joined(separator: ","))]"]
        }
        try await vsctl(commands)
    }

    /// A listening socket on `127.0.0.1` in the switch namespace for the controller to accept on.
    public func controllerSocket(port: UInt16 = 0) throws -> NamespaceSocket {
        try NamespaceSocket.listening(inNamespace: switchNamespace, port: port)
    }

    /// Stops the daemons by pid, deletes this run's namespaces (and with them every veth and tap device)
    /// and the private directory. Safe to call on a partly built fabric.
    public func teardown() async {
        for daemon in daemons {
            await stop(pidFile: "\(directory)/\(daemon).pid")
        }
        let prefix = "\(runID)-"
        let namespaces = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
        for namespace in namespaces where namespace.hasPrefix(prefix) {
            _ = try? await Command("/usr/sbin/ip", ["netns", "delete", namespace]).runReturningStatus()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func stop(pidFile: String) async {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        else { return }
        guard kill(pid, SIGTERM) == 0 else { return }
        for _ in 0..<100 where Self.isRunning(pid) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if Self.isRunning(pid) {
            kill(pid, SIGKILL)
        }
    }

    /// Whether `pid` is a live process (not gone, not a zombie waiting to be reaped).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: end)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Tears down fabrics left behind by test processes that died without cleaning up.
    public static func sweepAbandoned() async {
        let temporary = FileManager.default.temporaryDirectory
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for entry in entries where entry.hasPrefix(directoryPrefix) {
            let parts = entry.dropFirst(directoryPrefix.count).split(separator: "-")
            guard parts.count == 2, let owner = pid_t(parts[0]), kill(owner, 0) != 0, errno == ESRCH else { continue }
            let abandoned = OVSFabric(topology: Topology(name: "abandoned"), runID: String(parts[1]),
                                      directory: temporary.appendingPathComponent(entry).path)
            await abandoned.teardown()
        }
    }

    // MARK: Observation

    /// Whether `source` gets an echo reply from `target` (one ping, one second timeout).
    public func ping(from source: Host, to target: Host, timeoutSeconds: Int = 1) async -> Bool {
        let result = try? await Command("/usr/sbin/ip", [
            "netns", "exec", namespace(of: source), "/usr/bin/ping", "-c", "1", "-q", "-W", "\(timeoutSeconds)", target.ip.description,
        ]).runReturningStatus()
        return result?.status == 0
    }

    /// Ordered host pairs that do not reach each other, pinging a few pairs at a time.
    public func unreachablePairs(timeoutSeconds: Int = 1) async -> [String] {
        let pairs = topology.hosts.flatMap { source in
            topology.hosts.filter { $0 != source }.map { (source, $0) }
        }
        var failed: [String] = []
        for chunk in stride(from: 0, to: pairs.count, by: 6).map({ Array(pairs[$0..<min($0 + 6, pairs.count)]) }) {
            await withTaskGroup(of: String?.self) { group in
                for (source, target) in chunk {
                    group.addTask {
                        await ping(from: source, to: target, timeoutSeconds: timeoutSeconds) ? nil : "\(source.name)->\(target.name)"
                    }
                }
                for await failure in group {
                    if let failure { failed.append(failure) }
                }
            }
        }
        return failed.sorted()
    }

    /// The flow entries on a bridge as `ovs-ofctl` prints them.
    public func flows(on bridge: String) async throws -> [DumpedFlow] {
        let text = try await ofctl(["--no-stats", "dump-flows", bridge])
        return text.split(separator: "\n").compactMap { DumpedFlow(line: String($0)) }
    }

    /// Packets counted by the table-0 drop entry (priority 0) of a bridge: what admission refused.
    public func admissionDrops(on bridge: String) async throws -> UInt64 {
        let text = try await ofctl(["dump-flows", bridge, "table=0"])
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "," })
            guard fields.contains("priority=0"), let count = fields.first(where: { $0.hasPrefix("n_packets=") }) else { continue }
            return UInt64(count.dropFirst("n_packets=".count)) ?? 0
        }
        return 0
    }

    /// Runs `ping` inside `source`'s namespace with extra arguments; returns the packets sent and received.
    public func pingCount(from source: Host, to target: Host, arguments: [String]) async throws -> (sent: Int, received: Int) {
        let result = try await Command("/usr/sbin/ip", ["netns", "exec", namespace(of: source), "/usr/bin/ping", "-q"] + arguments + [target.ip.description])
            .runReturningStatus()
        // "150 packets transmitted, 150 received, 0% packet loss, time 1512ms"
        let summary = result.output.split(separator: "\n").first { $0.contains("packets transmitted") } ?? ""
        let numbers = summary.split(separator: " ").compactMap { Int($0) }
        return (numbers.first ?? 0, numbers.dropFirst().first ?? 0)
    }

    /// The group entries on a bridge, one line each as `ovs-ofctl dump-groups` prints them.
    public func groups(on bridge: String) async throws -> [String] {
        let text = try await ofctl(["dump-groups", bridge])
        return text.split(separator: "\n").map(String.init).filter { $0.contains("group_id=") }
    }

    /// Deletes both patch ports of the cable behind `link` (the link and its reverse).
    public func removeCable(_ link: Link) async throws {
        try await vsctl([
            "--", "del-port", link.source.node, Self.portName(link.source),
            "--", "del-port", link.target.node, Self.portName(link.target),
        ])
    }
}

/// Builds an OVS fabric from a generated spine-leaf topology, runs `body`, and tears the fabric down
/// whether `body` returns or throws.
public func withOVSFabric<Result: Sendable>(
    spines: Int = 2, leaves: Int = 3, hostsPerLeaf: Int = 2, cables: Bool = true,
    _ body: (OVSFabric) async throws -> Result
) async throws -> Result {
    await OVSFabric.sweepAbandoned()
    let topology = SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: hostsPerLeaf).generate()
    let fabric = OVSFabric(topology: topology)
    let clock = ContinuousClock()
    do {
        let started = clock.now
        try await fabric.build(cables: cables)
        print("OVS fabric \(fabric.runID) (\(topology.name), \(topology.hosts.count) hosts) built in \(started.duration(to: clock.now))")
        let result = try await body(fabric)
        let stopping = clock.now
        await fabric.teardown()
        print("OVS fabric \(fabric.runID) torn down in \(stopping.duration(to: clock.now))")
        return result
    } catch {
        await fabric.teardown()
        throw error
    }
}
