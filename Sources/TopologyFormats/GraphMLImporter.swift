import Foundation
import Topology
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads Internet Topology Zoo GraphML into a topology of `router` nodes.
///
/// - Nodes are named by their `label`; a node without one is named by its GraphML id. When several
///   nodes share a label (the Zoo has a few such files), each of them is named `label-<id>` so that
///   names stay unique and still readable.
/// - Each edge is one cable: two directed links, one each way, whatever `edgedefault` says (the Zoo's
///   graphs are all undirected). Every node gets ports `1, 2, …` in edge order, one per cable end, so
///   parallel edges stay separate cables on separate ports. Self-loops carry no traffic between nodes
///   and are skipped with a warning.
/// - Capacity: `LinkSpeedRaw` (bit/s) when present, else `LinkSpeed` × `LinkSpeedUnits` (`M`, `G`, …),
///   else `defaultCapacityBps`; edges that used the default are counted in a warning.
/// - Latency: great-circle distance between the nodes' `Latitude`/`Longitude` at 2·10⁸ m/s (light in
///   fibre); 0 when either node has no coordinates. The coordinates themselves are returned in
///   `ImportedTopology.coordinates` (what-if reports draw WANs as maps with them).
/// - Datapath ids are 1, 2, … in node order; ports have no MAC (`WANBuilder`).
public struct GraphMLImporter: Hashable, Sendable {
    public var defaultCapacityBps: Double

    public init(defaultCapacityBps: Double = 10e9) {
        self.defaultCapacityBps = defaultCapacityBps
    }

    /// Parses `data`; `file` names the source in problems and is the fallback topology name.
    public func read(_ data: Data, file: String) throws(LocatedError) -> ImportedTopology {
        let document = try GraphMLDocument.parse(data, file: file)
        var problems: [LocatedProblem] = []
        var warnings: [LocatedProblem] = []
        func problem(_ line: Int?, _ element: String, _ message: String) {
            problems.append(LocatedProblem(file: file, line: line, field: element, message: message))
        }

        var nameByID: [String: String] = [:]
        var lineByID: [String: Int] = [:]
        var labelCounts: [String: Int] = [:]
        for node in document.nodes {
            labelCounts[node.label(document), default: 0] += 1
        }
        var taken = Set<String>()
        for node in document.nodes {
            if let firstLine = lineByID[node.id] {
                problem(node.line, "node \(node.id)", "duplicate node id (first defined on line \(firstLine))")
                continue
            }
            lineByID[node.id] = node.line
            let label = node.label(document)
            var name = labelCounts[label, default: 0] > 1 ? "\(label)-\(node.id)" : label
            while taken.contains(name) { name += "-\(node.id)" }
            taken.insert(name)
            nameByID[node.id] = name
        }
        if document.nodes.isEmpty {
            problems.append(LocatedProblem(file: file, message: "the graph has no nodes"))
        }

        var builder = WANBuilder(nodes: document.nodes.compactMap { nameByID[$0.id] })
        var defaulted = 0
        for edge in document.edges {
            let element = "edge \(edge.source)->\(edge.target)"
            guard let sourceName = nameByID[edge.source], let targetName = nameByID[edge.target] else {
                for id in [edge.source, edge.target] where nameByID[id] == nil {
                    problem(edge.line, element, "unknown node '\(id)'")
                }
                continue
            }
            if edge.source == edge.target {
                warnings.append(LocatedProblem(file: file, line: edge.line, field: element, message: "self-loop skipped"))
                continue
            }
            let capacity: Double
            switch edge.speed {
            case .given(let bps):
                capacity = bps
            case .missing:
                capacity = defaultCapacityBps
                defaulted += 1
            case .unusable(let message):
                problem(edge.line, element, message)
                continue
            }
            builder.addCable(sourceName, targetName, capacityBps: capacity, latencySeconds: document.latency(between: edge.source, and: edge.target))
        }
        guard problems.isEmpty else { throw LocatedError(problems: problems) }
        if defaulted > 0 {
            warnings.append(LocatedProblem(
                file: file,
                message: "\(defaulted) of \(document.edges.count) edges give no link speed; assumed \(BitRate(bitsPerSecond: defaultCapacityBps).formatted)"
            ))
        }
        let name = document.graphName ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var coordinates: [String: GeoCoordinate] = [:]
        for node in document.nodes {
            if let name = nameByID[node.id], let position = node.coordinate {
                coordinates[name] = position
            }
        }
        return ImportedTopology(topology: builder.topology(named: name), warnings: warnings, coordinates: coordinates)
    }
}

