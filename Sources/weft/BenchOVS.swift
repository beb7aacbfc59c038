import Foundation
import ProcessRunner
import Topology

/// A private userspace Open vSwitch for `weft bench flows`: its own directory (database, sockets, logs,
/// pid files), `ovsdb-server`, and `ovs-vswitchd` inside a private network namespace (the netdev
/// datapath creates devices named after bridges and ports, which must not meet another run's). The
/// controller is reached through a Unix domain socket in the directory. `stop()` ends both daemons by
/// the process ids in their pid files and deletes the namespace and the directory.
struct BenchOVS {
    let directory: String
    let namespace: String

    var controllerSocket: String { "\(directory)/controller.sock" }
    private var database: String { "unix:\(directory)/db.sock" }
    private var environment: [String: String] { ["OVS_RUNDIR": directory, "OVS_DBDIR": directory, "OVS_LOGDIR": directory] }

    static func start() async throws -> BenchOVS {
        let id = "wb" + String(UInt32.random(in: 0x10000...0xFFFFF), radix: 16)
        let ovs = BenchOVS(directory: FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-ovs-\(getpid())-\(id)").path,
                           namespace: "\(id)-ovs")
        try FileManager.default.createDirectory(atPath: ovs.directory, withIntermediateDirectories: true)
        do {
            try await run("/usr/sbin/ip", ["netns", "add", ovs.namespace])
            try await run("/usr/sbin/ip", ["-n", ovs.namespace, "link", "set", "lo", "up"])
            try await run("/usr/bin/ovsdb-tool", ["create", "\(ovs.directory)/conf.db", "/usr/share/openvswitch/vswitch.ovsschema"])
            try await run("/usr/sbin/ovsdb-server", [
                "\(ovs.directory)/conf.db", "--remote=p\(ovs.database)", "--detach", "--no-chdir", "--pidfile=\(ovs.directory)/ovsdb-server.pid",
                "--log-file=\(ovs.directory)/ovsdb-server.log", "--unixctl=\(ovs.directory)/ovsdb-server.ctl",
            ], environment: ovs.environment)
            try await ovs.vsctl(["--no-wait", "init"])
            try await run("/usr/sbin/ip", [
                "netns", "exec", ovs.namespace, "/usr/sbin/ovs-vswitchd", ovs.database, "--detach", "--no-chdir",
                "--pidfile=\(ovs.directory)/ovs-vswitchd.pid", "--log-file=\(ovs.directory)/ovs-vswitchd.log",
                "--unixctl=\(ovs.directory)/ovs-vswitchd.ctl",
            ], environment: ovs.environment)
        } catch {
            await ovs.stop()
            throw error
        }
        return ovs
    }

    /// One `ovs-vsctl` transaction.
    func vsctl(_ arguments: [String]) async throws {
        try await Self.run("/usr/bin/ovs-vsctl", ["--db=\(database)", "--timeout=60"] + arguments, environment: environment)
    }

    /// `ovs-ofctl -O OpenFlow13 arguments…`; returns standard output.
    @discardableResult
    func ofctl(_ arguments: [String]) async throws -> String {
        try await Self.run("/usr/bin/ovs-ofctl", ["-O", "OpenFlow13"] + arguments, environment: environment)
    }

    /// `add-br` for each switch (netdev, OpenFlow 1.3, fail-secure, its datapath id), each pointed at
    /// the controller socket, plus `ports`' patch pairs and internal host ports, in one transaction.
    func addBridges(_ switches: [Switch], links: [Link] = [], hostPorts: [LinkEnd] = []) async throws {
        var commands: [String] = []
        for (index, item) in switches.enumerated() {
            commands += [
                "--", "add-br", item.name,
                "--", "set", "Bridge", item.name, "datapath_type=netdev", "protocols=OpenFlow13", "fail_mode=secure",
                "other-config:datapath-id=\(item.datapathID)",
                "--", "--id=@c\(index)", "create", "Controller", "target=\"unix:\(controllerSocket)\"", "max_backoff=1000",
                "connection_mode=out-of-band", "--", "set", "Bridge", item.name, "controller=@c\(index)",
            ]
        }
        for link in links {
            commands += [
                "--", "add-port", link.source.node, Self.portName(link.source),
                "--", "set", "Interface", Self.portName(link.source), "type=patch", "options:peer=\(Self.portName(link.target))",
                "ofport_request=\(link.source.port)",
            ]
        }
        for end in hostPorts {
            commands += [
                "--", "add-port", end.node, Self.portName(end),
                "--", "set", "Interface", Self.portName(end), "type=internal", "ofport_request=\(end.port)",
            ]
        }
        try await vsctl(commands)
    }

    /// Stops the daemons by pid, deletes the namespace and the directory.
    func stop() async {
        for daemon in ["ovs-vswitchd", "ovsdb-server"] {
            guard let text = try? String(contentsOfFile: "\(directory)/\(daemon).pid", encoding: .utf8),
                  let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1, kill(pid, SIGTERM) == 0
            else { continue }
            for _ in 0..<100 where kill(pid, 0) == 0 {
                try? await Task.sleep(for: .milliseconds(20))
            }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        _ = try? await Self.run("/usr/sbin/ip", ["netns", "delete", namespace])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func portName(_ end: LinkEnd) -> String { "\(end.node)-\(end.port)" }

    /// Runs a program to completion; returns standard output. A non-zero exit becomes a
    /// `CommandFailure` naming the program, its first arguments and the start of what it printed.
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        do {
            return try await Command(executable, arguments, environment: environment).run()
        } catch let failure as Command.Failure {
            throw CommandFailure("\(executable) \(arguments.prefix(4).joined(separator: " "))… exited \(failure.status): \(failure.output.prefix(500))")
        }
    }
}
