/// Where a discovered link's capacity came from, so an operator can tell a speed the switch reported
/// from one taken from the store or a default guess (`weft topo show`). Links read from files or
/// generated carry none: their capacity is declared.
public enum CapacitySource: String, Hashable, Sendable, Codable, CaseIterable {
    /// The lower of the speeds the switches reported for the two ports (OpenFlow port descriptions).
    case switchReported = "switch"
    /// The stored port's `speed_bps`: the switch reported none (OVS patch ports report 0).
    case stored
    /// Neither end had a speed: the controller's default link capacity.
    case `default`
}
