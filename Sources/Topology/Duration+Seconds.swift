extension Duration {
    /// The duration in seconds as a `Double`, for rates, timings, logs and statistics: the one
    /// conversion every module uses.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
