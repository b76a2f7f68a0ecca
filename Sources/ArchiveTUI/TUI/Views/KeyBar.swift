import ArchiveModel
import Foundation

/// The last row: the keys that work here and now, for the pane and the mode. `?` and `q`
/// (or, while typing, Enter and Esc) keep their place at the right end whatever the width.
enum KeyBar {
    struct Item: Equatable {
        var key: String
        var label: Phrase
    }
    struct Items: Equatable {
        var left: [Item]
        var right: [Item]
    }

    static func i(_ k: String, _ p: Phrase) -> Item { Item(key: k, label: p) }

    static let always = [i("?", T.Keys.help), i("q", T.Keys.quit)]

    static func items(_ st: AppState, _ env: Env) -> Items {
        switch st.mode {
        case .browse:
            let common = [i("/", T.Keys.find)]
            var left: [Item]
            switch st.focus {
            case .cabinets:
                left =
                    [i("↑↓", T.Keys.move), i("→", T.Keys.open)] + common + [
                        i("f", T.Keys.narrow), i("L", T.Keys.loans), i("R", T.Keys.reports),
                        i("I", T.Keys.inventory), i("n", T.Keys.newEnvelope), i("C", T.Keys.copies),
                        i("T", T.Keys.language),
                    ]
            case .envelopes:
                left =
                    [i("↑↓", T.Keys.move), i("←→", T.Keys.panes)] + common + [
                        i("b", T.Keys.lendEnvelope), i("F", T.Keys.filter),
                        i("f", T.Keys.narrow), i("r", T.Keys.returnDocs), i("e", T.Keys.edit),
                        i("n", T.Keys.newEnvelope), i("O", T.Keys.owner),
                        i("X", T.Keys.transfer), i("L", T.Keys.loans), i("R", T.Keys.reports),
                    ]
            case .documents:
                left =
                    [i("↑↓", T.Keys.move), i("←", T.Keys.back)] + common + [
                        i("b", T.Keys.lend), i("r", T.Keys.returnDocs), i(lang(st, T.Keys.spaceKey), T.Keys.mark),
                        i("c", T.Keys.copy), i("a", T.Keys.addDocument), i("D", T.Keys.destroy),
                        i("X", T.Keys.transfer), i("f", T.Keys.narrow),
                        i("L", T.Keys.loans), i("C", T.Keys.copies),
                    ]
            }
            if (st.focus == .envelopes && st.filter.isActive) || !st[st.focus].narrow.isEmpty {
                left.insert(i("Esc", T.Keys.clearFilter), at: 2)
            }
            return Items(left: left, right: always)
        case .narrowing:
            return Items(
                left: [i(lang(st, T.Keys.typeKey), T.Keys.narrowAsYouType), i("↑↓", T.Keys.move)],
                right: [i("Enter", T.Keys.keep), i("Esc", T.Keys.clear)])
        case .search:
            return Items(
                left: [i(lang(st, T.Keys.typeKey), T.Keys.searchHow), i("↑↓", T.Keys.choose)],
                right: [i("Enter", T.Keys.jump), i("Esc", T.Keys.back)])
        case .form(let f):
            if f.chrome.confirming != nil {
                return Items(left: [], right: [i("y", T.Keys.confirmYes), i("n", T.Keys.confirmNo)])
            }
            if f.chrome.askDiscard {
                return Items(
                    left: [], right: [i("y", T.Keys.discard), i(lang(st, T.Keys.otherKey), T.Keys.keepTyping)])
            }
            if f.chrome.popup != nil {
                return Items(
                    left: [i("↑↓", T.Keys.choose), i("Tab", T.Keys.takeAndNext)],
                    right: [i("Enter", T.Keys.take), i("Esc", T.Keys.close)])
            }
            var left = [i("Tab", T.Keys.nextField), i("S-Tab", T.Keys.previousField)]
            if case .choice = f.focusedField.input {
                left.append(i("←→", T.Keys.choose))
                left.append(i(lang(st, T.Keys.typeKey), T.Keys.pickByTyping))
            } else {
                left.append(i("^U ^W ^K", T.Keys.editKeys))
            }
            return Items(left: left, right: [i("Enter", T.Keys.confirm), i("Esc", T.Keys.cancel)])
        case .loans(let d):
            if d.typing {
                return Items(
                    left: [i(lang(st, T.Keys.typeKey), T.Keys.narrowBorrower)],
                    right: [i("Enter", T.Keys.keep), i("Esc", T.Keys.clear)])
            }
            return Items(
                left: [
                    i("↑↓", T.Keys.move), i("Enter", T.Keys.jumpToDocument), i("r", T.Keys.returnDocs),
                    i("n", T.Keys.renew), i("P", T.Keys.slip),
                    i("B", d.borrower == nil ? T.Keys.onlyBorrower : T.Keys.allBorrowers), i("f", T.Keys.narrow),
                    i("Esc", T.Keys.back),
                ], right: always)
        case .copies(let l):
            if l.typing {
                return Items(
                    left: [i(lang(st, T.Keys.typeKey), T.Keys.narrowAsYouType)],
                    right: [i("Enter", T.Keys.keep), i("Esc", T.Keys.clear)])
            }
            return Items(
                left: [
                    i("↑↓", T.Keys.move), i("Enter", T.Keys.nextStep), i("f", T.Keys.narrow), i("Esc", T.Keys.back),
                ], right: always)
        case .reports(let m):
            if m.typing {
                return Items(
                    left: [i(lang(st, T.Keys.typeKey), T.Keys.narrowAsYouType)],
                    right: [i("Enter", T.Keys.keep), i("Esc", T.Keys.clear)])
            }
            return Items(
                left: [i("↑↓", T.Keys.move), i("Enter", T.Keys.show), i("f", T.Keys.narrow), i("Esc", T.Keys.back)],
                right: always)
        case .report:
            return Items(
                left: [
                    i("↑↓", T.Keys.scroll), i("←→", T.Keys.sideways), i("s", T.Keys.saveCSV), i("w", T.Keys.saveHTML),
                    i("Esc", T.Keys.back),
                ], right: always)
        case .help:
            return Items(left: [i("↑↓", T.Keys.scroll), i(lang(st, T.Keys.otherKey), T.Keys.back)], right: always)
        }
    }

    static func lang(_ st: AppState, _ p: Phrase) -> String { st.lang(p) }

    static func width(_ it: Item, _ lang: Lang) -> Int {
        TextLayout.width(it.key) + 1 + TextLayout.width(lang(it.label))
    }

    static func draw(_ items: Items, lang: Lang, y: Int, into b: inout ScreenBuffer) {
        b.fill(Rect(x: 0, y: y, w: b.width, h: 1), style: .bar)
        let gap = 2
        let rightW = items.right.reduce(0) { $0 + width($1, lang) + gap }
        func put(_ it: Item, _ x: Int) -> Int {
            let k = b.put(it.key, x: x, y: y, style: .barKey)
            return k + b.put(" " + lang(it.label), x: x + k, y: y, style: .bar)
        }
        var x = 1
        for it in items.left {
            let w = width(it, lang)
            if x + w + gap > b.width - rightW { break }
            x += put(it, x) + gap
        }
        var rx = max(x, b.width - rightW + gap - 1)
        for it in items.right { rx += put(it, rx) + gap }
    }
}
