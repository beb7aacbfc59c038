import ArgumentParser
import TaasPlanner
import Topology

/// `weft tap flow create|list|delete`, with TaaS's arguments plus Weft's filter, rate cap, sampling
/// floor, weight and truncation.
struct TapFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Create, list and delete tap flows (a source port mirrored to a tap service).",
        subcommands: [Create.self, List.self, Delete.self]
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mirror a source port's traffic to a tap service.")

        @OptionGroup var options: TapStoreOptions
        @Option(help: "Name of the tap flow.") var name = ""
        @Option(help: "Description of the tap flow.") var description = ""
        @Option(help: "Owning tenant; must be the tap service's (default: the service's).") var tenant = ""
        @Option(name: .customLong("tap-service"), help: "Id or name of the tap service.") var tapService: String
        @Option(name: .customLong("source-port"), help: ArgumentHelp("Source port: a host name or switch:port.", valueName: "port")) var sourcePort: String
        @Option(help: "IN (frames delivered to the port's host), OUT (frames it sends) or BOTH.") var direction: String
        @Option(name: .customLong("vlan-filter"), help: ArgumentHelp("VLAN ids of tenant frames, TaaS syntax.", valueName: "1-5,9")) var vlanFilter: String?
        @Option(name: .customLong("filter-prefix"), help: ArgumentHelp("IPv4 prefix of the peer.", valueName: "a.b.c.d/len")) var filterPrefix: String?
        @Option(name: .customLong("filter-protocol"), help: ArgumentHelp("IP protocol: tcp, udp, icmp, sctp or a number.", valueName: "protocol")) var filterProtocol: String?
        @Option(name: .customLong("filter-ports"), help: ArgumentHelp("L4 ports of the peer (needs tcp, udp or sctp).", valueName: "80,8000-8080")) var filterPorts: String?
        @Option(name: .customLong("expected-share"), help: "Expected share (0-1] of the port's traffic the filter keeps, for sizing.") var expectedShare: Double?
        @Option(name: .customLong("max-rate"), help: ArgumentHelp("Never mirror more than this rate.", valueName: "rate")) var maxRate: String?
        @Option(name: .customLong("sampling-floor"), help: "Sampling fraction (0-1) placement guarantees first.") var samplingFloor = 0.0
        @Option(name: [.customLong("weight"), .customLong("priority")], help: "Share of contested mirror capacity (weighted max-min).") var weight = 1.0
        @Option(name: .customLong("truncate"), help: ArgumentHelp("Allow truncating copies to this many bytes when they do not fit.", valueName: "bytes")) var truncate: Int?
        @Flag(help: "Print the created flow as JSON.") var json = false

        func run() throws {
            try runTapCommand {
                let flow = try options.withStore { try $0.createFlow(try request()) }
                print(json ? try JSONOutput.text(flow) : TapFlowCommand.fields(flow).joined(separator: "\n"))
            }
        }

        /// The create request, every malformed option reported at once.
        func request() throws -> TapFlow {
            var problems: [String] = []
            let source = PortReference(sourcePort)
            if source == nil { problems.append("--source-port: empty port reference") }
            let parsedDirection = TapDirection(parsing: direction)
            if parsedDirection == nil { problems.append("--direction: '\(direction)' is not IN, OUT or BOTH") }
            var filter = MirrorFilter(expectedShare: expectedShare)
            if let vlanFilter {
                filter.vlans = NumberRanges(vlanFilter, limit: 4095)
                if filter.vlans == nil { problems.append("--vlan-filter: '\(vlanFilter)' is not a list of VLAN ids and ranges within 0-4095") }
            }
            if let filterPrefix {
                filter.peerPrefix = IPv4Prefix(filterPrefix)
                if filter.peerPrefix == nil { problems.append("--filter-prefix: '\(filterPrefix)' is not an IPv4 prefix (a.b.c.d/len)") }
            }
            if let filterProtocol {
                filter.ipProtocol = ["icmp": 1, "tcp": 6, "udp": 17, "sctp": 132][filterProtocol.lowercased()] ?? UInt8(filterProtocol)
                if filter.ipProtocol == nil { problems.append("--filter-protocol: '\(filterProtocol)' is not tcp, udp, icmp, sctp or 0-255") }
            }
            if let filterPorts {
                filter.peerPorts = NumberRanges(filterPorts)
                if filter.peerPorts == nil { problems.append("--filter-ports: '\(filterPorts)' is not a list of ports and ranges") }
            }
            var rate: Double?
            if let maxRate {
                do { rate = try parseRate(maxRate, option: "--max-rate") } catch { problems += error.problems }
            }
            guard problems.isEmpty, let source, let parsedDirection else { throw CommandFailure(problems) }
            let hasFilter = !filter.isEmpty || filter.expectedShare != nil
            return TapFlow(name: name, description: description, tenant: tenant, tapServiceID: tapService, sourcePort: source,
                           direction: parsedDirection, filter: hasFilter ? filter : nil, maxRateBps: rate,
                           samplingFloor: samplingFloor, weight: weight, truncateBytes: truncate)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tap flows.")

        @OptionGroup var options: TapStoreOptions
        @Option(name: .customLong("tap-service"), help: "Only the flows of this tap service (id or name).") var tapService: String?
        @Flag(help: "Print the flows as JSON.") var json = false

        func run() throws {
            try runTapCommand {
                let catalog = try options.withStore { try $0.catalog() }
                var flows = catalog.flows
                if let tapService {
                    guard let service = catalog.service(tapService) else { throw TapError.unknownTapService(tapService) }
                    flows = catalog.flows(ofService: service.id)
                }
                if json {
                    print(try JSONOutput.text(flows))
                    return
                }
                var table = TextTable(["id", "name", "tap service", "source port", "direction", "filter", "max rate", "weight"], rightAligned: [6, 7])
                for flow in flows {
                    table.append([flow.id, flow.name, catalog.service(flow.tapServiceID)?.name ?? flow.tapServiceID, flow.sourcePort.description,
                                  flow.direction.rawValue, TapFlowCommand.summary(flow.filter), flow.maxRateBps.map { BitRate(bitsPerSecond: $0).formatted } ?? "-",
                                  "\(flow.weight)"])
                }
                table.lines.forEach { print($0) }
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tap flow.")

        @OptionGroup var options: TapStoreOptions
        @Argument(help: "Id or name of the tap flow.") var flow: String

        func run() throws {
            try runTapCommand {
                let removed = try options.withStore { try $0.deleteFlow(flow) }
                print("deleted tap flow \(removed.label)")
            }
        }
    }

    /// `field  value` lines, as `openstack tap flow show` prints them.
    static func fields(_ flow: TapFlow) -> [String] {
        var table = TextTable(["field", "value"])
        let rows: [(String, String)] = [
            ("id", flow.id), ("name", flow.name), ("description", flow.description), ("tenant_id", flow.tenant),
            ("tap_service_id", flow.tapServiceID), ("source_port", flow.sourcePort.description), ("direction", flow.direction.rawValue),
            ("filter", summary(flow.filter)), ("max_rate", flow.maxRateBps.map { BitRate(bitsPerSecond: $0).formatted } ?? "-"),
            ("sampling_floor", "\(flow.samplingFloor)"), ("weight", "\(flow.weight)"), ("truncate_bytes", flow.truncateBytes.map(String.init) ?? "-"),
        ]
        for (field, value) in rows { table.append([field, value]) }
        return table.lines
    }

    /// `vlan 1-5 peer 10.0.0.0/8 udp:53`, or `-` for no filter.
    static func summary(_ filter: MirrorFilter?) -> String {
        guard let filter, !filter.isEmpty else { return "-" }
        var parts: [String] = []
        if let vlans = filter.vlans { parts.append("vlan \(vlans)") }
        if let prefix = filter.peerPrefix { parts.append("peer \(prefix)") }
        if let proto = filter.ipProtocol {
            let name = [1: "icmp", 6: "tcp", 17: "udp", 132: "sctp"][Int(proto)] ?? "proto \(proto)"
            parts.append(filter.peerPorts.map { "\(name):\($0)" } ?? name)
        }
        return parts.joined(separator: " ")
    }
}
