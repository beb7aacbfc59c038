import Foundation
import Hummingbird

/// `GET /v1/paths` query: filters on `src`, `dst`, `class` and `tenant_id`, and Neutron-style paging
/// with `limit` (at most ``maximumLimit``, default ``defaultLimit``) and `marker` (the id of the last
/// reservation of the previous page).
public struct PathListQuery: Hashable, Sendable {
    /// Page size when the request gives no `limit`.
    public static let defaultLimit = 1000
    /// Largest page a request may ask for; larger `limit`s are refused.
    public static let maximumLimit = 1000

    public var source: String?
    public var destination: String?
    public var qosClass: String?
    public var tenant: String?
    public var limit: Int
    public var marker: String?

    /// A query; `nil` filters match everything, `marker` starts after that reservation id.
    public init(source: String? = nil, destination: String? = nil, qosClass: String? = nil, tenant: String? = nil,
                limit: Int = PathListQuery.defaultLimit, marker: String? = nil) {
        self.source = source
        self.destination = destination
        self.qosClass = qosClass
        self.tenant = tenant
        self.limit = limit
        self.marker = marker
    }

    static let parameters: Set<String> = ["src", "dst", "class", "tenant_id", "limit", "marker"]

    /// Reads the query string; an unknown parameter, an empty value or a limit outside 1…``maximumLimit`` is a 422 naming it.
    init(_ parameters: Parameters) throws(APIError) {
        for (name, _) in parameters where !Self.parameters.contains(String(name)) {
            throw APIError.invalidField(String(name), "unknown query parameter '\(name)' (known: \(Self.parameters.sorted().joined(separator: ", ")))")
        }
        func value(_ name: String) throws(APIError) -> String? {
            guard let text = parameters.get(name) else { return nil }
            guard !text.isEmpty else { throw APIError.invalidField(name, "\(name) must not be empty") }
            return text
        }
        self.init(source: try value("src"), destination: try value("dst"), qosClass: try value("class"), tenant: try value("tenant_id"),
                  marker: try value("marker"))
        if let text = try value("limit") {
            guard let limit = Int(text), (1...Self.maximumLimit).contains(limit) else {
                throw APIError.invalidField("limit", "limit must be an integer from 1 to \(Self.maximumLimit), got '\(text)'")
            }
            self.limit = limit
        }
    }

    /// The query string for the page after `marker`, same filters and limit.
    func next(after marker: String) -> String {
        let pairs: [(String, String?)] = [("src", source), ("dst", destination), ("class", qosClass), ("tenant_id", tenant),
                                          ("limit", String(limit)), ("marker", marker)]
        return pairs.compactMap { name, value in value.map { "\(name)=\(Self.escape($0))" } }.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
