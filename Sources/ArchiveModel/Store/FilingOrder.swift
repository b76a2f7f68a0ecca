import Foundation

/// Natural order for location codes: numbers by value (basement floors "-1" first), then text.
public func naturalLess(_ a: String, _ b: String) -> Bool {
    let ai = Int(a)
    let bi = Int(b)
    switch (ai, bi) {
    case (let x?, let y?): return x != y ? x < y : a < b
    case (_?, nil): return true
    case (nil, _?): return false
    default: return a < b
    }
}

/// The filing order of envelope summaries (``EnvelopeCard/filingLess(_:_:cabinetOrder:)``).
public func filingLess(_ a: EnvelopeSummary, _ b: EnvelopeSummary, cabinetOrder: [String: Int]) -> Bool {
    EnvelopeCard.filingLess(a.card, b.card, cabinetOrder: cabinetOrder)
}
