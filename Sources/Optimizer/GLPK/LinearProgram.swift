import CGLPK
import Foundation

/// A GLPK problem object (`glp_prob`) with a safe, zero-based Swift surface.
///
/// Thread rule: Debian's GLPK keeps its environment (memory accounting, hooks) in thread-local
/// storage, so a problem must be created, solved and deleted on one thread. This type is not
/// `Sendable` and records its creating thread; `simplex()` refuses to run elsewhere instead of letting
/// GLPK corrupt another thread's environment. Keep every use in synchronous code with no `await`
/// in between, or confine the owner to `GLPKThreadExecutor`.
///
/// Faults: every GLPK call goes through the C shim's guard (`CGLPK.h`), so a GLPK fatal error or
/// internal assertion never ends the process. After one, GLPK's environment on this thread is freed
/// (every problem of the thread is gone); the problem remembers the fault and its next solve throws
/// `OptimizerError.glpkFault` naming the model, the stage and the CPLEX LP file written for diagnosis.
/// Bounds are validated before they reach GLPK (`lb == ub` is `GLP_FX`; crossed, NaN or infinite
/// bounds are refused the same way, as a typed error at the next solve).
final class LinearProgram {
    enum Direction {
        case maximize, minimize
    }

    /// A bound on a row (constraint activity) or a column (variable).
    enum Bound: Equatable {
        case free
        case lower(Double)
        case upper(Double)
        case range(Double, Double)
        case fixed(Double)
    }

    /// Simplex flavour for the next solve.
    enum Method {
        /// Primal simplex: after adding columns to an optimal basis.
        case primal
        /// Dual simplex, falling back to primal: after tightening bounds of an optimal basis.
        case dual
    }

    /// A column to add: bound, objective coefficient and its non-zero matrix entries (zero-based rows).
    struct Column {
        var bound: Bound
        var objective: Double
        var rows: [Int32]
        var values: [Double]
    }

    /// What the model is, for error messages and diagnostics file names.
    let name: String
    private var handle: OpaquePointer?
    private let owner = pthread_self()
    /// The thread's fault generation when the problem was created: a later fault freed it.
    private let generation: UInt
    /// The first problem met while building (a fault, or a bound GLPK must not see).
    private var problem: OptimizerError?
    private(set) var rowCount = 0
    private(set) var columnCount = 0
    /// Scale rows and columns before every solve (GLPK's automatic scaling), the safer setting.
    var scales = false

    init(direction: Direction, name: String = "lp") {
        self.name = name
        self.direction = direction
        weft_glp_prepare_thread()
        generation = weft_glp_generation()
        var created: OpaquePointer?
        if weft_glp_create_prob(&created) != 0 || created == nil {
            problem = .glpkFault(model: name, stage: "creating the problem", message: Self.lastFault(), diagnostics: nil)
        }
        handle = created
        guarded { weft_glp_set_obj_dir($0, direction == .maximize ? GLP_MAX : GLP_MIN) }
    }

    /// Deletes the problem on its own thread, unless a fault already freed it with its environment.
    /// Released on another thread, the problem is leaked instead: freeing it there would corrupt that
    /// thread's GLPK memory accounting.
    deinit {
        if isOnOwningThread, isAlive, let handle {
            _ = weft_glp_delete_prob(handle)
        }
    }

    /// Whether the caller is on the thread that created this problem.
    var isOnOwningThread: Bool { pthread_equal(owner, pthread_self()) != 0 }

    /// Whether the GLPK problem still exists (no fault on this thread since it was created).
    private var isAlive: Bool { handle != nil && weft_glp_generation() == generation }

    private(set) var direction: Direction = .maximize

    func setDirection(_ direction: Direction) {
        self.direction = direction
        guarded { weft_glp_set_obj_dir($0, direction == .maximize ? GLP_MAX : GLP_MIN) }
    }

    // MARK: Building

    /// Appends rows with these bounds; returns the zero-based index of the first.
    @discardableResult
    func addRows(_ bounds: [Bound]) -> Int {
        let first = rowCount
        guard !bounds.isEmpty else { return first }
        guarded { weft_glp_add_rows($0, Int32(bounds.count)) }
        rowCount += bounds.count
        for (offset, bound) in bounds.enumerated() {
            setRowBound(first + offset, bound)
        }
        return first
    }

