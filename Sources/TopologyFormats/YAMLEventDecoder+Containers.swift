extension YAMLEventDecoder {
    /// The `Decoder` for one node. Coding paths stay empty: a failure is never reported from here,
    /// the caller reads the file again through `YAMLNode`, whose errors name the field.
    struct NodeDecoder: Decoder {
        let document: Document
        let node: Int

        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard document.nodes[node].kind == .mapping else { throw Unreadable() }
            return KeyedDecodingContainer(Keyed<Key>(document: document, node: node))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard document.nodes[node].kind == .sequence else { throw Unreadable() }
            return Unkeyed(document: document, node: node)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            Single(document: document, node: node)
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let document: Document
        let node: Int

        var codingPath: [any CodingKey] { [] }

        var allKeys: [Key] {
            var keys: [Key] = []
            var child = node + 1
            while child < document.nodes[node].end {
                if let key = Key(stringValue: String(decoding: document.scalar(at: child), as: UTF8.self)) { keys.append(key) }
                child = document.nodes[child + 1].end
            }
            return keys
        }

        func contains(_ key: Key) -> Bool {
            document.value(of: key.stringValue, in: node) != nil
        }

        private func value(_ key: Key) throws -> Int {
            guard let value = document.value(of: key.stringValue, in: node) else { throw Unreadable() }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { document.nodes[try value(key)].kind == .null }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try document.bool(at: value(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try document.string(at: value(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try document.double(at: value(key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw Unreadable() }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try document.integer(type, at: value(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try document.integer(type, at: value(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try document.integer(type, at: value(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try document.integer(type, at: value(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try document.integer(type, at: value(key)) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try document.integer(type, at: value(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try document.integer(type, at: value(key)) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try document.integer(type, at: value(key)) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try document.integer(type, at: value(key)) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try document.integer(type, at: value(key)) }
        func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value { try document.value(type, at: value(key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try NodeDecoder(document: document, node: value(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try NodeDecoder(document: document, node: value(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            guard let value = document.value(of: "super", in: node) else { throw Unreadable() }
            return NodeDecoder(document: document, node: value)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            NodeDecoder(document: document, node: try value(key))
        }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let document: Document
        /// The next item's node.
        private var position: Int
        private let end: Int

        init(document: Document, node: Int) {
            self.document = document
            self.position = node + 1
            self.end = document.nodes[node].end
            self.count = document.nodes[node].count
        }

        var codingPath: [any CodingKey] { [] }
        let count: Int?
        private(set) var currentIndex = 0
        var isAtEnd: Bool { position >= end }

        /// The next item's node, stepping past it.
        private mutating func next() throws -> Int {
            guard !isAtEnd else { throw Unreadable() }
            defer {
                position = document.nodes[position].end
                currentIndex += 1
            }
            return position
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, document.nodes[position].kind == .null else { return false }
            _ = try next()
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try document.bool(at: next()) }
        mutating func decode(_ type: String.Type) throws -> String { try document.string(at: next()) }
        mutating func decode(_ type: Double.Type) throws -> Double { try document.double(at: next()) }
        mutating func decode(_ type: Float.Type) throws -> Float { throw Unreadable() }
        mutating func decode(_ type: Int.Type) throws -> Int { try document.integer(type, at: next()) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try document.integer(type, at: next()) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try document.integer(type, at: next()) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try document.integer(type, at: next()) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try document.integer(type, at: next()) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try document.integer(type, at: next()) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try document.integer(type, at: next()) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try document.integer(type, at: next()) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try document.integer(type, at: next()) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try document.integer(type, at: next()) }
        mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try document.value(type, at: next()) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try NodeDecoder(document: document, node: next()).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try NodeDecoder(document: document, node: next()).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            NodeDecoder(document: document, node: try next())
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let document: Document
        let node: Int

        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { document.nodes[node].kind == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try document.bool(at: node) }
        func decode(_ type: String.Type) throws -> String { try document.string(at: node) }
        func decode(_ type: Double.Type) throws -> Double { try document.double(at: node) }
        func decode(_ type: Float.Type) throws -> Float { throw Unreadable() }
        func decode(_ type: Int.Type) throws -> Int { try document.integer(type, at: node) }
        func decode(_ type: Int8.Type) throws -> Int8 { try document.integer(type, at: node) }
        func decode(_ type: Int16.Type) throws -> Int16 { try document.integer(type, at: node) }
        func decode(_ type: Int32.Type) throws -> Int32 { try document.integer(type, at: node) }
        func decode(_ type: Int64.Type) throws -> Int64 { try document.integer(type, at: node) }
        func decode(_ type: UInt.Type) throws -> UInt { try document.integer(type, at: node) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try document.integer(type, at: node) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try document.integer(type, at: node) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try document.integer(type, at: node) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try document.integer(type, at: node) }
        func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try document.value(type, at: node) }
    }
}
