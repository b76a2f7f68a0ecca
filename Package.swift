// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dangan",
    products: [
        .executable(name: "dangan", targets: ["ArchiveTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // RFC 4180 reading for `dangan import` (strict about quotes: a malformed file is an error).
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // Ed25519 signatures on journal entries, SHA-256 for the chains (BoringSSL underneath).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // .xlsx for `dangan import` / `dangan export`: the zip container (system zlib) and the
        // XML of its parts (over Foundation's parser). Neither has further dependencies.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(
            name: "ArchiveModel",
            dependencies: [
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ],
            path: "Sources/ArchiveModel"
        ),
        .executableTarget(
            name: "ArchiveTUI",
            dependencies: [
                "ArchiveModel", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/ArchiveTUI"
        ),
        .target(name: "TestSupport", dependencies: ["ArchiveModel"], path: "Tests/TestSupport"),
        .testTarget(name: "ArchiveModelTests", dependencies: ["ArchiveModel", "TestSupport"], path: "Tests/ArchiveModelTests"),
        .testTarget(name: "ArchiveTUITests", dependencies: ["ArchiveTUI", "ArchiveModel", "TestSupport"], path: "Tests/ArchiveTUITests",
                    exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
