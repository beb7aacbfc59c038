import Testing

/// Every test that drives a real Open vSwitch fabric, one at a time: each builds its own fabric in
/// private namespaces (so parallel runs of the suite cannot collide) but timings such as "discovery
/// within 2 s" are only meaningful when the two cores are not shared with another fabric.
@Suite("Real Open vSwitch", .serialized)
enum OVSSuite {}
