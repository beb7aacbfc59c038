/// Parses the intervals people type for `--reoptimize-every`: `60s`, `5m`, `1h`, `500ms`, or `0` / `off`.
public enum IntervalParser {
    /// The interval, or `nil` for `0` / `off` (no scheduled runs).
    public static func parse(_ text: String, option: String) throws(ServeError) -> Duration? {
        if text == "0" || text == "off" { return nil }
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Double(text.dropLast(unit.suffix.count)), value.isFinite else { break }
            guard value >= 0 else {
                throw .invalidOption(option: option, value: text, reason: "must not be negative")
            }
            if value == 0 { return nil }
            let seconds = value * unit.seconds
            guard seconds >= 0.01 else {
                throw .invalidOption(option: option, value: text, reason: "must be at least 10ms")
            }
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        throw .invalidOption(option: option, value: text, reason: "expected a number with ms, s, m or h (e.g. 60s), or off")
    }
}
