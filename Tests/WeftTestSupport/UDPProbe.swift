import Foundation
import Topology
import WeftTestSupport
import struct Topology.Host

/// A continuous UDP stream between two hosts of an OVS fabric, counted at the receiver: every
/// datagram carries a sequence number; the receiver reports how many distinct ones arrived and how
/// many arrived twice. Both ends are small Python programs run in the hosts' namespaces, stopped by pid.
public struct UDPProbe {
    public struct Outcome: Decodable, Sendable {
        public var sent: Int
        public var received: Int
        public var duplicates: Int

        public var lost: Int { sent - received }
    }

    public let name: String
    let sender: ManagedProcess
    let receiver: ManagedProcess
    let resultPath: String
    let sentPath: String

    private static let receiverScript = """
        import json, socket, sys
        port, idle, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.bind(("0.0.0.0", port))
        seen, duplicates = set(), 0
        s.settimeout(60)
        while True:
            try:
                data, _ = s.recvfrom(2048)
            except socket.timeout:
                break
            s.settimeout(idle)
            seq = int(data[:12])
            if seq in seen:
                duplicates += 1
            else:
                seen.add(seq)
        json.dump({"received": len(seen), "duplicates": duplicates}, open(out, "w"))
        """

    private static let senderScript = """
        import socket, sys, time
        host, port, rate, seconds, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        start, count, total = time.monotonic(), 0, int(rate * seconds)
        while count < total:
            due = start + count / rate
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            s.sendto(b"%012d" % count + b"x" * 100, (host, port))
            count += 1
        open(out, "w").write(str(count))
        """

    /// Starts the receiver on `target`, then `seconds` of `rate` datagrams per second from `source`.
    public static func start(_ name: String, in fabric: OVSFabric, from source: Host, to target: Host, rate: Int, seconds: Double) async throws -> UDPProbe {
        let directory = fabric.directory
        let receiverPath = "\(directory)/udp-receiver.py", senderPath = "\(directory)/udp-sender.py"
        try receiverScript.write(toFile: receiverPath, atomically: true, encoding: .utf8)
        try senderScript.write(toFile: senderPath, atomically: true, encoding: .utf8)
        // The userspace datapath does not complete checksums a veth left to offload: compute them in the
        // sending namespace.
        try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: source), "/usr/sbin/ethtool", "-K", "eth0", "tx", "off"]).run()
        let port = 40_000 + Int.random(in: 0..<10_000)
        let resultPath = "\(directory)/\(name)-received.json", sentPath = "\(directory)/\(name)-sent.txt"
        let receiver = try ManagedProcess(
            name: "\(name) receiver", executable: "/usr/sbin/ip",
            arguments: ["netns", "exec", fabric.namespace(of: target), "/usr/bin/python3", receiverPath, String(port), "3", resultPath],
            logPath: "\(directory)/\(name)-receiver.log")
        try await Task.sleep(for: .milliseconds(300))
        let sender = try ManagedProcess(
            name: "\(name) sender", executable: "/usr/sbin/ip",
            arguments: ["netns", "exec", fabric.namespace(of: source), "/usr/bin/python3", senderPath, target.ip.description, String(port),
                        String(rate), String(seconds), sentPath],
            logPath: "\(directory)/\(name)-sender.log")
        return UDPProbe(name: name, sender: sender, receiver: receiver, resultPath: resultPath, sentPath: sentPath)
    }

    /// Waits for the sender to finish and the receiver to go idle, then reads both counts.
    public func finish(timeout: Duration = .seconds(60)) async throws -> Outcome {
        let deadline = ContinuousClock.now + timeout
        while (sender.isRunning || receiver.isRunning) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        await sender.stop()
        await receiver.stop()
        for process in [sender, receiver] where !process.log.isEmpty {
            print("\(process.name): \(process.log)")
        }
        let sent = Int((try String(contentsOfFile: sentPath, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        struct Received: Decodable { var received: Int; var duplicates: Int }
        let received = try JSONDecoder().decode(Received.self, from: Data(contentsOf: URL(fileURLWithPath: resultPath)))
        return Outcome(sent: sent, received: received.received, duplicates: received.duplicates)
    }

    /// Finishes every probe, printing each one's counts `during` what happened, and returns the totals.
    public static func finish(_ probes: [UDPProbe], during: String) async throws -> (sent: Int, lost: Int) {
        var sent = 0, lost = 0
        for probe in probes {
            let outcome = try await probe.finish()
            print("UDP \(probe.name) \(during): sent \(outcome.sent), received \(outcome.received), lost \(outcome.lost), duplicates \(outcome.duplicates)")
            sent += outcome.sent
            lost += outcome.lost
        }
        return (sent, lost)
    }
}