/// The parts of a GraphML document the importer uses: attribute keys, nodes and edges with their
/// `<data>` values and source lines.
struct GraphMLDocument {
    struct Key {
        var name: String
        var domain: String
    }

    struct Element {
        var id: String
        var source: String
        var target: String
        var line: Int
        /// `<data>` values by attribute name.
        var data: [String: String]

        func label(_ document: GraphMLDocument) -> String {
            let label = (data["label"] ?? "").trimmingWhitespace()
            return label.isEmpty ? id : label
        }

        /// The node's `Latitude`/`Longitude`, when both are given and in range.
        var coordinate: GeoCoordinate? {
            guard let latitude = data["Latitude"].flatMap(Double.init), let longitude = data["Longitude"].flatMap(Double.init),
                  (-90...90).contains(latitude), (-180...180).contains(longitude) else { return nil }
            return GeoCoordinate(latitude: latitude, longitude: longitude)
        }

        /// The edge's speed: `LinkSpeedRaw`, else `LinkSpeed` with `LinkSpeedUnits`.
        var speed: EdgeSpeed {
            if let raw = data["LinkSpeedRaw"]?.trimmingWhitespace(), !raw.isEmpty {
                guard let bps = Double(raw), bps.isFinite, bps > 0 else {
                    return .unusable("LinkSpeedRaw '\(raw)' is not a positive number of bit/s")
                }
                return .given(bps)
            }
            if let speed = data["LinkSpeed"]?.trimmingWhitespace(), !speed.isEmpty {
                let units = (data["LinkSpeedUnits"] ?? "").trimmingWhitespace()
                switch BitRate.parse(speed + units) {
                case .success(let rate) where rate.bitsPerSecond > 0:
                    return .given(rate.bitsPerSecond)
                case .success:
                    return .unusable("LinkSpeed '\(speed)' must be positive")
                case .failure(let error):
                    return .unusable("LinkSpeed '\(speed)' with LinkSpeedUnits '\(units)': \(error.reason)")
                }
            }
            return .missing
        }
    }

    /// What an edge says about its speed.
    enum EdgeSpeed {
        case given(Double)
        case missing
        case unusable(String)
    }

    var keys: [String: Key] = [:]
    var graphData: [String: String] = [:]
    var nodes: [Element] = []
    var edges: [Element] = []

    var graphName: String? {
        for key in ["label", "Network"] {
            if let name = graphData[key]?.trimmingWhitespace(), !name.isEmpty { return name }
        }
        return nil
    }

