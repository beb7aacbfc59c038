import Foundation
import Optimizer

/// A bandwidth reservation made through `POST /v1/paths`: the request as accepted, the paths chosen,
/// and, when read back, whether those paths are still intact in the current topology.
public struct PathReservation: Hashable, Sendable, Codable {
    /// Whether every link of the reservation's paths is still present and up.
    public typealias Status = ReservationStatus

    public var id: String
    public var tenant: String?
    public var source: String
    public var destination: String
    public var qosClass: String
    public var bandwidthBps: Double
    public var constraints: PathConstraints
    public var paths: [ReservedPath]
    /// The topology version the paths were computed on.
    public var topologyVersion: Int
    /// 1 when created; incremented by every successful `PATCH`.
    public var revision: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var status: Status
    /// Links of the paths that are down or gone, when `status` is not `reserved`.
    public var downLinks: [String]

    /// A reservation as stored; `status` and `downLinks` change when the fabric under its paths does.
    public init(
        id: String, tenant: String?, source: String, destination: String, qosClass: String, bandwidthBps: Double,
        constraints: PathConstraints, paths: [ReservedPath], topologyVersion: Int, revision: Int, createdAt: Date, updatedAt: Date,
        status: Status = .reserved, downLinks: [String] = []
    ) {
        self.id = id
        self.tenant = tenant
        self.source = source
        self.destination = destination
        self.qosClass = qosClass
        self.bandwidthBps = bandwidthBps
        self.constraints = constraints
        self.paths = paths
        self.topologyVersion = topologyVersion
        self.revision = revision
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.status = status
        self.downLinks = downLinks
    }

    /// Every link name used by any path, in path order without repeats.
    public var allLinks: [String] {
        var seen = Set<String>()
        return paths.flatMap(\.links).filter { seen.insert($0).inserted }
    }

    enum CodingKeys: String, CodingKey {
        case id
        case tenant = "tenant_id"
        case source = "src"
        case destination = "dst"
        case qosClass = "class"
        case bandwidthBps = "bandwidth_bps"
        case constraints, paths
        case topologyVersion = "topology_version"
        case revision
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case status
        case downLinks = "down_links"
    }
}
