import Foundation
import TestSupport

@testable import ArchiveModel

func tempDir(_ name: String = "t") -> String {
    let p = NSTemporaryDirectory() + "dangan-test-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.removeItem(atPath: p)
    return p
}

/// A small archive with one cabinet, one envelope and a few documents of every kind of rule.
func makeArchive(now: Date = TestClock.now) throws -> (ArchiveStore, Envelope) {
    let path = tempDir("arc")
    let store = try ArchiveStore.create(at: path, name: "测试档案", settings: Settings(staff: Generator.sampleStaff))
    store.clock = { now }
    store.operatorName = "李敏"
    try store.createCabinet(code: "A", label: "1号档案柜", room: "档案室", keyHolders: ["李敏"])
    let id = RecordID.make("env")
    func doc(_ kind: String, _ title: String, original: Bool, secrecy: Secrecy = .none, retention: String = "permanent")
        -> Document
    {
        Document(
            id: DocumentID.make(envelope: id), kind: kind, title: title, original: original, pages: 2,
            date: "2020-05-01",
            secrecy: secrecy, retention: retention)
    }
    let e = Envelope(
        id: id, number: "KH-2020-00001", barcode: "DA0001010001", cabinet: "A", building: "3", floor: "12",
        unit: "1201",
        owner: "张伟", coOwners: ["欧阳娜"], phones: ["13800138000"], idNumber: "440304199001011233", moveIn: "2020-05-01",
        documents: [
            doc("前期物业服务合同", "合同原件", original: true),
            doc("前期物业服务合同", "合同复印件", original: false),
            doc("身份证复印件", "业主身份证复印件", original: false, secrecy: .confidential),
            doc("施工图纸", "施工图纸", original: false, secrecy: .secret),
            doc("产权证明", "不动产权证书", original: true, secrecy: .topSecret),
            doc("缴费记录", "缴费记录复印件", original: false, secrecy: .confidential),
            doc("投诉记录", "投诉记录", original: true, retention: "2021-01-01"),
        ])
    return (store, try store.createEnvelope(e))
}

/// Which error was thrown, for assertions that name it: "refused RULE", "invalidField FIELD",
/// "notFound", "ambiguous", "damaged", "io", "locked", "sync", "notAnArchive", "alreadyExists",
/// or the type of an error that is not an ``ArchiveError``.
func errorCase(_ error: Error) -> String {
    guard let e = error as? ArchiveError else { return "\(type(of: error))" }
    switch e {
    case .refused(let rule, _): return "refused \(rule)"
    case .invalidField(let field, _): return "invalidField \(field)"
    case .notFound: return "notFound"
    case .ambiguous: return "ambiguous"
    case .damaged: return "damaged"
    case .unreadable: return "unreadable"
    case .io: return "io"
    case .locked: return "locked"
    case .sync: return "sync"
    case .notAnArchive: return "notAnArchive"
    case .alreadyExists: return "alreadyExists"
    }
}
