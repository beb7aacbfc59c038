import Topology

/// Turns LLDP observations into the directed links of a topology whose switches and ports are known
/// (from FEATURES_REPLY and PORT_DESC), as the controller's discovery does on every round.
///
/// - Each usable observation gives one directed link, neighbour port → receiving port; a cable
///   shows up as two observations, one per direction. Repeated observations count once.
/// - Capacity is the lower of the two port speeds; a port reporting speed 0 (OVS patch ports do)
///   does not count, and when both do, `defaultCapacityBps` is used. A link is up when both ports are.
/// - Observations naming an unknown switch or port, looping back to the receiving switch, or
///   contradicting an earlier observation (a port hearing two neighbours, or a port heard on two
///   ports) are rejected with a reason; the rest still make links.
public struct LLDPLinkDiscovery: Hashable, Sendable {
    public var defaultCapacityBps: Double
    public var latencySeconds: Double

    public init(defaultCapacityBps: Double = 10e9, latencySeconds: Double = 0) {
        self.defaultCapacityBps = defaultCapacityBps
        self.latencySeconds = latencySeconds
    }

    /// An observation that made no link, and why.
    public struct Rejection: Hashable, Sendable, CustomStringConvertible {
        /// Position in the list passed to `discover`.
        public var index: Int
        public var observation: LLDPObservation
        public var reason: String

        public var description: String { "observation \(index) (\(observation)): \(reason)" }
    }

    /// The topology with its links replaced by the discovered ones, and what was rejected.
    public struct Result: Hashable, Sendable {
        public var topology: Topology
        public var rejections: [Rejection]
    }

    /// Discovers the links of `switches` (its existing links are ignored) from `observations`.
    /// `speedSources` says where each port's speed came from (the switch, the store; a port without an
    /// entry had its speed given with `switches`, i.e. stored); a link's `capacitySource` is that of the
    /// port whose speed it takes, `.default` when neither port had one.
    public func discover(_ switches: Topology, observations: [LLDPObservation], speedSources: [LinkEnd: CapacitySource] = [:]) -> Result {
        var links: [Link] = []
        var rejections: [Rejection] = []
        var heardOn: [LinkEnd: LinkEnd] = [:]
        var sentFrom: [LinkEnd: LinkEnd] = [:]
        for (index, observation) in observations.enumerated() {
            func reject(_ reason: String) {
                rejections.append(Rejection(index: index, observation: observation, reason: reason))
            }
            guard let receiver = switches.switchWith(datapathID: observation.datapathID) else {
                reject("unknown switch \(observation.datapathID)")
                continue
            }
            guard let receivingPort = receiver.port(observation.port) else {
                reject("switch \(receiver.name) has no port \(observation.port)")
                continue
            }
            guard let sender = switches.switchWith(datapathID: observation.neighbourDatapathID) else {
                reject("unknown neighbour chassis \(observation.neighbourDatapathID)")
                continue
            }
            guard let sendingPort = sender.port(observation.neighbourPort) else {
                reject("neighbour \(sender.name) has no port \(observation.neighbourPort)")
                continue
            }
            guard sender.name != receiver.name else {
                reject("loops back to switch \(receiver.name)")
                continue
            }
            let target = LinkEnd(node: receiver.name, port: receivingPort.number)
            let source = LinkEnd(node: sender.name, port: sendingPort.number)
            if let heard = heardOn[target] {
                if heard != source { reject("\(target) already hears \(heard)") }
                continue
            }
            if let other = sentFrom[source] {
                reject("\(source) is already heard on \(other)")
                continue
            }
            heardOn[target] = source
            sentFrom[source] = target
            let slower = [(source, sendingPort.speedBps), (target, receivingPort.speedBps)].filter { $0.1 > 0 }.min { $0.1 < $1.1 }
            links.append(Link(
                source: source, target: target, capacityBps: slower?.1 ?? defaultCapacityBps,
                latencySeconds: latencySeconds, isUp: sendingPort.isUp && receivingPort.isUp,
                capacitySource: slower.map { speedSources[$0.0] ?? .stored } ?? .default
            ))
        }
        var topology = switches
        topology.links = links
        return Result(topology: topology, rejections: rejections)
    }
}
