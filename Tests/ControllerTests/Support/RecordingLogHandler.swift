import Logging
import NIOConcurrencyHelpers

/// A `LogHandler` that keeps every record, so a test can count what the controller wrote.
struct RecordingLogHandler: LogHandler {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
    }

    /// The records of every handler made from this box.
    final class Records: Sendable {
        private let box = NIOLockedValueBox<[Record]>([])
        var all: [Record] { box.withLockedValue { $0 } }
        func append(_ record: Record) { box.withLockedValue { $0.append(record) } }
    }

    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(Record(level: event.level, message: event.message.description))
    }

    /// A logger at info level that records into `records`.
    static func logger(into records: Records) -> Logger {
        Logger(label: "weft.controller.test") { _ in RecordingLogHandler(records: records) }
    }
}