    func setRowBound(_ row: Int, _ bound: Bound) {
        checkRow(row)
        guard let (type, lower, upper) = validated(bound, of: "row \(row + 1)") else { return }
        guarded { weft_glp_set_row_bnds($0, Int32(row + 1), type, lower, upper) }
    }

    /// Appends columns in one call; returns the zero-based index of the first.
    @discardableResult
    func addColumns(_ columns: [Column]) -> Int {
        let first = columnCount
        guard !columns.isEmpty else { return first }
        guarded { weft_glp_add_cols($0, Int32(columns.count)) }
        columnCount += columns.count
        var indices: [Int32] = []
        var values: [Double] = []
        for (offset, column) in columns.enumerated() {
            let j = Int32(first + offset + 1)
            setColumnBound(first + offset, column.bound)
            if column.objective != 0 {
                setObjective(first + offset, column.objective)
            }
            Self.oneBased(column.rows, column.values, indices: &indices, values: &values, limit: rowCount)
            guarded { weft_glp_set_mat_col($0, j, Int32(column.rows.count), indices, values) }
        }
        return first
    }

    /// Deletes columns (zero-based). Columns after a deleted one move down. Deleting only non-basic
    /// columns keeps GLPK's basis and its factorization, so the next solve still starts warm.
    func deleteColumns(_ columns: [Int]) {
        guard !columns.isEmpty else { return }
        let sorted = Set(columns).sorted()
        for column in sorted { checkColumn(column) }
        let numbers = [Int32(0)] + sorted.map { Int32($0 + 1) }
        guarded { weft_glp_del_cols($0, Int32(sorted.count), numbers) }
        columnCount -= sorted.count
    }

    /// Whether each column is basic, zero-based.
    func basicColumns() -> [Bool] {
        var statuses = [Int32](repeating: 0, count: columnCount)
        guarded { problem in statuses.withUnsafeMutableBufferPointer { weft_glp_col_stats(problem, $0.baseAddress) } }
        return statuses.map { $0 == GLP_BS }
    }

    /// Replaces a column's matrix entries.
    ///
    /// A basic column is first moved out of the basis in exchange for a non-basic variable with a
    /// non-zero entry in its tableau row, which keeps the basis non-singular. Replacing the entries
    /// of a basic column in place can make the basis structurally singular (an emptied column), and
    /// GLPK's LU factorization then fails an internal assertion instead of reporting it.
    func setColumnEntries(_ column: Int, rows: [Int32], values: [Double]) {
        checkColumn(column)
        moveOutOfBasis(column)
        var indices: [Int32] = []
        var oneBasedValues: [Double] = []
        Self.oneBased(rows, values, indices: &indices, values: &oneBasedValues, limit: rowCount)
        guarded { weft_glp_set_mat_col($0, Int32(column + 1), Int32(rows.count), indices, oneBasedValues) }
    }

    /// Replaces a row's matrix entries (zero-based columns).
    func setRowEntries(_ row: Int, columns: [Int32], values: [Double]) {
        checkRow(row)
        var indices: [Int32] = []
        var oneBasedValues: [Double] = []
        Self.oneBased(columns, values, indices: &indices, values: &oneBasedValues, limit: columnCount)
        guarded { weft_glp_set_mat_row($0, Int32(row + 1), Int32(columns.count), indices, oneBasedValues) }
    }

    func setColumnBound(_ column: Int, _ bound: Bound) {
        checkColumn(column)
        guard let (type, lower, upper) = validated(bound, of: "column \(column + 1)") else { return }
        guarded { weft_glp_set_col_bnds($0, Int32(column + 1), type, lower, upper) }
    }

    func setObjective(_ column: Int, _ coefficient: Double) {
        checkColumn(column)
        guard coefficient.isFinite else {
            record(.invalidModel(model: name, message: "objective coefficient \(coefficient) of column \(column + 1) is not finite"))
            return
        }
        guarded { weft_glp_set_obj_coef($0, Int32(column + 1), coefficient) }
    }

    /// Marks a column non-basic at its upper bound (for a crash start); the column must be double-bounded.
    func setNonBasicAtUpper(_ column: Int) {
        checkColumn(column)
        guarded { weft_glp_set_col_stat($0, Int32(column + 1), GLP_NU) }
    }

