/// A tap service: where mirrored copies go (the monitor host's port).
public struct TapServiceSpec: Hashable, Sendable {
    public var name: String
    /// The monitor host; its attachment port is the tap service's destination port.
    public var destinationHost: String
    public var location: FieldLocation

    public init(name: String, destinationHost: String, location: FieldLocation) {
        self.name = name
        self.destinationHost = destinationHost
        self.location = location
    }
}
