/// One thing wrong with a topology, naming the element it concerns.
public struct TopologyProblem: Hashable, Sendable, CustomStringConvertible {
    /// The element at fault, e.g. `switch leaf3`, `link leaf1:5->spine9:1`, `host h1-1`.
    public var element: String
    public var message: String

    public init(element: String, message: String) {
        self.element = element
        self.message = message
    }

    public var description: String { "\(element): \(message)" }
}

/// A topology failed validation; carries every problem found, not just the first.
public struct TopologyValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var topology: String
    public var problems: [TopologyProblem]

    public var description: String {
        "topology '\(topology)' is invalid (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension Topology {
    /// Every structural problem: duplicates, dangling ports, links or hosts on unknown switches,
    /// non-positive capacities, unknown tenants.
    public func problems() -> [TopologyProblem] {
        var problems: [TopologyProblem] = []
        var seenNames = Set<String>()
        var seenIDs: [DatapathID: String] = [:]
        for item in switches {
            if !seenNames.insert(item.name).inserted {
                problems.append(.init(element: "switch \(item.name)", message: "duplicate switch name"))
            }
            if let other = seenIDs[item.datapathID], other != item.name {
                problems.append(.init(element: "switch \(item.name)", message: "datapath id \(item.datapathID) already used by switch \(other)"))
            }
            seenIDs[item.datapathID] = item.name
            var seenPorts = Set<UInt32>()
            for port in item.ports {
                if !seenPorts.insert(port.number).inserted {
                    problems.append(.init(element: "switch \(item.name) port \(port.number)", message: "duplicate port number"))
                }
                if port.speedBps < 0 || !port.speedBps.isFinite {
                    problems.append(.init(element: "switch \(item.name) port \(port.number)", message: "speed \(port.speedBps) bit/s must be a non-negative number"))
                }
            }
        }
        var seenLinks = Set<String>()
        var usedSources = [LinkEnd: String]()
        for link in links {
            let element = "link \(link.name)"
            if !seenLinks.insert(link.name).inserted {
                problems.append(.init(element: element, message: "duplicate link"))
            } else if let other = usedSources[link.source] {
                problems.append(.init(element: element, message: "port \(link.source) already carries link \(other)"))
            }
            usedSources[link.source] = link.name
            for end in [link.source, link.target] {
                problems.append(contentsOf: endProblems(end, element: element))
            }
            if link.source.node == link.target.node {
                problems.append(.init(element: element, message: "link loops back to its own switch"))
            }
            if !(link.capacityBps > 0) || !link.capacityBps.isFinite {
                problems.append(.init(element: element, message: "capacity \(link.capacityBps) bit/s must be a positive number"))
            }
            if link.latencySeconds < 0 || !link.latencySeconds.isFinite {
                problems.append(.init(element: element, message: "latency \(link.latencySeconds) s must be non-negative"))
            }
        }
        let tenantNames = Set(tenants.map(\.name))
        var seenTenants = Set<String>()
        for tenant in tenants where !seenTenants.insert(tenant.name).inserted {
            problems.append(.init(element: "tenant \(tenant.name)", message: "duplicate tenant name"))
        }
        var seenHosts = Set<String>()
        var seenMACs: [MACAddress: String] = [:]
        for host in hosts {
            let element = "host \(host.name)"
            if !seenHosts.insert(host.name).inserted {
                problems.append(.init(element: element, message: "duplicate host name"))
            }
            if seenNames.contains(host.name) {
                problems.append(.init(element: element, message: "name also used by a switch"))
            }
            if let other = seenMACs[host.mac] {
                problems.append(.init(element: element, message: "MAC \(host.mac) already used by host \(other)"))
            }
            seenMACs[host.mac] = host.name
            problems.append(contentsOf: endProblems(host.attachment, element: element))
            if usedSources[host.attachment] != nil {
                problems.append(.init(element: element, message: "attached to \(host.attachment), which carries a fabric link"))
            }
            if !tenantNames.contains(host.tenant) {
                problems.append(.init(element: element, message: "unknown tenant '\(host.tenant)'"))
            }
        }
        return problems
    }

    /// Returns `self` when it has no problems; otherwise throws them all.
    public func validated() throws(TopologyValidationError) -> Topology {
        let found = problems()
        guard found.isEmpty else { throw TopologyValidationError(topology: name, problems: found) }
        return self
    }

    private func endProblems(_ end: LinkEnd, element: String) -> [TopologyProblem] {
        guard let node = switchNamed(end.node) else {
            return [.init(element: element, message: "unknown switch '\(end.node)'")]
        }
        if node.port(end.port) == nil {
            return [.init(element: element, message: "dangling port: switch \(end.node) has no port \(end.port)")]
        }
        return []
    }
}