    /// Whether a column is non-basic at its upper bound or fixed: then its reduced cost is the dual
    /// price of that bound.
    func isAtUpperBound(_ column: Int) -> Bool {
        checkColumn(column)
        guard isAlive, let handle else { return false }
        let status = glp_get_col_stat(handle, Int32(column + 1))
        return status == GLP_NU || status == GLP_NS
    }

    /// Makes `column` basic in place of `row`'s auxiliary variable, which becomes non-basic at its
    /// upper bound (a starting basis where that row is the tight one).
    func exchange(basicColumn column: Int, rowAtUpper row: Int) {
        checkColumn(column)
        checkRow(row)
        guarded { weft_glp_set_col_stat($0, Int32(column + 1), GLP_BS) }
        guarded { weft_glp_set_row_stat($0, Int32(row + 1), GLP_NU) }
    }

    /// Exchanges a basic column for the non-basic variable with the largest entry in its tableau row.
    private func moveOutOfBasis(_ column: Int) {
        guard problem == nil, isAlive, let handle, glp_get_col_stat(handle, Int32(column + 1)) == GLP_BS else { return }
        if glp_bf_exists(handle) == 0 {
            var code: Int32 = 0
            guarded { weft_glp_factorize($0, &code) }
            guard problem == nil else { return }
            if code != 0 {
                guarded { weft_glp_std_basis($0) }
                return
            }
        }
        let size = rowCount + columnCount + 1
        var indices = [Int32](repeating: 0, count: size)
        var values = [Double](repeating: 0, count: size)
        var length: Int32 = 0
        guarded { weft_glp_eval_tab_row($0, Int32(rowCount + column + 1), &indices, &values, &length) }
        guard problem == nil else { return }
        var best = 0
        for entry in stride(from: 1, through: Int(length), by: 1) where best == 0 || abs(values[entry]) > abs(values[best]) {
            best = entry
        }
        guard best > 0, values[best] != 0 else {
            guarded { weft_glp_std_basis($0) }
            return
        }
        let entering = Int(indices[best])
        if entering <= rowCount {
            guarded { weft_glp_set_row_stat($0, Int32(entering), GLP_BS) }
        } else {
            guarded { weft_glp_set_col_stat($0, Int32(entering - rowCount), GLP_BS) }
        }
        guarded { weft_glp_set_col_stat($0, Int32(column + 1), GLP_NL) }
    }

    // MARK: Solving

    /// Runs the simplex method from the current basis (warm start) with presolve off.
    ///
    /// A failed run (any non-zero return code other than "no primal/dual feasible solution", or a
    /// status that is not optimal) is retried once with safer settings: GLPK's automatic scaling, its
    /// advanced crash basis and the primal simplex. If that fails as well, the model is written as
    /// CPLEX LP to a diagnostics file and the error names it. A GLPK fault (fatal error or internal
    /// assertion) frees GLPK's environment, so the model is written before that and the error is
    /// `glpkFault`; the caller rebuilds the model to retry.
    func simplex(_ method: Method, stage: String) throws(OptimizerError) -> SolverStatus {
        guard isOnOwningThread else { throw .wrongThread("a GLPK problem") }
        try checkUsable(stage: stage)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_OFF
        parameters.meth = method == .primal ? GLP_PRIMAL : GLP_DUALP
        if scales { guarded { weft_glp_scale_prob($0, GLP_SF_AUTO) } }
        var outcome = try run(&parameters, stage: stage)
        if case .failed = outcome {
            guarded { weft_glp_scale_prob($0, GLP_SF_AUTO) }
            guarded { weft_glp_adv_basis($0) }
            parameters.meth = GLP_PRIMAL
            outcome = try run(&parameters, stage: stage)
        }
        switch outcome {
        case .optimal:
            return .optimal
        case .infeasible:
            throw .infeasible(stage: stage)
        case .unbounded:
            throw .unbounded(stage: stage)
        case .failed(let code, let message):
            let path = Self.diagnosticsPath(model: name, stage: stage)
            let written = (try? writeCPLEX(to: path)) != nil
            throw .solverFailed(model: name, stage: stage, code: code, message: message, diagnostics: written ? path : nil)
        }
    }

    private enum Outcome {
        case optimal, infeasible, unbounded
        case failed(Int32, String)
    }

