/// Surnames read as surnames. Curated; sources:
/// - 《现代汉语词典》(第7版) surname readings (姓 entries) for polyphonic characters;
/// - GB/T 28039-2011《中国人名汉语拼音字母拼写规则》, which spells compound surnames as one word
///   (Ouyang, Sima, Zhuge, Shangguan, Yuchi, Moqi …);
/// - the 《百家姓》 list of compound surnames.
/// A name that starts with one of these is matched under the surname reading(s) at its start;
/// elsewhere in a name, every reading of a character counts. Where bearers of a surname say it
/// two ways, both are listed (乐 yue and le, 覃 qin and tan, 翟 zhai and di, 盖 ge and gai,
/// 单于 chan yu and shan yu): the archivist types what the caller says.
/// `scripts/check-pinyin-table.py` checks every reading here against pypinyin.
public enum SurnameTable {
    /// Single-character surnames whose surname reading differs from the common one.
    public static let single: [Character: [String]] = [
        "单": ["shan"], "曾": ["zeng"], "仇": ["qiu"], "解": ["xie"], "朴": ["piao"], "区": ["ou"],
        "查": ["zha"], "盖": ["ge", "gai"], "覃": ["qin", "tan"], "乐": ["yue", "le"], "缪": ["miao"], "翟": ["zhai", "di"],
        "尉": ["yu", "wei"], "种": ["chong"], "秘": ["bi"], "冼": ["xian"], "繁": ["po"], "员": ["yun"],
        "过": ["guo"], "祭": ["zhai"], "纪": ["ji"], "宿": ["su"], "牟": ["mu", "mou"], "那": ["na"],
        "句": ["gou"], "阚": ["kan"], "哈": ["ha"], "隗": ["wei"], "谌": ["chen"], "褚": ["chu"],
        "费": ["fei"], "郇": ["huan"], "召": ["shao"], "长": ["chang"], "重": ["chong"], "洗": ["xian"],
        "任": ["ren"], "华": ["hua"], "殷": ["yin"], "沈": ["shen"], "石": ["shi"], "折": ["she"],
        "宁": ["ning"], "相": ["xiang"], "燕": ["yan"], "贲": ["ben"], "朝": ["chao"], "黑": ["hei"],
    ]

    /// Compound surnames, each character with its reading in the surname.
    public static let compound: [(String, [[String]])] = [
        ("欧阳", [["ou"], ["yang"]]), ("司马", [["si"], ["ma"]]), ("诸葛", [["zhu"], ["ge"]]), ("上官", [["shang"], ["guan"]]),
        ("尉迟", [["yu"], ["chi"]]), ("万俟", [["mo"], ["qi"]]), ("司徒", [["si"], ["tu"]]), ("东方", [["dong"], ["fang"]]),
        ("皇甫", [["huang"], ["fu"]]), ("令狐", [["ling"], ["hu"]]), ("慕容", [["mu"], ["rong"]]),
        ("夏侯", [["xia"], ["hou"]]),
        ("公孙", [["gong"], ["sun"]]), ("长孙", [["zhang"], ["sun"]]), ("宇文", [["yu"], ["wen"]]),
        ("端木", [["duan"], ["mu"]]),
        ("澹台", [["tan"], ["tai"]]), ("轩辕", [["xuan"], ["yuan"]]), ("单于", [["chan", "shan"], ["yu"]]),
        ("呼延", [["hu"], ["yan"]]),
        ("赫连", [["he"], ["lian"]]), ("淳于", [["chun"], ["yu"]]), ("太史", [["tai"], ["shi"]]), ("申屠", [["shen"], ["tu"]]),
        ("钟离", [["zhong"], ["li"]]), ("闻人", [["wen"], ["ren"]]), ("公冶", [["gong"], ["ye"]]),
        ("濮阳", [["pu"], ["yang"]]),
        ("宗政", [["zong"], ["zheng"]]), ("百里", [["bai"], ["li"]]), ("南宫", [["nan"], ["gong"]]),
        ("第五", [["di"], ["wu"]]),
    ]
}
