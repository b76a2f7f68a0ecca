// Over 400 lines: one generator of sample archives with the tables of names, kinds and papers it draws from.
import Foundation

/// Writes synthetic archives with the realism of the sample: a residential complex of
/// buildings, floors and units, households with a realistic Chinese surname distribution
/// (compound and polyphonic surnames included), documents following the checklists with
/// some missing, some confidential, some copies, and a register with loans out and overdue.
/// Deterministic for a seed.
public struct Generator {
    /// How many envelopes (households) to write; up to 1000 the complex has 18-floor buildings of 4 units a floor.
    public var envelopes: Int
    /// The seed of the pseudo-random draws: the same seed and settings write the same archive.
    public var seed: UInt64
    /// The archive's present: every date (intake, loans, due times) is drawn relative to it.
    public var now: Date
    /// The archive's name (empty: 阳光花园客户档案).
    public var name: String
    /// Loans lent and returned in the past, added to the register's history (benchmarks of a
    /// long history). The usual few loans out and overdue come on top.
    public var historyLoans: Int

    /// A generator; pass `now` explicitly for a reproducible archive (the default is the wall clock).
    public init(envelopes: Int, seed: UInt64 = 1, now: Date = Date(), name: String = "", historyLoans: Int = 0) {
        self.envelopes = envelopes
        self.seed = seed
        self.now = now
        self.name = name
        self.historyLoans = historyLoans
    }

    // Surnames with weights (per ten thousand, after national frequency tables), including the
    // polyphonic surnames 单 曾 仇 解 朴 区 查 盖 覃 乐 缪 翟 and compound surnames.
    static let surnames: [(String, Int)] = [
        ("王", 710), ("李", 700), ("张", 660), ("刘", 530), ("陈", 450), ("杨", 310), ("黄", 220), ("赵", 220), ("吴", 200),
        ("周", 200), ("徐", 160), ("孙", 150), ("马", 150), ("朱", 140), ("胡", 130), ("郭", 120), ("何", 120), ("林", 110),
        ("罗", 110), ("高", 110), ("郑", 100), ("梁", 90), ("谢", 80), ("宋", 80), ("唐", 80), ("许", 70), ("韩", 70),
        ("冯", 70), ("邓", 70), ("曹", 60), ("彭", 60), ("曾", 60), ("肖", 60), ("田", 60), ("董", 50), ("袁", 50),
        ("潘", 50), ("于", 50), ("蒋", 50), ("蔡", 50), ("余", 50), ("杜", 50), ("叶", 40), ("程", 40), ("苏", 40),
        ("魏", 40), ("吕", 40), ("丁", 40), ("任", 40), ("沈", 40), ("姚", 30), ("卢", 30), ("姜", 30), ("崔", 30),
        ("钟", 30), ("谭", 30), ("陆", 30), ("汪", 30), ("范", 30), ("金", 30), ("石", 30), ("廖", 30), ("贾", 30),
        ("夏", 30), ("韦", 30), ("付", 30), ("方", 30), ("白", 20), ("邹", 20), ("孟", 20), ("熊", 20), ("秦", 20),
        ("邱", 20), ("江", 20), ("尹", 20), ("薛", 20), ("闫", 20), ("段", 20), ("雷", 20), ("侯", 20), ("龙", 20),
        ("史", 20), ("陶", 20), ("黎", 20), ("贺", 20), ("顾", 20), ("毛", 20), ("郝", 20), ("龚", 20), ("邵", 20),
        ("万", 20), ("钱", 20), ("严", 20), ("覃", 15), ("武", 15), ("戴", 15), ("莫", 15), ("孔", 15), ("向", 15),
        ("汤", 15), ("单", 12), ("仇", 10), ("解", 10), ("朴", 8), ("区", 8), ("查", 8), ("盖", 6), ("乐", 8),
        ("缪", 8), ("翟", 10), ("欧阳", 12), ("司马", 5), ("诸葛", 4), ("上官", 5), ("尉迟", 3), ("万俟", 2),
        ("司徒", 5), ("东方", 3), ("皇甫", 3), ("令狐", 3), ("慕容", 3), ("夏侯", 3), ("公孙", 2), ("端木", 2),
    ]
    static let givenChars = Array(
        """
        伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华建文辉玲丹萍鹏宇浩凯俊帆帅博晨欣雪梅琳婷颖慧莉兰凤洁晶红玉海波斌宁亮林峰飞成志永东春国福生龙云新天子佳嘉怡梓涵轩睿思雨诗琪一诺悦泽铭宸然阳乐长重行和朝单曾解翔瑞\
        鑫家豪晓小立德安
        """
    )
    /// Names the sample always contains: compound and polyphonic surnames.
    static let featured = [
        "欧阳明", "单丽华", "曾国强", "仇伟", "解芳", "司马文涛", "诸葛明华", "上官雪", "尉迟峰", "万俟云",
        "朴志勇", "区家豪", "查文", "翟洁", "乐天宇", "缪静", "覃海波", "盖磊", "张伟", "长孙晓",
    ]
    static let latinNames = [
        "John Smith", "Maria Garcia", "Kim Minjun", "Tanaka Yuki", "Anna Müller", "David Lee", "Sophie Martin",
        "Nguyen Van An",
    ]
    static let companies = ["深圳市华润置业有限公司", "广州恒信贸易有限公司", "东莞市明达电子有限公司", "Pacific Trading Ltd."]
    static let relations = ["配偶", "父亲", "母亲", "子女", "兄弟", "姐妹", "朋友"]
    static let regions = [
        "440304", "440305", "440306", "440106", "440104", "110105", "310115", "320102", "430102", "420106",
    ]

