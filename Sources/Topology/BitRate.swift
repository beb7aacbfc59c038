import Foundation

/// A data rate in bit/s, parsed from and printed as the short forms people type: `100G`, `25Gbps`,
/// `2.5 Gbit/s`, `155M`, `1.5e9`.
///
/// Prefixes are decimal (`k` = 10³, `M` = 10⁶, `G` = 10⁹, `T` = 10¹²) as in line rates; the unit may be
/// omitted or written `bps`, `b/s`, `bit/s` or `bits/s`. Byte units (`GB`, `MB/s`) are rejected rather than
/// guessed, and so are negative or non-finite values.
public struct BitRate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var bitsPerSecond: Double

    public init(bitsPerSecond: Double) {
        self.bitsPerSecond = bitsPerSecond
    }

    /// Parses a rate; `nil` when the text is not a non-negative rate. Use `parse(_:)` for the reason.
    public init?(_ text: String) {
        guard case .success(let rate) = BitRate.parse(text) else { return nil }
        self = rate
    }

    /// Parses a rate, or says what is wrong with the text.
    public static func parse(_ text: String) -> Result<BitRate, BitRateParseError> {
        let trimmed = text.trimmingWhitespace()
        let numberEnd = trimmed.firstIndex { !($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-") } ?? trimmed.endIndex
        var numberPart = Substring(trimmed[..<numberEnd])
        var unitPart = trimmed[numberEnd...]
        // "1e9" is a number, but "1E" would swallow nothing useful: give an exponent letter back when no digits follow it.
        while let last = numberPart.last, last == "e" || last == "E" || last == "+" || last == "-" {
            numberPart = numberPart.dropLast()
            unitPart = trimmed[numberPart.endIndex...]
        }
        guard !numberPart.isEmpty, let value = Double(numberPart) else {
            return .failure(BitRateParseError(text: text, reason: "expected a number such as 100G, 25Gbps or 1.5e9"))
        }
        let unit = unitPart.trimmingWhitespace()
        guard let multiplier = multiplier(ofUnit: unit) else {
            return .failure(BitRateParseError(text: text, reason: "unknown unit '\(unit)' (use k, M, G or T with optional bps, b/s or bit/s; bytes are not accepted)"))
        }
        let bits = value * multiplier
        guard bits.isFinite, bits >= 0 else {
            return .failure(BitRateParseError(text: text, reason: "a rate must be a finite, non-negative number"))
        }
        return .success(BitRate(bitsPerSecond: bits))
    }

    private static func multiplier(ofUnit unit: String) -> Double? {
        var rest = Substring(unit)
        var multiplier = 1.0
        if let first = rest.first {
            let prefixes: [Character: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "g": 1e9, "T": 1e12, "t": 1e12]
            if let scale = prefixes[first] {
                multiplier = scale
                rest = rest.dropFirst()
            }
        }
        let suffix = rest.trimmingWhitespace()
        let bitSuffixes: Set<String> = ["", "bps", "b/s", "bit/s", "bits/s"]
        guard !suffix.hasPrefix("B"), bitSuffixes.contains(suffix.lowercased()) else { return nil }
        return multiplier
    }

    /// The shortest exact-looking form with a decimal prefix, e.g. `100G`, `2.5G`, `155M`, `9.92G`.
    public var description: String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, prefix) in units where bitsPerSecond >= scale {
            return BitRate.trimmedNumber(bitsPerSecond / scale) + prefix
        }
        return BitRate.trimmedNumber(bitsPerSecond)
    }

    /// The rate with a unit, for tables and reports: `100 Gbit/s`.
    public var formatted: String {
        let short = description
        guard let last = short.last, last.isLetter else { return short + " bit/s" }
        return "\(short.dropLast()) \(last)bit/s"
    }

    private static func trimmedNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    public static func < (lhs: BitRate, rhs: BitRate) -> Bool { lhs.bitsPerSecond < rhs.bitsPerSecond }
}

/// Why a text is not a rate.
public struct BitRateParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "'\(text)' is not a rate: \(reason)" }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    public func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension KeyedDecodingContainer {
    /// Decodes a rate given either as a number of bit/s or as text such as `100G`, so topology files can
    /// say `capacity_bps: 100G`.
    func decodeRate(forKey key: Key) throws -> Double {
        if let number = try? decode(Double.self, forKey: key) {
            return number
        }
        let text = try decode(String.self, forKey: key)
        switch BitRate.parse(text) {
        case .success(let rate):
            return rate.bitsPerSecond
        case .failure(let error):
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
        }
    }
}
