import Foundation

/// Rates as reports print them: three significant digits and an SI unit (`312 Gbit/s`,
/// `12.5 Gbit/s`), easier to scan in a table than `Topology.BitRate`'s exact form.
enum RateText {
    /// `bps` with a prefix chosen so the number is below 1000, e.g. `312 Gbit/s`, `12.5 Gbit/s`.
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