    /// The sample archive's staff with roles and departments: the archivist 李敏, approvers, and other staff.
    public static let sampleStaff: [StaffMember] = [
        StaffMember(name: "李敏", role: .archivist, title: "资料管理员", department: "客户服务中心"),
        StaffMember(name: "王建国", role: .approver, title: "服务中心负责人", department: "客户服务中心"),
        StaffMember(name: "陈静", role: .approver, title: "部门经理", department: "内勤部"),
        StaffMember(name: "赵磊", role: .staff, title: "客服专员", department: "客户服务中心"),
        StaffMember(name: "刘洋", role: .staff, title: "维修工程师", department: "工程部"),
        StaffMember(name: "孙丽", role: .sales, title: "置业顾问", department: "销售部"),
        // Who approves 秘密 material (seed 002 七.3) and sales files (seed 002, 客户档案管理 9).
        StaffMember(name: "周海涛", role: .approver, title: "总经理", department: "总经理办公室"),
        StaffMember(name: "郑雪", role: .approver, title: "营销部经理", department: "营销部"),
    ]

    struct Layout {
        var buildings: Int
        var floors: Int
        var unitsPerFloor: Int
        var buildingsPerCabinet: Int
    }

    func layout() -> Layout {
        if envelopes <= 1000 {
            let perBuilding = 18 * 4
            let b = max(1, Int((Double(envelopes) / 0.93 / Double(perBuilding)).rounded(.up)))
            return Layout(buildings: b, floors: 18, unitsPerFloor: 4, buildingsPerCabinet: 1)
        }
        let perBuilding = 30 * 6
        let b = max(1, Int((Double(envelopes) / 0.93 / Double(perBuilding)).rounded(.up)))
        return Layout(buildings: b, floors: 30, unitsPerFloor: 6, buildingsPerCabinet: max(1, 10_000 / perBuilding))
    }

    static func cabinetCode(_ i: Int, count: Int) -> String {
        if count <= 26 { return String(UnicodeScalar(UInt8(65 + i))) }
        let s = String(i + 1)
        return "K" + String(repeating: "0", count: max(0, 3 - s.count)) + s
    }

    /// What a generated archive holds.
    public struct Report: Sendable {
        /// Envelopes written.
        public var envelopes: Int
        /// Documents on the envelopes' file lists, all envelopes together.
        public var documents: Int
        /// Loans ever lent, history loans included (the register's `lentCount`).
        public var loans: Int
        /// Loans left out, overdue ones included.
        public var outstanding: Int
        /// Loans left out past their due time at `now`.
        public var overdue: Int
        /// Cabinets created.
        public var cabinets: Int
    }