    /// Propagation delay between two nodes from their coordinates, 0 when unknown.
    func latency(between a: String, and b: String) -> Double {
        guard let first = nodes.first(where: { $0.id == a })?.coordinate, let second = nodes.first(where: { $0.id == b })?.coordinate else {
            return 0
        }
        let radians = Double.pi / 180
        let dLat = (second.latitude - first.latitude) * radians
        let dLon = (second.longitude - first.longitude) * radians
        let h = sin(dLat / 2) * sin(dLat / 2)
            + cos(first.latitude * radians) * cos(second.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        let meters = 2 * 6_371_000 * asin(min(1, sqrt(h)))
        return meters / 2e8
    }

    static func parse(_ data: Data, file: String) throws(LocatedError) -> GraphMLDocument {
        let parser = XMLParser(data: data)
        let collector = GraphMLCollector(file: file)
        parser.delegate = collector
        let parsed = parser.parse()
        if let failure = collector.failure {
            throw LocatedError(problems: [failure])
        }
        guard parsed else {
            throw LocatedError(file: file, line: parser.lineNumber, column: parser.columnNumber, message: "malformed XML")
        }
        guard collector.sawGraph else {
            throw LocatedError(file: file, message: "no <graph> element: not a GraphML file")
        }
        return collector.document
    }
}

/// XMLParser delegate that fills a `GraphMLDocument`, noting the line of every element.
private final class GraphMLCollector: NSObject, XMLParserDelegate {
    let file: String
    var document = GraphMLDocument()
    var failure: LocatedProblem?
    var sawGraph = false
    private var current: GraphMLDocument.Element?
    private var currentIsEdge = false
    private var dataKey: String?
    private var text = ""
    private var depthInGraph = 0
    /// Elements opened and not yet closed, with their lines, to say where a tag mismatch began.
    private var openElements: [(name: String, line: Int)] = []

    init(file: String) {
        self.file = file
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        openElements.append((elementName, parser.lineNumber))
        switch elementName {
        case "key":
            if let id = attributes["id"] {
                document.keys[id] = .init(name: attributes["attr.name"] ?? id, domain: attributes["for"] ?? "all")
            }
        case "graph":
            if sawGraph { depthInGraph += 1 }
            sawGraph = true
        case "node" where depthInGraph == 0:
            guard let id = attributes["id"] else { return fail(parser, element: "node", "node without an id attribute") }
            current = .init(id: id, source: "", target: "", line: parser.lineNumber, data: [:])
            currentIsEdge = false
        case "edge" where depthInGraph == 0:
            guard let source = attributes["source"], let target = attributes["target"] else {
                return fail(parser, element: "edge", "edge without source and target attributes")
            }
            current = .init(id: attributes["id"] ?? "", source: source, target: target, line: parser.lineNumber, data: [:])
            currentIsEdge = true
        case "data":
            dataKey = attributes["key"]
            text = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if dataKey != nil { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if !openElements.isEmpty { openElements.removeLast() }
        switch elementName {
        case "data":
            guard let key = dataKey else { return }
            let name = document.keys[key]?.name ?? key
            if current != nil {
                current?.data[name] = text
            } else if depthInGraph == 0 {
                document.graphData[name] = text
            }
            dataKey = nil
        case "node" where depthInGraph == 0:
            if let node = current, !currentIsEdge { document.nodes.append(node) }
            current = nil
        case "edge" where depthInGraph == 0:
            if let edge = current, currentIsEdge { document.edges.append(edge) }
            current = nil
        case "graph":
            if depthInGraph > 0 { depthInGraph -= 1 }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil else { return }
        var message = "malformed XML: \(Self.describe(parseError))"
        if let (name, line) = openElements.last {
            message += " (inside <\(name)> opened on line \(line))"
        }
        failure = LocatedProblem(file: file, line: parser.lineNumber, column: parser.columnNumber, message: message)
    }

    private func fail(_ parser: XMLParser, element: String, _ message: String) {
        if failure == nil {
            failure = LocatedProblem(file: file, line: parser.lineNumber, field: element, message: message)
        }
        parser.abortParsing()
    }

    /// The message for a libxml2 error code (FoundationXML passes libxml2's `xmlParserErrors`).
    private static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        switch code {
        case 4: return "the document is empty"
        case 5: return "content after the root element"
        case 9, 8: return "invalid character"
        case 23, 26: return "bad entity reference"
        case 34, 40: return "an attribute value is not closed"
        case 39, 41, 75: return "malformed attribute"
        case 42: return "attribute given twice"
        case 68: return "a tag name is missing"
        case 72, 73, 74: return "a '<' or '>' is missing"
        case 76: return "start and end tags do not match"
        case 77: return "the document ends inside an element"
        default: return "XML error \(code)"
        }
    }
}
