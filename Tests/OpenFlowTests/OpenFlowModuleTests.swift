import Testing
@testable import OpenFlow
