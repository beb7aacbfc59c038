import Foundation

/// The OpenAPI 3 description of the HTTP API, shipped as a resource (`docs/openapi.yaml` links to it).
public enum OpenAPIDocument {
    /// The YAML text, or `nil` when the resource bundle was not installed next to the executable.
    ///
    /// SwiftPM's generated `Bundle.module` traps when its bundle is missing, so the bundle is looked
    /// up by hand where SwiftPM puts it (`<executable dir>/Weft_Service.resources`).
    public static let yaml: String? = {
        let bundle = Bundle.main.bundleURL.appendingPathComponent("Weft_Service.resources")
        guard FileManager.default.fileExists(atPath: bundle.path) else { return nil }
        return try? String(contentsOf: bundle.appendingPathComponent("openapi.yaml"), encoding: .utf8)
    }()
}
