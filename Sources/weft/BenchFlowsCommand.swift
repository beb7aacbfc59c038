import ArgumentParser
import Controller
import FlowCompiler
import Foundation
import Logging
import Topology
import TopologyFormats

/// `weft bench flows`: how fast the controller programs switches, next to `ovs-ofctl add-flows`.
///
/// On a private userspace Open vSwitch (started and stopped by the bench), `--switches` bridges each
/// get `--entries` flow entries (one /32 IPv4 destination each, output to a port), first through the
/// controller's session code (flow-mods, then one barrier; timed until the barrier reply), then by
/// `ovs-ofctl -O OpenFlow13 add-flows` of the same entries on the same bridges (one process per
/// bridge, timed as whole processes, which also wait for a barrier). The bridges are emptied between
/// runs; the two methods alternate, `--runs` times each, and the median counts.
///
/// With `--fabric SxL` it also times discovery plus full programming of an S-spine × L-leaf fabric
/// (patch-port cables, one internal host port per leaf): from pointing every bridge at a fresh
/// `FabricController` until every link is discovered, and until the program for the whole fabric
/// is installed (barrier-confirmed on every switch).
struct BenchFlowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Time flow programming on userspace OVS against ovs-ofctl add-flows; optionally discovery + programming of a fabric.")

    @Option(help: "Flow entries per switch.")
    var entries = 10_000

    @Option(help: "Bridges programmed at once.")
    var switches = 1

    @Option(help: "Timed runs per method (the median counts).")
    var runs = 3

    @Option(help: "Also time discovery plus full programming of this spine-leaf fabric, SPINESxLEAVES (e.g. 8x32).")
    var fabric: String?

    @Flag(help: "Skip the entries benchmark (only --fabric).")
    var skipEntries = false

    func validate() throws {
        guard entries >= 1, entries <= 1 << 24 else { throw ValidationError("--entries must be 1…16777216") }
        guard switches >= 1, switches <= 64 else { throw ValidationError("--switches must be 1…64") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        if let fabric { _ = try Self.parseFabric(fabric) }
    }

    static func parseFabric(_ text: String) throws -> (spines: Int, leaves: Int) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ (1...64).contains($0) }) else {
            throw ValidationError("--fabric '\(text)': expected SPINESxLEAVES with 1…64 each, e.g. 8x32")
        }
        return (parts[0], parts[1])
    }

    func run() async throws {
        try await runReportingFailures {
            if !skipEntries { try await benchEntries() }
            if let fabric { try await benchFabric(try Self.parseFabric(fabric)) }
        }
    }

    /// `count` entries for table 0: `ip,nw_dst=10.a.b.c/32 actions=output:1`, distinct destinations.
    static func rules(count: Int) -> [FlowRule] {
        (0..<count).map { index in
            FlowRule(table: 0, priority: 100, cookie: FlowCookie(version: 1, purpose: .forwarding),
                     match: .init(ethType: EtherType.ipv4, ipv4Destination: IPv4Prefix(IPv4Address(0x0A00_0000 | UInt32(index)), length: 32)),
                     actions: [.output(1)])
        }
    }

    private func benchEntries() async throws {
        let ovs = try await BenchOVS.start()
        let bench = FlowInstallBench(listen: .unixDomainSocket(path: ovs.controllerSocket), logger: Self.quietLogger)
        do {
            try await bench.start()
            let bridges = (0..<switches).map { Switch(name: "br\($0)", datapathID: DatapathID(0x100 + UInt64($0)), role: .leaf) }
            try await ovs.addBridges(bridges)
            try await waitUntil("\(switches) bridge(s) connect", seconds: 30) { await bench.connected.count == switches }
            let rules = Self.rules(count: entries)
            let file = "\(ovs.directory)/flows.txt"
            try rules.map(\.description).joined(separator: "\n").appending("\n").write(toFile: file, atomically: true, encoding: .utf8)
            var controller: [Double] = []
            var ofctl: [Double] = []
            for run in 1...runs {
                printError("run \(run)/\(runs): controller …")
                let clock = ContinuousClock()
                var started = clock.now
                let errors = try await withThrowingTaskGroup(of: Int.self) { group in
                    for item in bridges { group.addTask { try await bench.install(rules, on: item.datapathID).errors } }
                    return try await group.reduce(0, +)
                }
                controller.append((clock.now - started).seconds)
                guard errors == 0 else { throw CommandFailure("bench flows: the switch rejected \(errors) flow-mods") }
                try await expectFlowCount(ovs, bridges: bridges)
                for item in bridges { try await bench.clear(item.datapathID) }

                printError("run \(run)/\(runs): ovs-ofctl add-flows …")
                started = clock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for item in bridges { group.addTask { try await ovs.ofctl(["add-flows", item.name, file]) } }
                    try await group.waitForAll()
                }
                ofctl.append((clock.now - started).seconds)
                try await expectFlowCount(ovs, bridges: bridges)
                for item in bridges { try await bench.clear(item.datapathID) }
            }
            await bench.stop()
            await ovs.stop()
            let total = Double(entries * switches)
            let weft = Self.median(controller)
            let reference = Self.median(ofctl)
            var table = TextTable(["method", "entries", "min", "median", "max", "entries/s (median)", "vs ovs-ofctl"], rightAligned: [1, 2, 3, 4, 5, 6])
            table.append(["weft controller (flow-mods + barrier)", "\(Int(total))", seconds(controller.min()!), seconds(weft), seconds(controller.max()!),
                          String(format: "%.0f", total / weft), String(format: "%.0f %%", reference / weft * 100)])
            table.append(["ovs-ofctl -O OpenFlow13 add-flows", "\(Int(total))", seconds(ofctl.min()!), seconds(reference), seconds(ofctl.max()!),
                          String(format: "%.0f", total / reference), "100 %"])
            print("flow programming on userspace OVS: \(switches) bridge(s) × \(entries) entries, \(runs) run(s) each, alternating")
            table.lines.forEach { print($0) }
        } catch {
            await bench.stop()
            await ovs.stop()
            throw error
        }
    }

    private func benchFabric(_ size: (spines: Int, leaves: Int)) async throws {
        let topology = SpineLeafGenerator(spines: size.spines, leaves: size.leaves, hostsPerLeaf: 1).generate()
        var inventory = topology
        inventory.links = []
        printError("fabric \(size.spines)x\(size.leaves): building \(topology.switches.count) bridges, \(topology.links.count / 2) cables …")
        let ovs = try await BenchOVS.start()
        let controller = FabricController(
            inventory: inventory,
            configuration: ControllerConfiguration(listen: .unixDomainSocket(path: ovs.controllerSocket), instanceName: "weft-bench",
                                                   statsIntervalSeconds: 0, requestTimeoutSeconds: 30),
            logger: Self.quietLogger)
        do {
            // The controller first; then bridges, cables, host ports and controller targets in one transaction.
            try await controller.start()
            let clock = ContinuousClock()
            let started = clock.now
            try await ovs.addBridges(topology.switches, links: topology.links, hostPorts: topology.hosts.map(\.attachment))
            let built = (clock.now - started).seconds
            let expected = Set(topology.links.map(\.name))
            try await waitUntil("every link is discovered", seconds: 300) { Set(await controller.topology.links.map(\.name)) == expected }
            let discovered = (clock.now - started).seconds
            await controller.reprogramAndWait()
            let programmed = (clock.now - started).seconds
            let program = await controller.installedProgram
            let statistics = await controller.statistics
            await controller.stop()
            await ovs.stop()
            let flows = program?.totalFlows ?? 0
            print("discovery + programming, \(size.spines)x\(size.leaves) spine-leaf on userspace OVS "
                + "(\(topology.switches.count) switches, \(expected.count) directed links, \(topology.hosts.count) host ports)")
            var table = TextTable(["phase", "seconds since the bridges were created and pointed at the controller"], rightAligned: [1])
            table.append(["bridges, ports and controller set (one ovs-vsctl transaction)", seconds(built)])
            table.append(["every link discovered (LLDP)", seconds(discovered)])
            table.append(["whole fabric programmed (\(flows) entries, barrier on every switch)", seconds(programmed)])
            table.lines.forEach { print($0) }
            print("switch errors: \(statistics.switchErrors), programs installed: \(statistics.programsInstalled), switches connected: \(statistics.connectedSwitches)")
        } catch {
            await controller.stop()
            await ovs.stop()
            throw error
        }
    }

    private func expectFlowCount(_ ovs: BenchOVS, bridges: [Switch]) async throws {
        for item in bridges {
            let aggregate = try await ovs.ofctl(["dump-aggregate", item.name])
            guard aggregate.contains("flow_count=\(entries)") else {
                throw CommandFailure("bench flows: \(item.name) does not hold \(entries) entries: \(aggregate.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
        }
    }

    private func waitUntil(_ what: String, seconds: Double, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while await !condition() {
            guard ContinuousClock.now < deadline else { throw CommandFailure("bench flows: timed out after \(Int(seconds)) s waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count.isMultiple(of: 2) ? (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 : sorted[sorted.count / 2]
    }

    private func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

    private static var quietLogger: Logger {
        var logger = Logger(label: "weft.bench")
        logger.logLevel = .warning
        return logger
    }
}
