/// Where a WAN node sits on the globe, as Topology Zoo and SNDlib give it; used to draw maps.
public struct GeoCoordinate: Hashable, Sendable, Codable {
    /// Degrees north, -90...90.
    public var latitude: Double
    /// Degrees east, -180...180.
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}
