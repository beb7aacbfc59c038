/// A file could not be read or used; carries every problem found, not just the first, so a user
/// fixes them all in one pass.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [LocatedProblem]

    public init(problems: [LocatedProblem]) {
        self.problems = problems
    }

    /// The problems of `file`; those read without a file name (checks after loading) get `file`.
    public init(file: String, problems: [LocatedProblem]) {
        self.problems = problems.map { problem in
            var located = problem
            if located.file.isEmpty { located.file = file }
            return located
        }
    }

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.problems = [LocatedProblem(file: file, line: line, column: column, field: field, message: message)]
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