    /// Writes a new archive at `path`, which must not exist or be empty.
    @discardableResult
    public func write(to path: String, progress: ((Int) -> Void)? = nil) throws -> Report {
        var rng = SeededGenerator(seed: seed)
        let lay = layout()
        let settings = Settings(staff: Generator.sampleStaff)
        let tf = TimeFormat(identifier: settings.timeZone)
        let store = try ArchiveStore.create(
            at: path, name: name.isEmpty ? "阳光花园客户档案" : name, site: "阳光花园物业服务中心", settings: settings)
        store.clock = { [now] in now }
        store.operatorName = "李敏"
        // Bulk: no fsync per file or journal entry; one sync of the file system at the end.
        store.bulkWrites = true
        try store.lock.acquire()
        defer {
            store.bulkWrites = false
            store.lock.release()
        }
        let cabCount = (lay.buildings + lay.buildingsPerCabinet - 1) / lay.buildingsPerCabinet
        var cabs: [Cabinet] = []
        for i in 0..<cabCount {
            let code = Generator.cabinetCode(i, count: cabCount)
            let first = i * lay.buildingsPerCabinet + 1
            let last = min(lay.buildings, (i + 1) * lay.buildingsPerCabinet)
            let label = first == last ? "\(i + 1)号档案柜(\(first)栋)" : "\(i + 1)号档案柜(\(first)–\(last)栋)"
            cabs.append(
                try store.createCabinet(
                    Cabinet(
                        id: RecordID.make("cab", using: &rng), code: code, label: label, room: "物业服务中心档案室",
                        keyHolders: ["李敏", "王建国(备用钥匙)"])))
        }
        // Plan the households in filing order.
        var plans: [(Int, Int, Int)] = []  // building, floor, unit index
        for b in 1...lay.buildings {
            for f in 1...lay.floors {
                for u in 1...lay.unitsPerFloor { plans.append((b, f, u)) }
            }
        }
        // Leave some units vacant so that the count is as asked: the i-th remaining unit, i at
        // random, removed one at a time — found through a Fenwick tree of the units still
        // there, so that a million envelopes take O(n log n), not the quadratic time of removing
        // from the array (over 20 minutes at 1,000,000), with the same archive for a seed.
        if plans.count > envelopes {
            let n = plans.count
            var tree = [Int](repeating: 0, count: n + 1)
            for i in 1...n {
                tree[i] += 1
                let j = i + (i & -i)
                if j <= n { tree[j] += tree[i] }
            }
            var top = 1
            while top * 2 <= n { top *= 2 }
            var gone = [Bool](repeating: false, count: n)
            var left = n
            while left > envelopes {
                var k = Int(rng.next() % UInt64(left)) + 1  // 1-based rank among those still there
                var pos = 0
                var step = top
                while step > 0 {
                    if pos + step <= n && tree[pos + step] < k {
                        pos += step
                        k -= tree[pos]
                    }
                    step /= 2
                }
                gone[pos] = true
                var i = pos + 1
                while i <= n {
                    tree[i] -= 1
                    i += i & -i
                }
                left -= 1
            }
            plans = plans.indices.filter { !gone[$0] }.map { plans[$0] }
        }
        let totalWeight = Generator.surnames.reduce(0) { $0 + $1.1 }
        func surname() -> String {
            var r = Int(rng.next() % UInt64(totalWeight))
            for (s, w) in Generator.surnames {
                if r < w { return s }
                r -= w
            }
            return "王"
        }
        func person() -> String {
            let s = surname()
            let n = rng.next() % 10 < 7 ? 2 : 1
            var g = ""
            for _ in 0..<n { g.append(Generator.givenChars[Int(rng.next() % UInt64(Generator.givenChars.count))]) }
            return s + g
        }
        func phone() -> String {
            let pre = ["138", "139", "135", "136", "150", "151", "186", "188", "177", "199"][Int(rng.next() % 10)]
            return pre + String(format: "%08d", Int(rng.next() % 100_000_000))
        }
        func idNumber(_ year: Int) -> String {
            let region = Generator.regions[Int(rng.next() % UInt64(Generator.regions.count))]
            let m = 1 + Int(rng.next() % 12)
            let d = 1 + Int(rng.next() % 28)
            let body = region + String(format: "%04d%02d%02d%03d", year, m, d, Int(rng.next() % 1000))
            let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(body.compactMap { $0.wholeNumberValue }, w).reduce(0) { $0 + $1.0 * $1.1 }
            return body + String(Array("10X98765432")[sum % 11])
        }
        let nowParts = tf.parts(now)
        let today = tf.day(now)
        func day(_ y: Int, _ m: Int, _ d: Int) -> String { String(format: "%04d-%02d-%02d", y, m, min(d, 28)) }
        func dayAfter(_ s: String, years: Int, months: Int) -> String {
            let y = Int(s.prefix(4))!
            let m = Int(s.dropFirst(5).prefix(2))!
            let d = Int(s.suffix(2))!
            let mm = m - 1 + months
            return day(y + years + mm / 12, mm % 12 + 1, d)
        }
        var documentsTotal = 0
        var loanCandidates: [(Envelope, Document)] = []
        var written = 0
        var seqByYear: [Int: Int] = [:]
        var generated: [EnvelopeSummary] = []
        for (b, f, u) in plans {
            let cabIndex = (b - 1) / lay.buildingsPerCabinet
            let cab = cabs[cabIndex].code
            let unit = "\(f)\(String(format: "%02d", u))"
            let id = RecordID.make("env", using: &rng)
            let roll = rng.next() % 1000
            var owner: String
            if roll < 8 {
                owner = Generator.latinNames[Int(rng.next() % UInt64(Generator.latinNames.count))]
            } else if roll < 14 {
                owner = Generator.companies[Int(rng.next() % UInt64(Generator.companies.count))]
            } else {
                owner = person()
            }
            // The sample shows every kind of name the search must handle.
            if envelopes <= 1000 && written % 9 == 4 && written / 9 < Generator.featured.count {
                owner = Generator.featured[written / 9]
            }
            let year = 2012 + Int(rng.next() % UInt64(max(1, min(13, nowParts.year - 2012))))
            let moveIn = day(year, 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
            seqByYear[year, default: 0] += 1
            let number = "KH-\(year)-" + String(format: "%05d", seqByYear[year]!)
            let barcode = "DA" + String(format: "%04d%02d%04d", b, f % 100, (written % 10000))
            var e = Envelope(
                id: id, number: number, barcode: barcode, cabinet: cab, building: String(b), floor: String(f),
                unit: unit,
                owner: owner, moveIn: moveIn)
            if rng.next() % 100 < 30 { e.coOwners = [person()] }
            if rng.next() % 100 < 10 { e.tenants = [person()] }
            e.phones = [phone()] + (rng.next() % 100 < 30 ? [phone()] : [])
            e.idNumber = idNumber(1950 + Int(rng.next() % 50))
            if rng.next() % 100 < 70 {
                e.emergencyContact = Contact(
                    name: person(), phone: phone(),
                    relation: Generator.relations[Int(rng.next() % UInt64(Generator.relations.count))])
            }
            var docs: [Document] = []
            func add(
                _ kind: String, _ title: String, original: Bool, pages: Int, date: String, secrecy: Secrecy? = nil,
                retention: String = "permanent"
            ) {
                let k = settings.kind(named: kind)!
                // No paper is dated after today (a lease signed two years after a recent move-in).
                docs.append(
                    Document(
                        id: DocumentID.make(envelope: id, using: &rng), kind: kind, title: title, original: original,
                        pages: pages, date: min(date, today), secrecy: secrecy ?? k.defaultSecrecy,
                        retention: retention))
            }
            func p(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
            // Customer file: the checklist, each item missing now and then.
            if p(95) { add("前期物业服务合同", "前期物业服务合同(\(e.roomCode))", original: true, pages: 12, date: moveIn) }
            if p(30) { add("前期物业服务合同", "前期物业服务合同复印件", original: false, pages: 12, date: moveIn) }
            if p(95) { add("临时管理规约", "临时管理规约签署页", original: true, pages: 4, date: moveIn) }
            if p(50) { add("精神文明公约", "精神文明公约", original: true, pages: 2, date: moveIn) }
            if p(93) { add("消防安全责任书", "消防安全责任书", original: true, pages: 2, date: moveIn) }
            if p(92) { add("身份证复印件", "业主身份证复印件", original: false, pages: 1, date: moveIn) }
            if !e.coOwners.isEmpty && p(80) { add("身份证复印件", "共有人身份证复印件", original: false, pages: 1, date: moveIn) }
            if p(95) { add("入住资料签收表", "入住资料/物品交接记录签收表", original: true, pages: 2, date: moveIn) }
            if p(94) { add("业主(住户)资料登记表", "业主(住户)资料登记表", original: true, pages: 1, date: moveIn) }
            if p(40) { add("照片", "业主照片", original: true, pages: 1, date: moveIn) }
            if p(40) { add("车辆档案", "车辆登记及车位资料", original: false, pages: 2, date: moveIn) }
            if p(60) { add("紧急情况联系授权书", "紧急情况联系授权书", original: true, pages: 1, date: moveIn) }
            if p(70) { add("水、电表底数确认单", "水、电表底数确认单", original: true, pages: 1, date: moveIn) }
            if p(20) {
                add("房屋维修记录单", "房屋维修记录单", original: true, pages: 1, date: dayAfter(moveIn, years: 1, months: 3))
            }
            if p(15) { add("代保管单元钥匙申请表", "代保管单元钥匙申请表", original: true, pages: 1, date: moveIn) }
            if p(35) {
                add("缴费记录", "物业费缴费记录复印件", original: false, pages: 3, date: dayAfter(moveIn, years: 1, months: 0))
            }
            if !e.tenants.isEmpty {
                add("租赁资料", "房屋租赁合同复印件", original: false, pages: 6, date: dayAfter(moveIn, years: 2, months: 0))
            }
            // Renovation file for about four households in ten.
            if p(40) {
                let r = dayAfter(moveIn, years: 0, months: 2)
                add("装修申请表", "装修申请表", original: true, pages: 2, date: r)
                add("装修安全协议", "装修安全协议", original: true, pages: 3, date: r)
                if p(80) { add("装修施工许可证", "装修施工许可证(存根)", original: true, pages: 1, date: r) }
                if p(60) { add("施工图纸", "室内装修施工图纸", original: false, pages: 8, date: r) }
                if p(70) { add("装修验收记录表", "装修验收记录表", original: true, pages: 1, date: dayAfter(r, years: 0, months: 3)) }
                if p(15) {
                    add("装修整改通知单", "装修整改通知单", original: false, pages: 1, date: dayAfter(r, years: 0, months: 1))
                }
            }
            // Other records, destroyable after their retention.
            if p(15) {
                let d = dayAfter(moveIn, years: 1, months: 6)
                add("投诉记录", "投诉记录(噪音)", original: true, pages: 2, date: d, retention: dayAfter(d, years: 3, months: 0))
            }
            if p(10) {
                let d = dayAfter(moveIn, years: 2, months: 1)
                add("沟通记录", "业主沟通记录", original: true, pages: 1, date: d, retention: dayAfter(d, years: 2, months: 0))
            }
            if p(30) {
                let d = dayAfter(moveIn, years: 1, months: 0)
                add(
                    "满意度调查", "年度满意度调查问卷", original: true, pages: 2, date: d, retention: dayAfter(d, years: 3, months: 0)
                )
            }
            if p(30) { add("购房合同复印件", "商品房买卖合同复印件", original: false, pages: 20, date: moveIn) }
            if p(2) { add("产权证明", "不动产权证书", original: true, pages: 2, date: moveIn) }
            e.documents = docs
            documentsTotal += docs.count
            for d in docs
            where !d.original && d.secrecy == .none && (d.kind == "前期物业服务合同" || d.kind == "缴费记录" || d.kind == "车辆档案") {
                loanCandidates.append((e, d))
                break
            }
            generated.append(try store.writeGeneratedEnvelope(e))
            written += 1
            if written % 10_000 == 0 { progress?(written) }
        }
        generated.sort { filingLess($0, $1, cabinetOrder: store.cabinetOrder) }
        store.summaries = EnvelopeList(generated)
        generated = []
        store.resetSummaries()
        // The register: some loans returned, a few out, one overdue.
        let staff = ["赵磊": "客户服务中心", "刘洋": "工程部", "陈静": "内勤部"]
        let borrowers = staff.keys.sorted()
        let loanCount = min(loanCandidates.count, max(7, envelopes / 200))
        var outstanding = 0
        var overdue = 0
        for i in 0..<loanCount {
            let (_, d) = loanCandidates[Int(rng.next() % UInt64(loanCandidates.count))]
            if store.register.openByDocument[d.id] != nil { continue }
            let who = borrowers[i % borrowers.count]
            let kind: Int = i == 0 ? 2 : (i % 3 == 0 ? 1 : 0)  // 0 returned, 1 out, 2 overdue
            let daysAgo = kind == 2 ? 6.0 : (kind == 1 ? 1.0 : Double(10 + Int(rng.next() % 300)))
            let out = now.addingTimeInterval(-daysAgo * 86400)
            store.clock = { out }
            let (dec, loan) = try store.borrow(
                LoanRequest(
                    documents: [d.id], borrower: who, department: staff[who]!,
                    purpose: ["核对业主信息", "办理维修", "处理投诉", "车位登记"][i % 4],
                    approver: "王建国", type: .short))
            guard dec.allowed, loan != nil else { continue }
            if kind == 0 {
                store.clock = { out.addingTimeInterval(86400 * 2) }
                try store.returnDocuments([d.id], complete: true)
            } else {
                outstanding += 1
                if kind == 2 { overdue += 1 }
            }
        }
        // A long history: loans lent and returned over the years before `now`.
        if historyLoans > 0 && !loanCandidates.isEmpty {
            let span = 5.0 * 365 * 86400
            for i in 0..<historyLoans {
                let (_, d) = loanCandidates[Int(rng.next() % UInt64(loanCandidates.count))]
                if store.register.openByDocument[d.id] != nil { continue }
                let out = now.addingTimeInterval(-span + span * Double(i) / Double(historyLoans) - 30 * 86400)
                store.clock = { out }
                let who = borrowers[i % borrowers.count]
                let (dec, loan) = try store.borrow(
                    LoanRequest(
                        documents: [d.id], borrower: who, department: staff[who]!, purpose: "核对业主信息",
                        approver: "王建国", type: .short))
                guard dec.allowed, loan != nil else { continue }
                store.clock = { out.addingTimeInterval(86400) }
                try store.returnDocuments([d.id], complete: true)
                if i % 10_000 == 9_999 { progress?(i + 1) }
            }
        }
        store.clock = { [now] in now }
        try store.writeCache()
        store.anchors.save(root: path)
        DurableIO.syncFileSystem(path)
        return Report(
            envelopes: written, documents: documentsTotal, loans: store.register.lentCount, outstanding: outstanding,
            overdue: overdue, cabinets: cabs.count)
    }
}

extension ArchiveStore {
    /// Bulk write for the generator: the envelope's creation entry and file without fsync
    /// (the caller syncs once at the end); the summary is appended and sorted at the end.
    func writeGeneratedEnvelope(_ e: Envelope) throws -> EnvelopeSummary {
        let rel = ArchiveStore.envelopeRelativePath(
            cabinet: e.cabinet, building: e.building, floor: e.floor, unit: e.unit, id: e.id)
        let d = try ensureDesk()
        var en = entry(.envelopeCreate, envelope: e.id, changes: [try creation(.envelope, e.id, e)], note: "新建档案袋")
        en = try appendWithoutFold(en, desk: d)
        var env = e
        env.revision = revision(of: [en])
        let bytes = try JSONCoding.bytes(env, encoder)
        try writeEnvelopeFile(rel: rel, bytes: bytes)
        return summary(of: env, digest: contentDigest(env))
    }
}
