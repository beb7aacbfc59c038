import Testing
@testable import TaasPlanner
