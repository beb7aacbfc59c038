/// A column of the path master (`MasterProblem`): one route of one commodity.
struct PathColumn {
    var commodity: Int
    var route: RouteShape

    /// What makes two columns the same, so that no route of a commodity enters a master twice.
    struct Key: Hashable {
        var commodity: Int
        var tag: [Int]
    }
}
