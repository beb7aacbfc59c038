import TopologyFormats

/// A scenario could not be loaded or validated. Carries every problem found, each naming
/// the file, line and field, so a user fixes them all in one pass.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scenario file as the user named it.
    public var file: String
    public var problems: [ScenarioProblem]

    /// Problems read without a file name (checks after loading) get `file`.
    public init(file: String, problems: [ScenarioProblem]) {
        self.file = file
        self.problems = problems.map { problem in
            var located = problem
            if located.file.isEmpty { located.file = file }
            return located
        }
    }

    /// One line per problem: `FILE:LINE: FIELD: MESSAGE`.
    public var lines: [String] { problems.map(\.description) }

    public var description: String { lines.joined(separator: "\n") }
}
