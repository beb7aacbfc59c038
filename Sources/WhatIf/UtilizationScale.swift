/// The colours links are drawn in, by utilization, as in a network weathermap: grey when idle,
/// blue and green while there is room, amber to dark red as a link approaches full.
public struct UtilizationScale: Sendable {
    /// One colour band: utilizations from `lowerBound` (inclusive) up to the next band's.
    public struct Band: Hashable, Sendable {
        public var lowerBound: Double
        public var colour: String
        public var label: String
    }

    public let bands: [Band] = [
        Band(lowerBound: 0, colour: "#aab4be", label: "< 1%"),
        Band(lowerBound: 0.01, colour: "#3b7dd8", label: "1–25%"),
        Band(lowerBound: 0.25, colour: "#2ca25f", label: "25–50%"),
        Band(lowerBound: 0.50, colour: "#d4a300", label: "50–70%"),
        Band(lowerBound: 0.70, colour: "#f07d1a", label: "70–85%"),
        Band(lowerBound: 0.85, colour: "#e0452b", label: "85–95%"),
        Band(lowerBound: 0.95, colour: "#a50f15", label: "≥ 95%"),
    ]

    /// Colour of a link that is down because it failed.
    public let failedColour = "#d62728"
    /// Colour of a link that is down because its spine is drained.
    public let drainedColour = "#8a939c"

    public init() {}

    /// The band `utilization` falls in (values below 0 fall in the first band).
    public func band(for utilization: Double) -> Band {
        bands.last { utilization >= $0.lowerBound } ?? bands[0]
    }

    public func colour(for utilization: Double) -> String {
        band(for: utilization).colour
    }
}
