/// What `TopologyStore.saveIfChanged(_:source:)` did.
public enum SaveOutcome: Hashable, Sendable {
    /// The topology differed from the latest version (or the store was empty): this version was made.
    case saved(TopologyVersion)
    /// The topology equals the latest version (ignoring element order): nothing was written.
    case unchanged(TopologyVersion)

    /// The version that now describes the topology.
    public var version: TopologyVersion {
        switch self {
        case .saved(let version), .unchanged(let version): version
        }
    }

    /// Whether a new version was written.
    public var madeNewVersion: Bool {
        if case .saved = self { return true }
        return false
    }
}
