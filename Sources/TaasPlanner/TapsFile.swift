import Foundation
import TopologyFormats

/// A file of tap services and tap flows (YAML or JSON, which is YAML) for `weft tap plan --taps` and
/// what-if runs. Each entry is a create request with TaaS field names, validated exactly like
/// `weft tap service create` / `weft tap flow create`; a flow names its service by id or name.
///
/// ```yaml
/// taas_id_range: 3900-3999        # optional
/// tap_services:
///   - {name: ids, tenant_id: tenant1, port_id: h3-1}
/// tap_flows:
///   - {name: web, tap_service_id: ids, source_port: h1-1, direction: BOTH,
///      filter: {peer_prefix: 10.0.2.0/24, ip_protocol: 6, peer_ports: "80,443"}, max_rate_bps: 1e8}
/// ```
public enum TapsFile {
    /// Reads and validates the file at `path` into a catalog.
    public static func load(path: String, context: TapContext) throws(LocatedError) -> TapCatalog {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LocatedError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: path, context: context)
    }

    /// Parses and validates `text`; `file` names the source in problems. Every problem is reported,
    /// each naming the line and the entry (`taps.yaml:4:5: tap_flows[2] 'web': …`).
    public static func parse(_ text: String, file: String, context: TapContext) throws(LocatedError) -> TapCatalog {
        guard let root = try YAMLNode.parse(text, file: file) else { return TapCatalog(taasIDRange: .default) }
        let document = try root.decode(Document.self)
        var catalog = TapCatalog(taasIDRange: document.range ?? .default)
        var problems: [LocatedProblem] = []
        for (index, service) in (document.services ?? []).enumerated() {
            do throws(TapError) { try catalog.createService(service, in: context) } catch {
                problems.append(entryProblem(root, list: "tap_services", index: index, name: service.name, error))
            }
        }
        for (index, flow) in (document.flows ?? []).enumerated() {
            do throws(TapError) { try catalog.createFlow(flow, in: context) } catch {
                problems.append(entryProblem(root, list: "tap_flows", index: index, name: flow.name, error))
            }
        }
        guard problems.isEmpty else { throw LocatedError(problems: problems) }
        return catalog
    }

    private struct Document: Decodable {
        var range: TaasIDRange?
        var services: [TapService]?
        var flows: [TapFlow]?

        enum CodingKeys: String, CodingKey {
            case range = "taas_id_range"
            case services = "tap_services"
            case flows = "tap_flows"
        }
    }

    /// `tap_flows[2] 'web': …` at the entry's line.
    private static func entryProblem(_ root: YAMLNode, list: String, index: Int, name: String, _ error: TapError) -> LocatedProblem {
        let entry = root[list]?[index]
        let label = name.isEmpty ? "" : " '\(name)'"
        return LocatedProblem(file: root.file, line: entry?.line, column: entry?.column, field: "\(list)[\(index)]\(label)", message: "\(error)")
    }
}
