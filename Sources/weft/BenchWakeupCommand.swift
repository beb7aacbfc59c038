import ArgumentParser
import Controller
import FlowCompiler
import Foundation
import Logging
import Service
import Topology
import TopologyFormats
import TopologyStore

/// `weft bench wakeup`: what one committed store write that changes nothing the switches hold (a
/// reservation, a matrix snapshot) costs the running controller, next to one full compile of the
/// same fabric.
///
/// Every commit wakes the runtime (`TopologyStore.changes()`), which calls
/// `FabricProgrammer.storeChanged()`: read the newest applied decision, the topology and the taps,
/// hand the plan to the controller, which decides whether the switches need anything. The bench
/// times exactly that call, `--wakeups` times, on an S-spine × L-leaf fabric held in a fresh SQLite
/// store and believed by a controller that no switch connects to (nothing is sent), and prints the
/// median next to a compile of the fabric's shortest-path program by `FlowCompiler`; the compile and
/// the first wakeup also in CPU seconds of the process.
struct BenchWakeupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wakeup",
        abstract: "Time what a store write that changes nothing costs the running controller, next to one full compile.")

    @Option(help: "Spine-leaf fabric, SPINESxLEAVES (e.g. 16x64).")
    var fabric = "8x32"

    @Option(help: "Timed wakeups (the median counts).")
    var wakeups = 20

    func validate() throws {
        _ = try BenchFlowsCommand.parseFabric(fabric)
        guard wakeups >= 1 else { throw ValidationError("--wakeups must be at least 1") }
    }

    /// CPU time of the whole process, in seconds: on a shared machine the wall clock also counts the
    /// time other processes hold the cores.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    func run() async throws {
        try await runReportingFailures {
            let size = try BenchFlowsCommand.parseFabric(fabric)
            let topology = SpineLeafGenerator(spines: size.spines, leaves: size.leaves, hostsPerLeaf: 1).generate()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-wakeup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try TopologyStore(path: directory.appendingPathComponent("weft.sqlite").path, additionalMigrations: StoreOptions.moduleMigrations)
            try store.save(topology, source: "bench")

            let clock = ContinuousClock()
            var compileSeconds: [Double] = []
            var compileCPUSeconds: [Double] = []
            for _ in 0..<3 {
                let started = clock.now
                let startedCPU = Self.processCPUSeconds()
                _ = try FlowCompiler().compile(RoutingPlan.shortestPaths(in: topology, version: 1), for: topology)
                compileSeconds.append((clock.now - started).seconds)
                compileCPUSeconds.append(Self.processCPUSeconds() - startedCPU)
            }

            var logger = Logger(label: "weft.bench")
            logger.logLevel = .warning
            // No switch connects: the stored fabric is believed for the whole run (a long restart grace).
            let controller = FabricController(
                inventory: topology,
                configuration: ControllerConfiguration(listen: .unixDomainSocket(path: directory.appendingPathComponent("of.sock").path),
                                                       statsIntervalSeconds: 0, restartGraceSeconds: 3600),
                logger: logger)
            try await controller.start()
            let programmer = FabricProgrammer(controller: controller, engine: ServiceEngine(store: store), logger: logger)
            var first = 0.0
            var firstCPU = 0.0
            var samples: [Double] = []
            do {
                let started = clock.now
                let startedCPU = Self.processCPUSeconds()
                try await programmer.storeChanged()
                first = (clock.now - started).seconds
                firstCPU = Self.processCPUSeconds() - startedCPU
                for _ in 0..<wakeups {
                    let started = clock.now
                    try await programmer.storeChanged()
                    samples.append((clock.now - started).seconds)
                }
            } catch {
                await controller.stop()
                throw error
            }
            let program = await controller.installedProgram
            await controller.stop()
            print("store wakeup that changes nothing, \(size.spines)x\(size.leaves) spine-leaf (\(topology.switches.count) switches, "
                + "\(topology.links.count) directed links, \(program?.totalFlows ?? 0) entries, no switch connected)")
            var table = TextTable(["what", "seconds", "cpu seconds"], rightAligned: [1, 2])
            table.append(["one FlowCompiler.compile of the shortest-path program (median of 3)", String(format: "%.4f", BenchFlowsCommand.median(compileSeconds)),
                          String(format: "%.4f", BenchFlowsCommand.median(compileCPUSeconds))])
            table.append(["first storeChanged() (compiles the program)", String(format: "%.4f", first), String(format: "%.4f", firstCPU)])
            table.append(["storeChanged() after a write that changes nothing (median of \(wakeups))", String(format: "%.4f", BenchFlowsCommand.median(samples)), ""])
            table.append(["  slowest of those", String(format: "%.4f", samples.max() ?? 0), ""])
            table.lines.forEach { print($0) }
        }
    }
}
