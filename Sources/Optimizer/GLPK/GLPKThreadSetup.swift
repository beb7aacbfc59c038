import CGLPK
import Foundation

/// Per-thread GLPK settings: silence the terminal and install the fatal-error hook.
///
/// GLPK's hook and terminal switch live in its thread-local environment, so this runs every time a
/// problem is created. The hook cannot recover (GLPK aborts after it returns); it says on stderr that
/// the abort is a Weft bug, since every index and value is validated before it reaches GLPK.
enum GLPKThreadSetup {
    static func prepareCurrentThread() {
        glp_term_out(GLP_OFF)
        glp_error_hook(fatalErrorHook, nil)
    }

    private static let fatalErrorHook: @convention(c) (UnsafeMutableRawPointer?) -> Void = { _ in
        let message = "weft: GLPK reported a fatal error and will abort the process; this is a Weft bug (an unchecked call reached GLPK)\n"
        FileHandle.standardError.write(Data(message.utf8))
    }
}
