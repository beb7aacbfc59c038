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
/// GLPK aborts the process on a fatal error (for example an index out of range), so every index is
/// checked here before it reaches GLPK; a violation is a bug in this module and traps with a message.
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

    private let handle: OpaquePointer
    private let owner = pthread_self()
    private(set) var rowCount = 0
    private(set) var columnCount = 0

    init(direction: Direction) {
        GLPKThreadSetup.prepareCurrentThread()
        handle = glp_create_prob()
        glp_set_obj_dir(handle, direction == .maximize ? GLP_MAX : GLP_MIN)
    }

    /// Deletes the problem on its own thread. Released anywhere else, the problem is leaked instead:
    /// freeing it would corrupt that thread's GLPK memory accounting and abort the process.
    deinit {
        if isOnOwningThread {
            glp_delete_prob(handle)
        }
    }

    /// Whether the caller is on the thread that created this problem.
    var isOnOwningThread: Bool { pthread_equal(owner, pthread_self()) != 0 }

    var direction: Direction {
        glp_get_obj_dir(handle) == GLP_MAX ? .maximize : .minimize
    }

    func setDirection(_ direction: Direction) {
        glp_set_obj_dir(handle, direction == .maximize ? GLP_MAX : GLP_MIN)
    }

    // MARK: Building

    /// Appends rows with these bounds; returns the zero-based index of the first.
    @discardableResult
    func addRows(_ bounds: [Bound]) -> Int {
        let first = rowCount
        guard !bounds.isEmpty else { return first }
        glp_add_rows(handle, Int32(bounds.count))
        rowCount += bounds.count
        for (offset, bound) in bounds.enumerated() {
            setRowBound(first + offset, bound)
        }
        return first
    }

    func setRowBound(_ row: Int, _ bound: Bound) {
        checkRow(row)
        let (type, lower, upper) = Self.glpkBound(bound)
        glp_set_row_bnds(handle, Int32(row + 1), type, lower, upper)
    }

    /// Appends columns in one call; returns the zero-based index of the first.
    @discardableResult
    func addColumns(_ columns: [Column]) -> Int {
        let first = columnCount
        guard !columns.isEmpty else { return first }
        glp_add_cols(handle, Int32(columns.count))
        columnCount += columns.count
        var indices: [Int32] = []
        var values: [Double] = []
        for (offset, column) in columns.enumerated() {
            let j = first + offset
            setColumnBound(j, column.bound)
            if column.objective != 0 {
                glp_set_obj_coef(handle, Int32(j + 1), column.objective)
            }
            Self.oneBased(column.rows, column.values, indices: &indices, values: &values, limit: rowCount)
            glp_set_mat_col(handle, Int32(j + 1), Int32(column.rows.count), indices, values)
        }
        return first
    }

    /// Replaces a column's matrix entries.
    func setColumnEntries(_ column: Int, rows: [Int32], values: [Double]) {
        checkColumn(column)
        var indices: [Int32] = []
        var oneBasedValues: [Double] = []
        Self.oneBased(rows, values, indices: &indices, values: &oneBasedValues, limit: rowCount)
        glp_set_mat_col(handle, Int32(column + 1), Int32(rows.count), indices, oneBasedValues)
    }

    /// Replaces a row's matrix entries (zero-based columns).
    func setRowEntries(_ row: Int, columns: [Int32], values: [Double]) {
        checkRow(row)
        var indices: [Int32] = []
        var oneBasedValues: [Double] = []
        Self.oneBased(columns, values, indices: &indices, values: &oneBasedValues, limit: columnCount)
        glp_set_mat_row(handle, Int32(row + 1), Int32(columns.count), indices, oneBasedValues)
    }

    func setColumnBound(_ column: Int, _ bound: Bound) {
        checkColumn(column)
        let (type, lower, upper) = Self.glpkBound(bound)
        glp_set_col_bnds(handle, Int32(column + 1), type, lower, upper)
    }

    func setObjective(_ column: Int, _ coefficient: Double) {
        checkColumn(column)
        glp_set_obj_coef(handle, Int32(column + 1), coefficient)
    }

    /// Marks a column non-basic at its upper bound (for a crash start); the column must be double-bounded.
    func setNonBasicAtUpper(_ column: Int) {
        checkColumn(column)
        glp_set_col_stat(handle, Int32(column + 1), GLP_NU)
    }

    // MARK: Solving

    /// Runs the simplex method from the current basis (warm start) with presolve off.
    ///
    /// A non-zero return code for a bad basis is retried once from GLPK's advanced crash basis;
    /// other failures and non-optimal statuses become typed errors.
    func simplex(_ method: Method, stage: String) throws(OptimizerError) -> SolverStatus {
        guard isOnOwningThread else { throw .wrongThread("a GLPK problem") }
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_OFF
        parameters.meth = method == .primal ? GLP_PRIMAL : GLP_DUALP
        var code = glp_simplex(handle, &parameters)
        if code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND {
            glp_adv_basis(handle, 0)
            parameters.meth = GLP_PRIMAL
            code = glp_simplex(handle, &parameters)
        }
        switch code {
        case 0:
            break
        case GLP_ENOPFS:
            throw .infeasible(stage: stage)
        case GLP_ENODFS:
            throw .unbounded(stage: stage)
        default:
            throw .solverFailed(stage: stage, code: code, message: Self.returnCodeMessage(code))
        }
        let status = Self.status(glp_get_status(handle))
        switch status {
        case .optimal:
            return status
        case .infeasible, .noFeasible:
            throw .infeasible(stage: stage)
        case .unbounded:
            throw .unbounded(stage: stage)
        case .feasible, .undefined:
            throw .solverFailed(stage: stage, code: 0, message: "simplex stopped with status \(status)")
        }
    }

    var objectiveValue: Double { glp_get_obj_val(handle) }

    /// Simplex iterations done on this problem so far, over all solves.
    var iterationCount: Int { Int(glp_get_it_cnt(handle)) }

    func columnValue(_ column: Int) -> Double {
        checkColumn(column)
        return glp_get_col_prim(handle, Int32(column + 1))
    }

    /// Dual value of a row in GLPK's sign convention (`glp_get_row_dual`).
    func rowDual(_ row: Int) -> Double {
        checkRow(row)
        return glp_get_row_dual(handle, Int32(row + 1))
    }

    /// All row duals, zero-based.
    func rowDuals() -> [Double] {
        (0..<rowCount).map { glp_get_row_dual(handle, Int32($0 + 1)) }
    }

    /// All column values, zero-based.
    func columnValues() -> [Double] {
        (0..<columnCount).map { glp_get_col_prim(handle, Int32($0 + 1)) }
    }

    // MARK: Export

    /// Writes the model in CPLEX LP format (`glp_write_lp`) for an independent solver.
    func writeCPLEX(to path: String) throws(OptimizerError) {
        guard isOnOwningThread else { throw .wrongThread("a GLPK problem") }
        guard glp_write_lp(handle, nil, path) == 0 else { throw .exportFailed(path: path) }
    }

    // MARK: Helpers

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

    private static func glpkBound(_ bound: Bound) -> (Int32, Double, Double) {
        switch bound {
        case .free: return (GLP_FR, 0, 0)
        case .lower(let lower): return (GLP_LO, lower, 0)
        case .upper(let upper): return (GLP_UP, 0, upper)
        case .range(let lower, let upper) where lower == upper: return (GLP_FX, lower, upper)
        case .range(let lower, let upper): return (GLP_DB, lower, max(lower, upper))
        case .fixed(let value): return (GLP_FX, value, value)
        }
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
