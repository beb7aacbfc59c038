/// Where a scenario's demands of one class come from.
public struct DemandSpec: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// A demand file (CSV `src,dst,rate_bps,class` or YAML), path resolved against the scenario file.
        case file(String)
        /// A generated traffic matrix.
        case generated(DemandGeneratorSpec)
        /// The demands of the store given with `weft whatif --db`: the declared ones, the newest
        /// measured matrix (one leaf-to-leaf demand per measured aggregate, at its smoothed rate), or
        /// the matrix `--demand-basis` chose (`store`).
        case live(LiveState.Demands)
    }

    public var source: Source
    /// Class of generated demands; for a file, the class of every row (else each row's own, default bronze).
    public var className: String?
    public var location: FieldLocation

    public init(source: Source, className: String?, location: FieldLocation) {
        self.source = source
        self.className = className
        self.location = location
    }
}
