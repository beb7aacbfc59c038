import Topology

/// Demands checked against a topology: endpoints mapped to switches, host ports turned into shared
/// access capacities.
///
/// A host endpoint stands for its attachment switch; every demand leaving (entering) the same host
/// shares that host's port speed, modelled as one capacity row per host and direction.
struct ResolvedDemands {
    struct Entry {
        /// Index into the caller's demand array.
        var input: Int
        var demand: Demand
        var sourceSwitch: String
        var destinationSwitch: String
        /// Indices into `access`.
        var access: [Int]
    }

    struct Access {
        /// `host h1-1 port leaf1:1`, for shortfall reasons.
        var label: String
        var capacityBps: Double
    }

    var entries: [Entry] = []
    var access: [Access] = []

    /// Resolves every demand or throws every problem found (not just the first).
    static func resolve(_ demands: [Demand], in topology: Topology) throws(OptimizerError) -> ResolvedDemands {
        var problems: [DemandProblem] = []
        var seenIDs = Set<String>()
        var result = ResolvedDemands()
        var accessIndex: [String: Int] = [:]

        func endpoint(_ name: String, field: String, id: String) -> (switchName: String, host: Host?)? {
            if topology.switchNamed(name) != nil { return (name, nil) }
            if let host = topology.hostNamed(name) { return (host.attachment.node, host) }
            problems.append(DemandProblem(demandID: id, field: field, message: "unknown node '\(name)' (not a host or switch of topology '\(topology.name)')"))
            return nil
        }

        func accessRow(for host: Host, outgoing: Bool) -> Int? {
            guard let port = topology.switchNamed(host.attachment.node)?.port(host.attachment.port) else { return nil }
            let key = "\(host.name)\u{0}\(outgoing)"
            if let index = accessIndex[key] { return index }
            let speed = port.isUp && port.speedBps.isFinite ? max(0, port.speedBps) : 0
            let direction = outgoing ? "sending" : "receiving"
            let state = port.isUp ? "" : ", port down"
            result.access.append(Access(label: "host \(host.name) port \(host.attachment) (\(direction)\(state))", capacityBps: speed))
            accessIndex[key] = result.access.count - 1
            return result.access.count - 1
        }

        for (index, demand) in demands.enumerated() {
            let id = demand.id
            let before = problems.count
            if id.isEmpty {
                problems.append(DemandProblem(demandID: "#\(index + 1)", field: "id", message: "empty id"))
            } else if !seenIDs.insert(id).inserted {
                problems.append(DemandProblem(demandID: id, field: "id", message: "duplicate demand id"))
            }
            let source = endpoint(demand.source, field: "src", id: id)
            let destination = endpoint(demand.destination, field: "dst", id: id)
            if demand.source == demand.destination {
                problems.append(DemandProblem(demandID: id, field: "dst", message: "same as src ('\(demand.source)')"))
            }
            if !demand.rateBps.isFinite || demand.rateBps < 0 {
                problems.append(DemandProblem(demandID: id, field: "rate_bps", message: "\(demand.rateBps) is not a finite, non-negative rate"))
            }
            let qosClass = demand.qosClass
            if qosClass.name.isEmpty {
                problems.append(DemandProblem(demandID: id, field: "class", message: "class has an empty name"))
            }
            if !qosClass.weight.isFinite || qosClass.weight <= 0 {
                problems.append(DemandProblem(demandID: id, field: "class", message: "class '\(qosClass.name)' weight \(qosClass.weight) must be a positive number"))
            }
            guard problems.count == before, let source, let destination else { continue }
            var access: [Int] = []
            if let host = source.host, let row = accessRow(for: host, outgoing: true) { access.append(row) }
            if let host = destination.host, let row = accessRow(for: host, outgoing: false) { access.append(row) }
            result.entries.append(Entry(input: index, demand: demand, sourceSwitch: source.switchName,
                                        destinationSwitch: destination.switchName, access: access))
        }
        guard problems.isEmpty else { throw .invalidDemands(problems) }
        return result
    }
}
