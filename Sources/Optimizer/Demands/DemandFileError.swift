import TopologyFormats

/// One problem in a demand or class file: the located problem every Weft file reader uses
/// (`demands.csv:12: rate_bps: '-5' is not a rate: …`).
public typealias DemandFileProblem = LocatedProblem

/// A demand or class file could not be used; carries every problem found, not just the first.
public typealias DemandFileError = LocatedError
