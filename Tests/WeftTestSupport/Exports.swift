/// `Command`, the process runner, is part of the harness: every suite that imports
/// `WeftTestSupport` runs programs with it, as `weft bench flows` does.
@_exported import ProcessRunner
