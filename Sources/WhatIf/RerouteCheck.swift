/// Whether a reservation a step breaks could be rerouted in that step's fabric: what `weft serve`'s
/// planner says to `PATCH /v1/paths/ID {"reroute": true}` there, next to every other reservation as
/// stored (each broken reservation is checked alone, with no reservation headroom).
public struct RerouteCheck: Hashable, Sendable, Codable {
    /// Whether a new primary path with the reservation's rate fits.
    public var fits: Bool
    /// Switches of the new primary path, when it fits.
    public var path: [String]
    /// Why not, in the API's words, when it does not fit.
    public var reason: String?

    public init(fits: Bool, path: [String] = [], reason: String? = nil) {
        self.fits = fits
        self.path = path
        self.reason = reason
    }

    /// `a reroute fits via leaf1 › spine2 › leaf3` or `no reroute: …`.
    public var sentence: String {
        fits ? "a reroute fits via \(path.joined(separator: " › "))" : "no reroute: \(reason ?? "no path")"
    }
}
