/// A scenario could not be loaded or validated. Carries every problem found, each naming
/// the file, line and field, so a user fixes them all in one pass.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scenario file as the user named it.
    public var file: String
    public var problems: [ScenarioProblem]

    public init(file: String, problems: [ScenarioProblem]) {
        self.file = file
        self.problems = problems
    }

    /// One line per problem: `FILE:LINE: FIELD: MESSAGE`.
    public var lines: [String] {
        problems.map { problem in
            let line = problem.location.line.map { ":\($0)" } ?? ""
            return "\(file)\(line): \(problem.location.field): \(problem.message)"
        }
    }

    public var description: String { lines.joined(separator: "\n") }
}
