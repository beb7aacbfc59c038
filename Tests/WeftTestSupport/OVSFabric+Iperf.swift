import Foundation
import struct Topology.Host

/// iperf3 between the host namespaces of an OVS fabric, with the guards the OVS suites need on a shared,
/// loaded machine: a client starts only once its server listens (a readiness wait, not a sleep), gives up
/// a control connection it cannot open (`--connect-timeout`), and everything runs under `timeout`, so a
/// run that stalls ends with a status the test reports instead of hanging the suite.
extension OVSFabric {
    /// A one-shot iperf3 server on `port` in `host`'s namespace, stopped by `timeout` after `seconds`.
    public func iperfServer(on host: Host, port: Int, seconds: Int, json: Bool = false) -> Command {
        Command("/usr/sbin/ip", ["netns", "exec", namespace(of: host), "/usr/bin/timeout", "\(seconds)",
                                 "/usr/bin/iperf3", "-s", "-1", "-p", "\(port)"] + (json ? ["-J"] : []))
    }

    /// An iperf3 client from `sender` to `receiver`'s server on `port`: `streams` streams at `bpsPerStream`
    /// each (iperf3 counts payload, so pass the payload rate), `seconds` long, DSCP `dscp`, JSON report; UDP
    /// datagrams of `payload` bytes, or TCP paced to the rate with `udp` false. Stopped by `timeout` 10 s after
    /// its traffic should have ended.
    public func iperfClient(from sender: Host, to receiver: Host, port: Int, bpsPerStream: Double, seconds: Int, payload: Int = 1000,
                            dscp: Int = 0, streams: Int = 1, udp: Bool = true) -> Command {
        Command("/usr/sbin/ip", ["netns", "exec", namespace(of: sender), "/usr/bin/timeout", "\(seconds + 10)",
                                 "/usr/bin/iperf3", "-c", receiver.ip.description, "-p", "\(port)", "--connect-timeout", "5000",
                                 "-b", "\(Int(bpsPerStream))", "-t", "\(seconds)", "-P", "\(streams)", "--dscp", "\(dscp)", "-J"]
                + (udp ? ["-u", "-l", "\(payload)"] : []))
    }

    /// Waits until a TCP socket listens on `port` in `host`'s namespace (an iperf3 server is ready to
    /// accept its client); whether it did within `seconds`.
    public func waitUntilListening(on host: Host, port: Int, seconds: Double = 10) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        repeat {
            if let result = try? await Command("/usr/sbin/ip", ["netns", "exec", namespace(of: host), "/usr/bin/ss", "-Hltn", "sport", "=", ":\(port)"])
                .runReturningStatus(), result.status == 0, result.output.contains(":\(port)") {
                return true
            }
            try? await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return false
    }

    /// Turns off transmit checksum offload on `host`'s `eth0`: the userspace datapath does not complete
    /// checksums a veth left to offload, so TCP (iperf3's control connection) and UDP need them computed
    /// in the sending namespace.
    public func computeChecksums(on host: Host) async throws {
        try await Command("/usr/sbin/ip", ["netns", "exec", namespace(of: host), "/usr/sbin/ethtool", "-K", "eth0", "tx", "off"]).run()
    }

    /// The kernel's byte counter of `host`'s `eth0` in direction `rx` or `tx` (frame bytes, as the switch counts them).
    public func interfaceBytes(of host: Host, _ direction: String) async throws -> Double {
        let text = try await Command("/usr/sbin/ip", ["netns", "exec", namespace(of: host), "/usr/bin/cat",
                                                      "/sys/class/net/eth0/statistics/\(direction)_bytes"]).run()
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