    private func run(_ parameters: inout glp_smcp, stage: String) throws(OptimizerError) -> Outcome {
        guard let handle else { throw .glpkFault(model: name, stage: stage, message: "no problem object", diagnostics: nil) }
        let path = Self.diagnosticsPath(model: name, stage: stage)
        var code: Int32 = 0
        var written: Int32 = 0
        if weft_glp_simplex_diagnosed(handle, &parameters, &code, path, &written) != 0 {
            let fault = OptimizerError.glpkFault(model: name, stage: stage, message: Self.lastFault(), diagnostics: written != 0 ? path : nil)
            problem = fault
            throw fault
        }
        switch code {
        case 0:
            break
        case GLP_ENOPFS:
            return .infeasible
        case GLP_ENODFS:
            return .unbounded
        default:
            return .failed(code, Self.returnCodeMessage(code))
        }
        switch Self.status(glp_get_status(handle)) {
        case .optimal: return .optimal
        case .infeasible, .noFeasible: return .infeasible
        case .unbounded: return .unbounded
        case let status: return .failed(0, "simplex stopped with status \(status)")
        }
    }

    /// Throws the recorded problem, or a fault that freed this problem through another one.
    private func checkUsable(stage: String) throws(OptimizerError) {
        if let problem { throw problem }
        guard isAlive else {
            throw .glpkFault(model: name, stage: stage, message: "GLPK's environment was freed after a fault in another problem on this thread", diagnostics: nil)
        }
    }

    var objectiveValue: Double { isAlive ? glp_get_obj_val(handle) : .nan }

    /// Simplex iterations done on this problem so far, over all solves.
    var iterationCount: Int { isAlive ? Int(glp_get_it_cnt(handle)) : 0 }

    func columnValue(_ column: Int) -> Double {
        checkColumn(column)
        return isAlive ? glp_get_col_prim(handle, Int32(column + 1)) : .nan
    }

    /// Dual value of a row in GLPK's sign convention (`glp_get_row_dual`).
    func rowDual(_ row: Int) -> Double {
        checkRow(row)
        return isAlive ? glp_get_row_dual(handle, Int32(row + 1)) : .nan
    }

    /// All row duals, zero-based.
    func rowDuals() -> [Double] {
        var duals = [Double](repeating: .nan, count: rowCount)
        guarded { problem in duals.withUnsafeMutableBufferPointer { weft_glp_row_duals(problem, $0.baseAddress) } }
        return duals
    }

    /// Reduced cost of a column in GLPK's sign convention (`glp_get_col_dual`).
    func columnDual(_ column: Int) -> Double {
        checkColumn(column)
        return isAlive ? glp_get_col_dual(handle, Int32(column + 1)) : .nan
    }

    /// All row activities (the value of each constraint's left-hand side), zero-based.
    func rowValues() -> [Double] {
        var values = [Double](repeating: .nan, count: rowCount)
        guarded { problem in values.withUnsafeMutableBufferPointer { weft_glp_row_prims(problem, $0.baseAddress) } }
        return values
    }

    /// All column values, zero-based.
    func columnValues() -> [Double] {
        var values = [Double](repeating: .nan, count: columnCount)
        guarded { problem in values.withUnsafeMutableBufferPointer { weft_glp_col_prims(problem, $0.baseAddress) } }
        return values
    }

    // MARK: Export

    /// Writes the model in CPLEX LP format (`glp_write_lp`) for an independent solver.
    func writeCPLEX(to path: String) throws(OptimizerError) {
        guard isOnOwningThread else { throw .wrongThread("a GLPK problem") }
        try checkUsable(stage: "export")
        var code: Int32 = 0
        guarded { weft_glp_write_lp($0, path, &code) }
        try checkUsable(stage: "export")
        guard code == 0 else { throw .exportFailed(path: path) }
    }

    // MARK: Helpers

    /// Runs one guarded shim call on the live problem; records a fault instead of ending the process.
    private func guarded(_ call: (OpaquePointer) -> Int32) {
        guard problem == nil, isAlive, let handle else { return }
        if call(handle) != 0 {
            problem = .glpkFault(model: name, stage: "building the model", message: Self.lastFault(), diagnostics: nil)
        }
    }

    private func record(_ error: OptimizerError) {
        if problem == nil { problem = error }
    }

    private func checkRow(_ row: Int) {
        precondition(row >= 0 && row < rowCount, "GLPK row index \(row) outside 0..<\(rowCount)")
    }

