import Foundation

/// Rates as people write them in scenario files (`25G`, `400Gbps`, `1.5T`, `10000000`) and
/// as reports print them (`25 Gbit/s`). SI prefixes, powers of 1000.
enum RateText {
    private static let prefixes: [(suffix: String, factor: Double)] = [("t", 1e12), ("g", 1e9), ("m", 1e6), ("k", 1e3)]

    /// bit/s for `text`, or `nil` when it is not a rate.
    static func parse(_ text: String) -> Double? {
        var rest = text.trimmingCharacters(in: .whitespaces).lowercased()
        for unit in ["bit/s", "b/s", "bps"] where rest.hasSuffix(unit) {
            rest.removeLast(unit.count)
            break
        }
        rest = rest.trimmingCharacters(in: .whitespaces)
        var factor = 1.0
        if let prefix = prefixes.first(where: { rest.hasSuffix($0.suffix) }) {
            factor = prefix.factor
            rest.removeLast()
        }
        guard let number = Double(rest.trimmingCharacters(in: .whitespaces)), number.isFinite else { return nil }
        return number * factor
    }

    /// `bps` with a prefix chosen so the number is below 1000, e.g. `312.5 Gbit/s`.
    static func format(_ bps: Double) -> String {
        let magnitude = abs(bps)
        let (factor, unit): (Double, String) = switch magnitude {
        case 1e12...: (1e12, "Tbit/s")
        case 1e9...: (1e9, "Gbit/s")
        case 1e6...: (1e6, "Mbit/s")
        case 1e3...: (1e3, "kbit/s")
        default: (1, "bit/s")
        }
        return "\(trimmed(bps / factor)) \(unit)"
    }

    private static func trimmed(_ value: Double) -> String {
        let text = String(format: value.magnitude >= 100 ? "%.0f" : value.magnitude >= 10 ? "%.1f" : "%.2f", value)
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }
}
