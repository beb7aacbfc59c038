/// How a `PATCH /v1/paths/{id}` moved a reservation, for the controller installing it make-before-break:
/// install the new paths (`added_links` are new, `kept_links` already carry the flow), switch the
/// traffic, then remove the old entries on `released_links`.
///
/// Accounting: the reservation's old rate was available to itself while the new paths were chosen
/// (never counted twice), and the new rate fits next to every other reservation on every link, so a
/// link shared by the old and new paths carries the reservation once and is never oversubscribed.
public struct PathTransition: Hashable, Sendable, Codable {
    /// Whether the old paths were kept at the new rate (no rule changes needed).
    public var resizedInPlace: Bool
    public var previousBandwidthBps: Double
    public var previousRevision: Int
    /// Links on both the old and the new paths.
    public var keptLinks: [String]
    /// Links only on the new paths.
    public var addedLinks: [String]
    /// Links only on the old paths; their bandwidth is free for others once this response is sent.
    public var releasedLinks: [String]

    /// What an update changed: links kept, added and released between `previous` and `current`.
    public init(previous: PathReservation, current: PathReservation, resizedInPlace: Bool) {
        let old = previous.allLinks
        let new = current.allLinks
        self.resizedInPlace = resizedInPlace
        previousBandwidthBps = previous.bandwidthBps
        previousRevision = previous.revision
        keptLinks = new.filter(old.contains)
        addedLinks = new.filter { !old.contains($0) }
        releasedLinks = old.filter { !new.contains($0) }
    }

    enum CodingKeys: String, CodingKey {
        case resizedInPlace = "resized_in_place"
        case previousBandwidthBps = "previous_bandwidth_bps"
        case previousRevision = "previous_revision"
        case keptLinks = "kept_links"
        case addedLinks = "added_links"
        case releasedLinks = "released_links"
    }
}
