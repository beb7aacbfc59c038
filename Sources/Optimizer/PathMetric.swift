/// What "shortest" means for a path search.
public enum PathMetric: String, Hashable, Sendable, Codable, CaseIterable {
    /// Fewest links.
    case hops
    /// Lowest summed one-way latency; ties go to fewer links.
    case latency
}