    private func checkColumn(_ column: Int) {
        precondition(column >= 0 && column < columnCount, "GLPK column index \(column) outside 0..<\(columnCount)")
    }

    /// Fills one-based GLPK arrays from zero-based indices, checking each index and rejecting duplicates.
    private static func oneBased(_ zeroBased: [Int32], _ values: [Double], indices: inout [Int32], values oneBasedValues: inout [Double], limit: Int) {
        precondition(zeroBased.count == values.count, "GLPK entry arrays differ in length")
        indices.removeAll(keepingCapacity: true)
        oneBasedValues.removeAll(keepingCapacity: true)
        indices.append(0)
        oneBasedValues.append(0)
        for (index, value) in zip(zeroBased, values) {
            precondition(index >= 0 && Int(index) < limit, "GLPK matrix index \(index) outside 0..<\(limit)")
            precondition(value.isFinite, "GLPK matrix value \(value) is not finite")
            indices.append(index + 1)
            oneBasedValues.append(value)
        }
        precondition(Set(zeroBased).count == zeroBased.count, "duplicate GLPK matrix index in one vector")
    }

    /// GLPK's type and bounds for `bound`, or nil (with the problem recorded) for a bound GLPK must
    /// not see: NaN, an infinite value, or crossed range bounds. Equal bounds become `GLP_FX`, and
    /// bounds crossed by rounding only (relative 1e-12) are fixed at the lower one.
    private func validated(_ bound: Bound, of what: String) -> (Int32, Double, Double)? {
        func finite(_ values: Double...) -> Bool {
            guard values.allSatisfy(\.isFinite) else {
                record(.invalidModel(model: name, message: "\(what) has a bound that is not finite (\(bound))"))
                return false
            }
            return true
        }
        switch bound {
        case .free:
            return (GLP_FR, 0, 0)
        case .lower(let lower):
            return finite(lower) ? (GLP_LO, lower, 0) : nil
        case .upper(let upper):
            return finite(upper) ? (GLP_UP, 0, upper) : nil
        case .fixed(let value):
            return finite(value) ? (GLP_FX, value, value) : nil
        case .range(let lower, let upper):
            guard finite(lower, upper) else { return nil }
            if lower == upper { return (GLP_FX, lower, upper) }
            if lower > upper {
                guard lower - upper <= 1e-12 * (1 + abs(lower)) else {
                    record(.invalidModel(model: name, message: "\(what) has crossed bounds \(lower) > \(upper)"))
                    return nil
                }
                return (GLP_FX, lower, lower)
            }
            return (GLP_DB, lower, upper)
        }
    }

    private static func lastFault() -> String {
        String(cString: weft_glp_last_fault()).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Where a failing model is written: `$WEFT_DIAGNOSTICS_DIR` or the temporary directory.
    static func diagnosticsPath(model: String, stage: String) -> String {
        let directory = ProcessInfo.processInfo.environment["WEFT_DIAGNOSTICS_DIR"] ?? FileManager.default.temporaryDirectory.path
        let safe = "\(model)-\(stage)".map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return URL(fileURLWithPath: directory).appendingPathComponent("weft-failed-\(String(safe.prefix(80)))-\(getpid()).lp").path
    }

    static func status(_ code: Int32) -> SolverStatus {
        switch code {
        case GLP_OPT: return .optimal
        case GLP_FEAS: return .feasible
        case GLP_INFEAS: return .infeasible
        case GLP_NOFEAS: return .noFeasible
        case GLP_UNBND: return .unbounded
        default: return .undefined
        }
    }

    static func returnCodeMessage(_ code: Int32) -> String {
        switch code {
        case GLP_EBADB: return "invalid initial basis"
        case GLP_ESING: return "singular basis matrix"
        case GLP_ECOND: return "ill-conditioned basis matrix"
        case GLP_EBOUND: return "incorrect bounds on a double-bounded variable"
        case GLP_EFAIL: return "solver failure"
        case GLP_EOBJLL: return "objective reached its lower limit"
        case GLP_EOBJUL: return "objective reached its upper limit"
        case GLP_EITLIM: return "iteration limit exceeded"
        case GLP_ETMLIM: return "time limit exceeded"
        case GLP_ENOPFS: return "no primal feasible solution"
        case GLP_ENODFS: return "no dual feasible solution"
        default: return "unknown return code"
        }
    }
}
