import Foundation
import Topology

/// How a scenario names links: one directed link by its name (`leaf1:5->spine2:1`), or every
/// link between two switches in both directions (`leaf1<->spine2`), i.e. the cable(s).
public enum LinkSelector: Hashable, Sendable, CustomStringConvertible {
    case named(String)
    case between(String, String)

    /// Parses `a<->b` or a directed link name; `nil` when the text is neither.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let range = trimmed.range(of: "<->") {
            let left = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let right = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !left.isEmpty, !right.isEmpty, left != right else { return nil }
            self = .between(left, right)
        } else if trimmed.contains("->") {
            self = .named(trimmed)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .named(let name): name
        case .between(let a, let b): "\(a)<->\(b)"
        }
    }

    /// The form reports print: `leaf1 ↔ spine2` for a cable, the link name otherwise.
    public var displayName: String {
        switch self {
        case .named(let name): name
        case .between(let a, let b): "\(a) ↔ \(b)"
        }
    }

    /// Indices into `topology.links` this selector names, in link order; empty when it names none.
    public func linkIndices(in topology: Topology) -> [Int] {
        switch self {
        case .named(let name):
            return topology.linkIndex(named: name).map { [$0] } ?? []
        case .between(let a, let b):
            let forward = topology.outgoingLinkIndices(of: a).filter { topology.links[$0].target.node == b }
            let backward = topology.outgoingLinkIndices(of: b).filter { topology.links[$0].target.node == a }
            return (forward + backward).sorted()
        }
    }
}
