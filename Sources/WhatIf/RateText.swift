import Foundation

/// Rates as reports print them: three significant digits and an SI unit (`312 Gbit/s`,
/// `12.5 Gbit/s`, `10 Gbit/s`), easier to scan in a table than `Topology.BitRate`'s exact form.
enum RateText {
    /// `bps` with a prefix chosen so the number is below 1000, e.g. `312 Gbit/s`, `12.5 Gbit/s`, `2.05 Tbit/s`.
    static func format(_ bps: Double) -> String {
        guard bps != 0 else { return "0 bit/s" }
        // Pick the unit after rounding to three digits, so 99.996 G prints as 100 Gbit/s, not 100.0.
        let magnitude = Double(String(format: "%.3g", abs(bps))) ?? abs(bps)
        let (factor, unit): (Double, String) = switch magnitude {
        case 1e12...: (1e12, "Tbit/s")
        case 1e9...: (1e9, "Gbit/s")
        case 1e6...: (1e6, "Mbit/s")
        case 1e3...: (1e3, "kbit/s")
        default: (1, "bit/s")
        }
        return "\(trimmed(bps / factor)) \(unit)"
    }

    /// Three significant digits; exact whole numbers without decimals: `312`, `93.4`, `2.00`, `10`.
    private static func trimmed(_ value: Double) -> String {
        let rounded = Double(String(format: "%.3g", value)) ?? value
        if value == value.rounded() || rounded.magnitude >= 100 { return String(format: "%.0f", rounded) }
        return String(format: rounded.magnitude >= 10 ? "%.1f" : "%.2f", rounded)
    }
}
