import Foundation
import Testing
@testable import Topology
@testable import TopologyFormats

@Suite struct YAMLEventDecoderTests {
    private struct Sample: Decodable, Equatable {
        var count: Int
        var size: Double
        var flag: Bool
        var tilde: Int?
        var nothing: Int?
        var list: [UInt32]
        var nested: [String: String]
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ yaml: String) throws -> Value {
        guard let decoder = YAMLEventDecoder(yaml: yaml) else { throw YAMLEventDecoder.Unreadable() }
        return try decoder.decode(type)
    }

    @Test func plainScalarsInJSONGrammarAreNumbersBooleansAndNulls() throws {
        let yaml = """
            count: -42
            size: 1e+11
            flag: true
            tilde: ~
            nothing:
            list: [1, 2, 3]
            nested: {a: yes, b: 0x1F, c: '1', d: "say \\"hi\\"\\tnow"}
            """
        #expect(try decode(Sample.self, yaml) == Sample(count: -42, size: 1e11, flag: true, tilde: nil, nothing: nil, list: [1, 2, 3],
                                                         nested: ["a": "yes", "b": "0x1F", "c": "1", "d": "say \"hi\"\tnow"]))
    }

    @Test func aQuotedNumberOrAPlainNumberAsTextIsLeftToYams() {
        #expect(throws: YAMLEventDecoder.Unreadable.self) { try decode([String: Int].self, "n: '1'\n") }
        #expect(throws: YAMLEventDecoder.Unreadable.self) { try decode([String: String].self, "s: 1.5\n") }
        #expect(throws: YAMLEventDecoder.Unreadable.self) { try decode([String: UInt8].self, "n: 256\n") }
        #expect(throws: YAMLEventDecoder.Unreadable.self) { try decode([String: Int].self, "n: 1e3\n") }
    }

    @Test func givesUpOnWhatOnlyTheFullYAMLReadingDecides() {
        let cases = [
            "a: &x 1\nb: *x\n",           // alias
            "a: !!str 1\n",               // explicit tag
            "a: 1\nb: 2\na: 3\n",         // duplicated key
            "? [1]\n: 2\n",               // a list as key
            "<<: {a: 1}\nb: 2\n",         // merge key
            "a: 1\n---\nb: 2\n",          // two documents
            "a: [1\n",                    // syntax error
            "",                           // nothing
        ]
        for yaml in cases {
            #expect(YAMLEventDecoder(yaml: yaml) == nil, "\(yaml.debugDescription)")
        }
    }

    @Test func aGeneratedFabricReadsTheSameAsThroughYams() throws {
        var fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 1).generate()
        fabric.links[1].capacityBps = 4e10
        fabric.links[2].isUp = false
        let yaml = try TopologyFileCoder.encode(fabric, syntax: .yaml)
        #expect(try decode(Topology.self, yaml) == fabric)
        #expect(try YAMLNode.parse(yaml, file: "fabric.yaml")?.decode(Topology.self) == fabric)
    }

    @Test func aValueOnlyYAMLReadsStillDecodesThroughYams() throws {
        let yaml = "switches:\n  - {name: s1, dpid: 1, ports: [{number: 1, speed_bps: 25G, up: no}]}\n"
        #expect(throws: YAMLEventDecoder.Unreadable.self) { try decode(Topology.self, yaml) }
        let topology = try TopologyFileCoder.decodeTopology(from: Data(yaml.utf8), syntax: .yaml, file: "s.yaml")
        #expect(topology.switchNamed("s1")?.port(1)?.isUp == false)
        #expect(topology.switchNamed("s1")?.port(1)?.speedBps == 25e9)
    }
}
