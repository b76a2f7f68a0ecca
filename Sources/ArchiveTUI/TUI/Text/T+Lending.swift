import ArchiveModel
import Foundation

// swift-format-ignore: AlwaysUseLowerCamelCase
// P(zh, en) reads as a phrase in the catalogue: one capital letter, used on every line.
private func P(_ zh: String, _ en: String) -> Phrase { Phrase(zh, en) }

extension T.Marks {
    /// An open incident (loss, damage, an incomplete return) in the envelope.
    public static let incident = P("异", "!")
}

extension T.Enum {
    public static func incident(_ k: IncidentKind) -> Phrase {
        switch k {
        case .lost: return P("遗失", "lost")
        case .damaged: return P("损坏", "damaged")
        case .incomplete: return P("不完整", "incomplete")
        }
    }
}

extension T {
    /// Incidents (issue 16 point 3) and the loan slip offered after a loan.
    public enum Incident {
        public static let kindField = P("类别", "Kind")
        public static let noteField = P("情况说明", "What happened")
        public static let resolutionField = P("处理结果", "Resolution")
        public static func reportTitle(_ n: Int) -> Phrase { P("报告遗失或损坏 — \(n) 份", "Report loss or damage — \(n)") }
        public static func resolveTitle(_ k: IncidentKind) -> Phrase {
            P("处理事故: ", "Resolve the incident: ") + T.Enum.incident(k)
        }
        public static func line(_ i: IncidentRecord, _ at: String) -> Phrase {
            P("未结事故: ", "Open incident: ") + T.Enum.incident(i.kind)
                + .same(" — \(Sanitize.visible(i.note))  (\(at) \(i.reportedBy))")
        }
        public static let resolveHint = P("! 处理", "! resolves it")
        public static func reported(_ k: IncidentKind, _ id: String) -> Phrase {
            P("已报告", "Reported ") + T.Enum.incident(k) + P(" \(id) — R 遗失损坏报告", " \(id) — R: the incidents report")
        }
        public static func resolved(_ id: String) -> Phrase { P("已处理 \(id)", "Resolved \(id)") }
        public static let openedByReturn = P(
            " — 已报告事故, 待处理 (R 遗失损坏报告)", " — an incident is open until resolved (R: the incidents report)")
        public static let slipHint = P("  P 打印借阅单 (借阅人签名)", "  P prints the loan slip to sign")
        public static let noLoanYet = P("本次还没有借出", "Nothing lent in this session yet")
    }
}
