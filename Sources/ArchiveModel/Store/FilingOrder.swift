import Foundation

/// Natural order for location codes: numbers by value (basement floors "-1" first), then text.
public func naturalLess(_ a: String, _ b: String) -> Bool {
    let ai = Int(a), bi = Int(b)
    switch (ai, bi) {
    case let (x?, y?): return x != y ? x < y : a < b
    case (_?, nil): return true
    case (nil, _?): return false
    default: return a < b
    }
}

public func filingLess(_ a: EnvelopeSummary, _ b: EnvelopeSummary, cabinetOrder: [String: Int]) -> Bool {
    let ca = cabinetOrder[a.cabinet] ?? Int.max, cb = cabinetOrder[b.cabinet] ?? Int.max
    if ca != cb { return ca < cb }
    if a.cabinet != b.cabinet { return a.cabinet < b.cabinet }
    if a.building != b.building { return naturalLess(a.building, b.building) }
    if a.floor != b.floor { return naturalLess(a.floor, b.floor) }
    if a.unit != b.unit { return naturalLess(a.unit, b.unit) }
    if a.status != b.status { return a.status == .active }
    if a.number != b.number { return a.number < b.number }
    return a.id < b.id
}
