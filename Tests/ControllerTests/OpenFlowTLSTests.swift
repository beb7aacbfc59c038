@testable import Controller
import Foundation
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// OpenFlow over TLS with mutual authentication against Open vSwitch's `ssl:` controller target,
    /// with certificates the test makes with the openssl CLI.
    @Suite("OpenFlow over TLS with real OVS")
    struct OpenFlowTLSTests {
        /// A CA, a controller and a switch certificate signed by it, and a client certificate from
        /// another CA, all in `directory`.
        struct Certificates {
            let directory: String
            func path(_ name: String) -> String { "\(directory)/\(name)" }

            static func make(in directory: String) async throws -> Certificates {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let certificates = Certificates(directory: directory)
                for ca in ["ca", "rogue-ca"] {
                    try await openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=weft-test-\(ca)",
                                       "-keyout", certificates.path("\(ca).key"), "-out", certificates.path("\(ca).pem")])
                }
                for (name, ca) in [("controller", "ca"), ("switch", "ca"), ("rogue", "rogue-ca")] {
                    try await openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=weft-test-\(name)",
                                       "-keyout", certificates.path("\(name).key"), "-out", certificates.path("\(name).csr")])
                    try await openssl(["x509", "-req", "-days", "1", "-in", certificates.path("\(name).csr"),
                                       "-CA", certificates.path("\(ca).pem"), "-CAkey", certificates.path("\(ca).key"), "-CAcreateserial",
                                       "-out", certificates.path("\(name).pem")])
                }
                return certificates
            }

            private static func openssl(_ arguments: [String]) async throws {
                try await Command("/usr/bin/openssl", arguments).run()
            }
        }

        @Test("OVS connects over TLS with mutual authentication and is discovered; peers without a certificate the CA signed are refused")
        func switchesConnectOverTLS() async throws {
            try await withOVSFabric(spines: 1, leaves: 2, hostsPerLeaf: 1) { fabric in
                let certificates = try await Certificates.make(in: "\(fabric.directory)/tls")
                try await fabric.vsctl(["set-ssl", certificates.path("switch.key"), certificates.path("switch.pem"), certificates.path("ca.pem")])
                let socket = try fabric.controllerSocket()
                var configuration = ControllerHarness.configuration(socket: socket)
                configuration.tls = ControllerTLS(certificatePath: certificates.path("controller.pem"),
                                                  privateKeyPath: certificates.path("controller.key"), trustedCAPath: certificates.path("ca.pem"))
                let controller = FabricController(inventory: fabric.topology.withoutLinks, configuration: configuration, logger: ControllerHarness.logger)
                try await controller.start()
                try await fabric.connectControllers(port: socket.port, scheme: "ssl")
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let discovered = await controller.topology
                let before = await controller.statistics

                // A TLS client without a certificate, and one with a certificate of another CA.
                let address = "127.0.0.1:\(socket.port)"
                for extra in [[], ["-cert", certificates.path("rogue.pem"), "-key", certificates.path("rogue.key")]] {
                    _ = try await Command("/usr/sbin/ip", ["netns", "exec", fabric.switchNamespace, "/usr/bin/openssl", "s_client",
                                                           "-connect", address, "-CAfile", certificates.path("ca.pem")] + extra).runReturningStatus()
                }
                let refused = await ControllerHarness.waitUntil(seconds: 5) {
                    await controller.statistics.tlsHandshakesFailed >= before.tlsHandshakesFailed + 2
                }
                let unreachable = await fabric.unreachablePairs()
                let after = await controller.statistics
                await controller.stop()
                print("OpenFlow over TLS: \(after.connectedSwitches) switches connected, \(discovered.links.count) links discovered, "
                    + "\(after.tlsHandshakesFailed - before.tlsHandshakesFailed) peers refused in the TLS handshake")
                #expect(discovered.linkNames == fabric.topology.linkNames)
                #expect(before.connectedSwitches == fabric.topology.switches.count)
                #expect(unreachable.isEmpty, "unreachable: \(unreachable)")
                #expect(refused != nil, "TLS handshakes refused: \(after.tlsHandshakesFailed - before.tlsHandshakesFailed) of 2")
                #expect(after.connectedSwitches == fabric.topology.switches.count)
            }
        }

        @Test("an unreadable TLS file is named when the controller starts")
        func unreadableFileIsNamed() async throws {
            var configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0))
            configuration.tls = ControllerTLS(certificatePath: "/nonexistent/controller.pem", privateKeyPath: "/nonexistent/controller.key",
                                              trustedCAPath: "/nonexistent/ca.pem")
            let controller = FabricController(inventory: Topology(name: "empty"), configuration: configuration)
            await #expect(throws: ControllerError.invalidTLS(path: "/nonexistent/controller.pem", reason: "cannot read the TLS certificate file")) {
                try await controller.start()
            }
        }
    }
}
