import Foundation

/// A place in the cabinets. Each part is a validated location code.
public struct Location: Codable, Sendable, Hashable {
    /// Code of the cabinet (`Cabinet.code`) the envelope stands in.
    public var cabinet: String
    /// Building (楼栋) code, the first key of the filing order inside a cabinet.
    public var building: String
    /// Floor (楼层) code, the second key of the filing order.
    public var floor: String
    /// Unit or room (单元/房号) code, the last key of the filing order.
    public var unit: String
    /// A place from four codes; callers validate them with `LocationCode.validate` (see `Validate.envelope`).
    public init(cabinet: String, building: String, floor: String, unit: String) {
        self.cabinet = cabinet
        self.building = building
        self.floor = floor
        self.unit = unit
    }
    /// The place as the archivist reads it: `A1柜 → 3栋 → 12层 → 1202`.
    public var chinese: String { "\(cabinet)柜 → \(building)栋 → \(floor)层 → \(unit)" }
}
