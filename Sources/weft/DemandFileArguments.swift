import Optimizer
import TopologyFormats

/// `--demands FILE` and `--classes FILE` as every command reads them: the class file first (the built-in
/// classes, overridden or extended), then the demand file naming those classes. Problems come as one
/// `LocatedError`, which `runReportingFailures` prints one `file:line: field: problem` line each.
enum DemandFileArguments {
    /// The built-in classes, overridden or extended by the class file at `path` when one is given.
    static func classes(_ path: String?) throws(LocatedError) -> QoSClassCatalog {
        guard let path else { return .defaults }
        return try QoSClassCatalog.load(path: path)
    }

    /// The demand file at `path`, its class names resolved against the class file `classes` (or the built-in ones).
    static func load(_ path: String, classes: String?) throws(LocatedError) -> DemandFile {
        try DemandFile.load(path: path, classes: self.classes(classes))
    }
}
