// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Weft",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "weft", targets: ["weft"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "OpenFlow", targets: ["OpenFlow"]),
        .library(name: "Optimizer", targets: ["Optimizer"]),
        .library(name: "TaasPlanner", targets: ["TaasPlanner"]),
        .library(name: "Controller", targets: ["Controller"]),
        .library(name: "WhatIf", targets: ["WhatIf"]),
        .library(name: "Service", targets: ["Service"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK"),
        .target(name: "OpenFlow", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .target(name: "Topology", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Collections", package: "swift-collections"),
        ]),
        .target(name: "Optimizer", dependencies: [
            "Topology", "CGLPK",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Collections", package: "swift-collections"),
        ]),
        .target(name: "TaasPlanner", dependencies: [
            "Topology", "Optimizer",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        .target(name: "Controller", dependencies: [
            "OpenFlow", "Topology", "Optimizer", "TaasPlanner",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "WhatIf", dependencies: [
            "Topology", "Optimizer", "TaasPlanner",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Service", dependencies: [
            "Topology", "Optimizer", "TaasPlanner", "Controller",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], resources: [.copy("Resources/openapi.yaml")]),
        .executableTarget(name: "weft", dependencies: [
            "Topology", "Optimizer", "TaasPlanner", "Controller", "OpenFlow", "WhatIf", "Service",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "TopologyTests", dependencies: [
            "Topology",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "OpenFlowTests", dependencies: ["OpenFlow"], exclude: ["OsKen"]),
        .testTarget(name: "OptimizerTests", dependencies: ["Optimizer", "Topology"]),
        .testTarget(name: "TaasPlannerTests", dependencies: ["TaasPlanner", "Optimizer", "Topology"]),
        .testTarget(name: "WhatIfTests", dependencies: ["WhatIf", "Topology", "Optimizer", "TaasPlanner"]),
        .testTarget(name: "ControllerTests", dependencies: [
            "Controller", "OpenFlow", "Topology", "Optimizer", "TaasPlanner",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ServiceTests", dependencies: [
            "Service", "Topology", "Optimizer", "TaasPlanner",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
    ]
)
