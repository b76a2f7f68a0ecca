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
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "ArchiveModel", dependencies: [.product(name: "SwiftCSV", package: "SwiftCSV")], path: "Sources/ArchiveModel"),
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
