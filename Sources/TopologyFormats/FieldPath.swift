/// How Weft names a field in an error message: a decoder's coding path as
/// `switches[2].ports[0].speed_bps` (dots between keys, `[index]` for array elements). Shared by
/// topology and taps files (YAML) and by the HTTP API's request bodies (JSON), so a field is named
/// the same way wherever it is refused.
public enum FieldPath {
    /// The rendered path; empty for the top level (callers say what the top level is called).
    public static func text(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
