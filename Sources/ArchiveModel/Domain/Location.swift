import Foundation

/// A place in the cabinets. Each part is a validated location code.
public struct Location: Codable, Sendable, Hashable {
    public var cabinet: String
    public var building: String
    public var floor: String
    public var unit: String
    public init(cabinet: String, building: String, floor: String, unit: String) {
        self.cabinet = cabinet
        self.building = building
        self.floor = floor
        self.unit = unit
    }
    public var chinese: String { "\(cabinet)柜 → \(building)栋 → \(floor)层 → \(unit)" }
}
