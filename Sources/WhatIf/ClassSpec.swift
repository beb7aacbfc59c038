/// A QoS class as a scenario declares it: higher weight counts more in the objective,
/// lower priority number is served first under strict priority.
public struct ClassSpec: Hashable, Sendable {
    public var name: String
    public var weight: Double
    public var priority: Int
    public var location: FieldLocation

    public init(name: String, weight: Double, priority: Int, location: FieldLocation) {
        self.name = name
        self.weight = weight
        self.priority = priority
        self.location = location
    }
}
