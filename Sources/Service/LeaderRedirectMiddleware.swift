import Hummingbird

/// On a follower, answers every write (anything but GET/HEAD/OPTIONS) with `307 Temporary Redirect`
/// to the same path on the leader (its advertised address), so clients that follow redirects re-send
/// the request there; 503 `no_leader` while no instance holds the lease. Reads are served locally.
struct LeaderRedirectMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let election: LeaderElection

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let status = election.status
        guard ![.get, .head, .options].contains(request.method), status.role != .leader else {
            return try await next(request, context)
        }
        guard let leader = status.leader, leader.instance != election.lease.holder, status.databaseReachable else {
            throw APIError(.serviceUnavailable, code: "no_leader", message: "no instance holds the leader lease right now; retry shortly")
        }
        let location = leader.address + request.uri.description
        var response = try APIError(.temporaryRedirect, code: "not_leader",
                                    message: "instance \(election.lease.holder) is a follower; writes go to the leader \(leader.instance) at \(leader.address)")
            .response(from: request, context: context)
        response.headers[.location] = location
        return response
    }
}
