import Foundation
import Yams

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
    public static func load(path: String, context: TapContext) throws(TapsFileError) -> TapCatalog {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TapsFileError(file: path, problems: ["cannot read: \(error.localizedDescription)"])
        }
        return try parse(text, file: path, context: context)
    }

    /// Parses and validates `text`; `file` names the source in problems. Every problem is reported,
    /// each naming the entry (`tap_flows[2] 'web'`).
    public static func parse(_ text: String, file: String, context: TapContext) throws(TapsFileError) -> TapCatalog {
        let document: Document
        do {
            document = try YAMLDecoder().decode(Document.self, from: text.isEmpty ? "{}" : text)
        } catch let error as DecodingError {
            throw TapsFileError(file: file, problems: [describe(error)])
        } catch {
            throw TapsFileError(file: file, problems: ["not valid YAML or JSON: \(error)"])
        }
        var catalog = TapCatalog(taasIDRange: document.range ?? .default)
        var problems: [String] = []
        for (index, service) in (document.services ?? []).enumerated() {
            do throws(TapError) { try catalog.createService(service, in: context) } catch {
                problems.append("tap_services[\(index)]\(label(service.name)): \(error)")
            }
        }
        for (index, flow) in (document.flows ?? []).enumerated() {
            do throws(TapError) { try catalog.createFlow(flow, in: context) } catch {
                problems.append("tap_flows[\(index)]\(label(flow.name)): \(error)")
            }
        }
        guard problems.isEmpty else { throw TapsFileError(file: file, problems: problems) }
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

    private static func label(_ name: String) -> String { name.isEmpty ? "" : " '\(name)'" }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.hasPrefix(".") ? String(keys.dropFirst()) : keys
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context))\(context.codingPath.isEmpty ? "" : ": ")missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A taps file could not be read or holds invalid entries; every problem is listed.
public struct TapsFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [String]

    public var description: String {
        problems.map { "\(file): \($0)" }.joined(separator: "\n")
    }
}
