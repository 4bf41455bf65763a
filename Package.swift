// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "pomclaw",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pomclaw", targets: ["pomclaw"]),
        .executable(name: "zero-sim", targets: ["zero-sim"]),
        // For the fuzz targets in Fuzz/ (a package of their own, built with libFuzzer).
        .library(name: "PomclawCore", targets: ["PomclawCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Already part of Hummingbird's graph; declared because the simulator imports them.
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "pomclaw",
            dependencies: ["PomclawCLI"],
            swiftSettings: strict
        ),
        .target(
            name: "PomclawCLI",
            dependencies: [
                "PomclawCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PomclawCore",
            dependencies: ["CCurl", "CLibCrypto"],
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "ZeroSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "zero-sim",
            dependencies: ["ZeroSimulator"],
            swiftSettings: strict
        ),
        .target(
            name: "PomclawTestSupport",
            dependencies: ["PomclawCore"],
            path: "Tests/PomclawTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PomclawCoreTests",
            dependencies: ["PomclawCore", "PomclawTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PomclawIntegrationTests",
            dependencies: ["PomclawCore", "PomclawCLI", "PomclawTestSupport", "ZeroSimulator"],
            // The journey tests read and re-record their snapshots in place (#filePath).
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZeroSimulatorTests",
            dependencies: ["ZeroSimulator", "PomclawTestSupport"],
            swiftSettings: strict
        ),
    ]
)
