import CGLPK
import Foundation
import ProcessRunner

/// Runs the `glpsol` command-line solver on an exported CPLEX LP file: the independent oracle that
/// tests and `weft bench optimize` compare Weft's optimum with.
///
/// glpsol runs through `ProcessRunner`'s `Command` (output to files, so a long log cannot block it).
/// The objective is read back through GLPK's own reader (`glp_read_lp` + `glp_read_sol` /
/// `glp_read_ipt` on the solution file `glpsol -w` writes), not by parsing glpsol's console text.
public struct GLPSolOracle: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case simplex
        case interior
    }

    public struct Result: Sendable {
        public var objective: Double
        /// Wall-clock seconds of the glpsol process.
        public var seconds: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled(String)
        case failed(status: Int32, output: String)
        case unreadable(String)

        public var description: String {
            switch self {
            case .notInstalled(let path): return "glpsol not found at \(path) (install glpk-utils)"
            case .failed(let status, let output): return "glpsol exited with status \(status): \(output.suffix(400))"
            case .unreadable(let what): return "could not read glpsol's \(what)"
            }
        }
    }

    public var executable: String

    public init(executable: String = "/usr/bin/glpsol") {
        self.executable = executable
    }

    /// Solves `modelPath` (CPLEX LP) with glpsol and returns its objective value.
    public func solve(modelPath: String, method: Method) throws(Failure) -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw .notInstalled(executable) }
        let solution = FileManager.default.temporaryDirectory.appendingPathComponent("weft-glpsol-\(UUID().uuidString).sol").path
        defer { try? FileManager.default.removeItem(atPath: solution) }
        let arguments = ["--lp", modelPath] + (method == .interior ? ["--interior"] : []) + ["-w", solution]
        let clock = ContinuousClock()
        let start = clock.now
        let run: (status: Int32, output: String, errors: String)
        do {
            run = try Command(executable, arguments).runReturningStatusBlocking()
        } catch {
            throw .failed(status: -1, output: "\(error)")
        }
        let seconds = (clock.now - start).seconds
        guard run.status == 0 else { throw .failed(status: run.status, output: run.errors + run.output) }
        return Result(objective: try objective(modelPath: modelPath, solutionPath: solution, method: method), seconds: seconds)
    }

    private func objective(modelPath: String, solutionPath: String, method: Method) throws(Failure) -> Double {
        weft_glp_prepare_thread()
        var created: OpaquePointer?
        guard weft_glp_create_prob(&created) == 0, let problem = created else { throw .unreadable("model \(modelPath) (GLPK fault)") }
        let generation = weft_glp_generation()
        defer { if weft_glp_generation() == generation { _ = weft_glp_delete_prob(problem) } }
        var code: Int32 = 0
        guard weft_glp_read_lp(problem, modelPath, &code) == 0, code == 0 else { throw .unreadable("model \(modelPath)") }
        switch method {
        case .simplex:
            guard weft_glp_read_sol(problem, solutionPath, &code) == 0, code == 0 else { throw .unreadable("basic solution") }
            guard glp_get_status(problem) == GLP_OPT else { throw .unreadable("basic solution (status is not optimal)") }
            return glp_get_obj_val(problem)
        case .interior:
            guard weft_glp_read_ipt(problem, solutionPath, &code) == 0, code == 0 else { throw .unreadable("interior-point solution") }
            guard glp_ipt_status(problem) == GLP_OPT else { throw .unreadable("interior-point solution (status is not optimal)") }
            return glp_ipt_obj_val(problem)
        }
    }
}
