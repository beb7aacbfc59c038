/// A problem (or warning) in a topology file: the located problem every Weft file reader uses.
public typealias TopologyFileProblem = LocatedProblem

/// A topology file could not be read; carries every problem found, not just the first.
public typealias TopologyFileError = LocatedError
