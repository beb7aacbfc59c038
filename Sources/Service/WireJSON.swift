import Foundation

/// The one JSON encoding of what the API answers and the store keeps: sorted keys, so the same
/// value is always the same bytes (stable rows, golden tests, diffable answers), and ISO 8601 dates.
enum WireJSON {
    /// A new encoder with these settings (`JSONEncoder` is a mutable class, so none is shared).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// `value` encoded as UTF-8 text, as a store column holds it.
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
