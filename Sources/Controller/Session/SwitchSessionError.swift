import OpenFlow
import Topology

/// Why a request to a switch failed; names the switch (datapath id or peer address) and the request.
public enum SwitchSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No reply within the deadline.
    case timedOut(peer: String, request: String, xid: UInt32, seconds: Double)
    /// The connection closed before the reply came.
    case closed(peer: String, request: String)
    /// The switch answered the request with `OFPT_ERROR`.
    case rejected(peer: String, request: String, xid: UInt32, error: ErrorMessage)
    /// The peer broke the handshake (wrong first message, no common version, …).
    case handshakeFailed(peer: String, reason: String)
    /// A reply of the wrong kind arrived for a request.
    case unexpectedReply(peer: String, request: String, reply: String)

    public var description: String {
        switch self {
        case let .timedOut(peer, request, xid, seconds):
            "switch \(peer): no reply to \(request) (xid \(xid)) within \(seconds) s"
        case let .closed(peer, request):
            "switch \(peer): connection closed while waiting for the reply to \(request)"
        case let .rejected(peer, request, xid, error):
            "switch \(peer): \(request) (xid \(xid)) rejected: \(error)"
        case let .handshakeFailed(peer, reason):
            "switch \(peer): handshake failed: \(reason)"
        case let .unexpectedReply(peer, request, reply):
            "switch \(peer): \(request) answered with \(reply)"
        }
    }
}
