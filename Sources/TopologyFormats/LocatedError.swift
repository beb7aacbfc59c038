/// A file could not be read or used; carries every problem found, not just the first, so a user
/// fixes them all in one pass.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [LocatedProblem]

    public init(problems: [LocatedProblem]) {
        self.problems = problems
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.problems = [LocatedProblem(file: file, line: line, column: column, field: field, message: message)]
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
