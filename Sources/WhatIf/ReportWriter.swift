import Foundation

/// Writes a report as `report.html` and `report.json` into a directory, creating it if needed.
public struct ReportWriter: Sendable {
    public var page: ReportPage

    public init(page: ReportPage = ReportPage()) {
        self.page = page
    }

    /// The JSON form of a report: snake_case keys, sorted, pretty-printed.
    public func json(_ report: WhatIfReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(report)
    }

    /// Reads back a `report.json`.
    public func decode(_ data: Data) throws -> WhatIfReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(WhatIfReport.self, from: data)
    }

    /// Writes both files and returns their paths.
    @discardableResult
    public func write(_ report: WhatIfReport, to directory: URL) throws -> (html: URL, json: URL) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let html = directory.appendingPathComponent("report.html")
        let json = directory.appendingPathComponent("report.json")
        try Data(page.html(report).utf8).write(to: html, options: .atomic)
        try self.json(report).write(to: json, options: .atomic)
        return (html, json)
    }
}
