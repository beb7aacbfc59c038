extension Duration {
    /// The duration in seconds as a `Double`, for logs, rates and statistics.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
