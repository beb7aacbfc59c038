import Topology

/// Why a routing plan cannot be compiled; names the element at fault.
public enum FlowCompilerError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownPort(element: String, end: LinkEnd)
    case brokenPath(pair: String, reason: String)
    case forwardingLoop(destination: String, switchName: String)
    case invalidClassCap(className: String, capBps: Double)
    case invalidDSCP(className: String, dscp: UInt8)
    /// A mirror entry cannot be expressed (unknown switch or host, a port range too wide for exact matches).
    case invalidMirror(tapFlow: String, reason: String)
    /// Class metadata and aggregate ids leave room for 15 classes.
    case tooManyClasses(count: Int)
    /// The switch's (egress, class) aggregates do not fit the meter id space.
    case tooManyAggregates(switchName: String)

    public var description: String {
        switch self {
        case let .unknownPort(element, end):
            "\(element): attached to \(end), which is not a port of the topology"
        case let .brokenPath(pair, reason):
            "path \(pair): \(reason)"
        case let .forwardingLoop(destination, switchName):
            "routes towards \(destination) loop through switch \(switchName); destination-based forwarding needs loop-free paths"
        case let .invalidClassCap(className, capBps):
            "traffic class \(className): cap \(capBps) bit/s must be a finite number of at least 1000"
        case let .invalidDSCP(className, dscp):
            "traffic class \(className): DSCP \(dscp) is out of range 0...63"
        case let .invalidMirror(tapFlow, reason):
            "tap flow \(tapFlow): \(reason)"
        case let .tooManyClasses(count):
            "\(count) traffic classes: at most 15 can be classified and metered at the edge"
        case let .tooManyAggregates(switchName):
            "switch \(switchName): too many (egress switch, class) aggregates for the meter id space (16383)"
        }
    }
}
