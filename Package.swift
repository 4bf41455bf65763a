// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "pomclaw",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pomclaw", targets: ["pomclaw"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
            dependencies: ["PomclawCore", "PomclawCLI", "PomclawTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
