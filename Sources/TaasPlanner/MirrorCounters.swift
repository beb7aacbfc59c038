/// Byte counts of one tap flow's copies, read from switch statistics, and what they mean — the
/// mirrored/skipped accounting cloud mirroring services give (AWS counts what it dropped).
///
/// The controller fills the raw counters: `copiedPackets`/`copiedBytes` from the flow statistics of the flow's copy
/// entries (what matched at the source), `sourceSkippedBytes` from the empty bucket of its select group
/// (sampled away at the source), `meterInputBytes`/`meterDroppedBytes` from its meter's statistics
/// (input bytes and drop-band bytes on the next switch). A local copy has no meter.
public struct MirrorCounters: Hashable, Sendable, Codable {
    public var tapFlowID: String
    /// Frames that matched the flow's copy entries.
    public var copiedPackets: UInt64
    public var copiedBytes: UInt64
    public var sourceSkippedBytes: UInt64
    public var meterInputBytes: UInt64?
    public var meterDroppedBytes: UInt64?

    public init(tapFlowID: String, copiedPackets: UInt64 = 0, copiedBytes: UInt64, sourceSkippedBytes: UInt64 = 0, meterInputBytes: UInt64? = nil, meterDroppedBytes: UInt64? = nil) {
        self.tapFlowID = tapFlowID
        self.copiedPackets = copiedPackets
        self.copiedBytes = copiedBytes
        self.sourceSkippedBytes = sourceSkippedBytes
        self.meterInputBytes = meterInputBytes
        self.meterDroppedBytes = meterDroppedBytes
    }

    /// Bytes of copies that went on towards the monitor port.
    public var mirroredBytes: UInt64 {
        if let input = meterInputBytes {
            return input - min(input, meterDroppedBytes ?? 0)
        }
        return copiedBytes - min(copiedBytes, sourceSkippedBytes)
    }

    /// Bytes of matching frames that were not mirrored: sampled away at the source plus policed by the meter.
    public var skippedBytes: UInt64 {
        sourceSkippedBytes + (meterDroppedBytes ?? 0)
    }
}
