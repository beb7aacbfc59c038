import Foundation

/// What an iperf3 `-J` client report says the receiver got.
public enum IperfReport {
    public struct Unreadable: Error, CustomStringConvertible {
        public var output: String
        public var description: String { "no received rate in iperf3 output: \(output.prefix(600))" }
    }

    /// The receiver's rate in bit/s: `sum_received` (TCP), else the UDP `sum` less its lost fraction.
    public static func receivedBps(iperfJSON: String) throws -> Double {
        let object = try JSONSerialization.jsonObject(with: Data(iperfJSON.utf8)) as? [String: Any]
        let end = object?["end"] as? [String: Any]
        if let received = end?["sum_received"] as? [String: Any], let bps = received["bits_per_second"] as? Double { return bps }
        let sum = end?["sum"] as? [String: Any]
        guard let bps = sum?["bits_per_second"] as? Double else { throw Unreadable(output: iperfJSON) }
        return bps * (1 - (sum?["lost_percent"] as? Double ?? 0) / 100)
    }
}
