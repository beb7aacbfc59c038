import Testing
@testable import Optimizer
