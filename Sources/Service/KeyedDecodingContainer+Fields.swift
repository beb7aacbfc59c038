import Topology

extension KeyedDecodingContainer {
    /// Decodes a positive, finite rate in bit/s given as a JSON number (`2.5e9`) or as text (`"2.5G"`).
    func decodeRate(forKey key: Key) throws -> Double {
        let bps: Double
        if let number = try? decode(Double.self, forKey: key) {
            bps = number
        } else if let text = try? decode(String.self, forKey: key) {
            switch BitRate.parse(text) {
            case .success(let rate): bps = rate.bitsPerSecond
            case .failure(let error): throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.description)
            }
        } else {
            _ = try decode(Double.self, forKey: key)
            bps = 0
        }
        guard bps > 0, bps.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) must be a positive rate in bit/s, got \(bps)")
        }
        return bps
    }

    /// Decodes a required, non-empty name.
    func decodeName(forKey key: Key) throws -> String {
        let name = try decode(String.self, forKey: key)
        guard !name.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) must not be empty")
        }
        return name
    }
}
