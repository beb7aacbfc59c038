import Foundation
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// The harness itself: what it builds matches the generated topology, and it leaves nothing behind.
    @Suite("OVS fabric harness")
    struct OVSFabricTests {
        @Test("bridges carry the generated datapath ids and port numbers; hosts get their MAC and IP")
        func buildsTheGeneratedFabric() async throws {
            try await withOVSFabric { fabric in
                for item in fabric.topology.switches {
                    let shown = try await fabric.ofctl(["show", item.name])
                    #expect(shown.contains("dpid:\(item.datapathID)"), "\(item.name): \(shown)")
                    for port in item.ports {
                        let name = OVSFabric.portName(LinkEnd(node: item.name, port: port.number))
                        #expect(shown.contains(" \(port.number)(\(name)):"), "\(item.name) lacks port \(port.number) (\(name))")
                    }
                }
                for host in fabric.topology.hosts {
                    let shown = try await fabric.ip(["-n", fabric.namespace(of: host), "address", "show", "eth0"])
                    #expect(shown.contains(host.mac.description) && shown.contains(host.ip.description), "\(host.name): \(shown)")
                }
            }
        }

        @Test("nothing forwards before a controller programs the fabric (fail_mode=secure)")
        func forwardsNothingUnprogrammed() async throws {
            try await withOVSFabric(spines: 1, leaves: 2, hostsPerLeaf: 1) { fabric in
                let hosts = fabric.topology.hosts
                #expect(await fabric.ping(from: hosts[0], to: hosts[1]) == false)
            }
        }

        @Test("teardown stops the daemons and removes namespaces and directory, also when the body throws")
        func cleansUpAfterAFailingBody() async throws {
            struct Planned: Error {}
            let captured = CapturedFabric()
            await #expect(throws: Planned.self) {
                try await withOVSFabric(spines: 1, leaves: 2, hostsPerLeaf: 1) { fabric in
                    let pids = ["ovs-vswitchd", "ovsdb-server"].compactMap {
                        (try? String(contentsOfFile: "\(fabric.directory)/\($0).pid", encoding: .utf8))
                            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                    }
                    await captured.set(fabric, pids: pids)
                    throw Planned()
                }
            }
            let (fabric, pids) = try #require(await captured.value)
            #expect(pids.count == 2)
            for pid in pids {
                #expect(!OVSFabric.isRunning(pid), "process \(pid) still runs")
            }
            let namespaces = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
            #expect(namespaces.filter { $0.hasPrefix("\(fabric.runID)-") }.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: fabric.directory))
        }
    }

    private actor CapturedFabric {
        var value: (OVSFabric, [Int32])?
        func set(_ fabric: OVSFabric, pids: [Int32]) { value = (fabric, pids) }
    }
}
