/// One problem in a demand or class file, located by file, line and field.
public struct DemandFileProblem: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The field at fault (`src`, `dst`, `rate_bps`, `class`, `weight`, …), when one is.
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `demands.csv:12: rate_bps: '-5' is not a rate: …`
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let field { text += ": \(field)" }
        return text + ": " + message
    }
}

/// A demand or class file could not be used; carries every problem found, not just the first.
public struct DemandFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [DemandFileProblem]

    public init(problems: [DemandFileProblem]) {
        self.problems = problems
    }

    public init(file: String, line: Int? = nil, field: String? = nil, message: String) {
        self.problems = [DemandFileProblem(file: file, line: line, field: field, message: message)]
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
