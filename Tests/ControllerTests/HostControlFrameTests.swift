@testable import Controller
import Foundation
import OpenFlow
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// Controller load (second source document): LLDP reaches the controller only from fabric ports;
    /// what hosts send (forged LLDP, STP and other link-local control frames) is dropped at the switch.
    @Suite("Host control frames on a real OVS fabric")
    struct HostControlFrameTests {
        /// Sends each frame (hex) `count` times out of `eth0` of the namespace, with a raw packet socket.
        static let sender = """
        import binascii, socket, sys
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind(("eth0", 0))
        for frame in sys.argv[2:]:
            for _ in range(int(sys.argv[1])):
                s.send(binascii.unhexlify(frame))
        """

        @Test("a host sending forged LLDP and STP frames: the switch drops and counts them, the controller receives none")
        func hostLLDPIsDroppedAtTheSwitch() async throws {
            try await withOVSFabric(spines: 1, leaves: 2, hostsPerLeaf: 1) { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let host = try #require(fabric.topology.hostNamed("h1-1"))
                let spine = try #require(fabric.topology.switchNamed("spine1"))
                // LLDP as this controller writes it, claiming to come from spine1 port 1: if it reached the
                // controller, the host's port would look like a link to the spine.
                let forged = LLDPFrame(sourceMAC: host.mac.value, datapathID: spine.datapathID.value, portNumber: 1, instance: "weft-test").encoded()
                // An 802.1D configuration BPDU: 802.3 length, LLC 42 42 03, 35 bytes of BPDU.
                let bpdu: [UInt8] = [0x01, 0x80, 0xC2, 0, 0, 0] + Array(forged[6..<12]) + [0, 38, 0x42, 0x42, 0x03] + [UInt8](repeating: 0, count: 35)
                let count = 50
                let before = await controller.sampleControlFramesDropped()
                try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: host), "/usr/bin/python3", "-c", Self.sender, "\(count)",
                                                   forged.hexString, bpdu.hexString]).run()
                let counted = await ControllerHarness.waitUntil(seconds: 5) {
                    await controller.sampleControlFramesDropped() >= before + UInt64(2 * count)
                }
                let dropped = await controller.sampleControlFramesDropped() - before
                let statistics = await controller.statistics
                let topology = await controller.topology
                await controller.stop()
                print("host control frames: \(2 * count) sent by \(host.name), \(dropped) dropped at the switch, "
                    + "\(statistics.lldpFromHostPorts) reached the controller")
                #expect(counted != nil, "the switch counted \(dropped) of \(2 * count) frames")
                #expect(dropped == UInt64(2 * count))
                #expect(statistics.lldpFromHostPorts == 0)
                #expect(statistics.hostControlFramesDropped >= UInt64(2 * count))
                #expect(topology.linkNames == fabric.topology.linkNames)
            }
        }
    }
}

extension [UInt8] {
    fileprivate var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
