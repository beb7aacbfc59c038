import Foundation
import Testing
@testable import OpenFlow

/// What os_ken_check.py printed, or why running it failed.
struct OsKenOutput: Decodable, Sendable {
    var parsed: [String: JSONValue]
    var built: [String: String]
    var lldp: [String: String]
}

/// Runs os_ken_check.py once under /usr/bin/python3 (which has os-ken) with our encodings of every
/// sample message, with a 60-second timeout; the process is stopped by its own id if it hangs.
let osKenRun: Result<OsKenOutput, OsKenRunError> = {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("OsKen/os_ken_check.py")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-oskencheck-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var ours: [String: String] = [:]
        for (name, message) in Samples.messages {
            ours[name] = hexString(try message.encoded())
        }
        let input = directory.appendingPathComponent("in.json"), output = directory.appendingPathComponent("out.json")
        let errors = directory.appendingPathComponent("err.txt")
        try JSONEncoder().encode(["ours": ours]).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return .failure(OsKenRunError(message: "os_ken_check.py timed out after 60 s"))
        }
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            return .failure(OsKenRunError(message: "os_ken_check.py exited \(process.terminationStatus): \(stderr)"))
        }
        return .success(try JSONDecoder().decode(OsKenOutput.self, from: Data(contentsOf: output)))
    } catch {
        return .failure(OsKenRunError(message: "running os_ken_check.py failed: \(error)"))
    }
}()

struct OsKenRunError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite("Cross-check against os-ken's OpenFlow 1.3 parser and serializer")
struct OsKenCrossCheckTests {
    private static let byName = Dictionary(uniqueKeysWithValues: Samples.messages.map { ($0.name, $0.message) })

    /// Names os-ken parses (everything a controller receives, plus FLOW_MOD).
    private static let parsedNames = ["hello", "error", "echo_request", "echo_reply", "features_reply", "get_config_reply",
                                      "packet_in", "flow_removed", "port_status", "flow_mod", "flow_mod_output_trunc", "flow_mod_delete",
                                      "flow_mod_delete_strict", "flow_mod_modify", "mp_port_desc_reply", "mp_port_stats_reply",
                                      "mp_flow_reply", "mp_group_desc_reply", "mp_meter_reply", "mp_group_reply", "barrier_reply", "role_reply"]
    /// Names os-ken builds and serializes (everything a controller sends, which os-ken cannot parse).
    private static let builtNames = ["error", "echo_request", "echo_reply", "features_request", "get_config_request", "set_config",
                                     "packet_out", "flow_mod", "flow_mod_output_trunc", "flow_mod_delete", "flow_mod_delete_strict", "flow_mod_modify",
                                     "group_mod_all", "group_mod_select", "group_mod_ff", "meter_mod", "meter_mod_pktps",
                                     "mp_port_desc_request", "mp_port_stats_request", "mp_flow_request", "mp_group_desc_request",
                                     "mp_meter_request", "mp_group_request", "barrier_request", "role_request"]

    @Test func everySampleMessageIsCheckedOneWayOrTheOther() {
        let covered = Set(Self.parsedNames).union(Self.builtNames)
        #expect(covered == Set(Samples.messages.map(\.name)))
    }

    @Test(arguments: parsedNames)
    func osKenDecodesOurBytesToTheSameFields(name: String) throws {
        let output = try osKenRun.get()
        let message = try #require(Self.byName[name])
        let theirs = try #require(output.parsed[name], "os-ken gave no summary for \(name)")
        #expect(theirs["error"] == nil, "os-ken failed to parse \(name): \(theirs)")
        #expect(theirs == OsKenSummary.of(message))
    }

    @Test(arguments: builtNames)
    func weDecodeOsKenBytesToTheExpectedMessage(name: String) throws {
        let output = try osKenRun.get()
        let bytes = hex(try #require(output.built[name], "os-ken built no \(name)"))
        var expected = try #require(Self.byName[name])
        let decoded = try OpenFlowMessage(decoding: bytes)
        if case .packetOut(let ours) = expected.payload, case .packetOut(let theirs) = decoded.payload {
            // os-ken's packet-out carries os-ken's own discovery frame: check it as LLDP, then the rest.
            let lldp = try LLDPFrame(decoding: theirs.data)
            #expect(lldp.datapathID == 0x0a && lldp.portNumber == 1 && lldp.instance == nil)
            expected.payload = .packetOut(PacketOut(bufferID: ours.bufferID, inPort: ours.inPort, actions: ours.actions, data: theirs.data))
        }
        #expect(decoded == expected)
        #expect(hexString(try expected.encoded()) == hexString(bytes), "our encoding differs from os-ken's")
    }

    @Test func weDecodeOsKensDiscoveryLLDPFrames() throws {
        let output = try osKenRun.get()
        let first = try LLDPFrame(decoding: hex(try #require(output.lldp["os_ken_dpid_a_port_3"])))
        #expect(first == LLDPFrame(sourceMAC: 0x0200_0000_000a, datapathID: 0x0a, portNumber: 3, ttl: 120, instance: nil))
        let second = try LLDPFrame(decoding: hex(try #require(output.lldp["os_ken_dpid_max_port_max"])))
        #expect(second == LLDPFrame(sourceMAC: 0x0200_0000_000b, datapathID: 0xfedc_ba98_7654_3210, portNumber: 0xffff_ff00, ttl: 1, instance: nil))
    }
}
