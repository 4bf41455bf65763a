// swift-tools-version:6.2
// libFuzzer targets for pomclaw's parsers of untrusted input. A package of its own so that
// the main package's `swift build` and `swift test` never build them; `scripts/fuzz.sh`
// builds them with `-sanitize=fuzzer,address` and runs them with the seed corpus in Corpus/.
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "pomclaw-fuzz",
    products: [
        .executable(name: "fuzz-dotenv", targets: ["FuzzDotEnv"]),
        .executable(name: "fuzz-zero", targets: ["FuzzZero"]),
    ],
    dependencies: [
        .package(name: "pomclaw", path: ".."),
    ],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "FuzzDotEnv",
            dependencies: ["CLibFuzzer", .product(name: "PomclawCore", package: "pomclaw")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "FuzzZero",
            dependencies: ["CLibFuzzer", .product(name: "PomclawCore", package: "pomclaw")],
            swiftSettings: strict
        ),
    ]
)
