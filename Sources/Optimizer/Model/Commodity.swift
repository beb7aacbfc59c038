/// One demand as an LP commodity: its route-space endpoints and rate in LP units.
struct Commodity {
    /// Index into `ResolvedDemands.entries`.
    var entry: Int
    var source: Int
    var destination: Int
    /// Requested rate in LP units (bit/s divided by the model scale).
    var rate: Double
    var weight: Double
    var priority: Int
    /// Indices into the access resources (host ports).
    var access: [Int]
}
