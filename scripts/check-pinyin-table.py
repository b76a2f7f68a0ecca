#!/usr/bin/env python3
"""Checks dangan's reading tables against pypinyin, a reading dictionary nobody here wrote.

  pip install pypinyin   (0.55 checked)
  python3 scripts/check-pinyin-table.py

For every character of the surname table (Sources/ArchiveModel/Search/Surnames.swift), the
generated Sources/ArchiveModel/Search/PinyinTable.swift must
  1. hold pypinyin's customary reading of the character (its first, non-heteronym answer);
  2. hold no reading pypinyin does not know for it (pypinyin also lists archaic readings that
     the table leaves out on purpose: those are only counted);
and the surname table must
  3. read each surname only with readings of the character that pypinyin and the table both
     know;
  4. give each compound surname pypinyin's reading of the phrase (单于 chan yu) among its own.
Over the whole table:
  5. every character whose customary reading in pypinyin has ü (written v: lv, nv, lve, nve) has
     that reading in the table, written v (the bug of issue 19: 吕 女 绿 stored as lu, nu).
Exit status 1 and a list when anything differs.
"""
import os, re, sys
from pypinyin import pinyin, Style

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TABLE = os.path.join(ROOT, "Sources", "ArchiveModel", "Search", "PinyinTable.swift")
SURNAMES = os.path.join(ROOT, "Sources", "ArchiveModel", "Search", "Surnames.swift")


def readings(ch, heteronym=True):
    return pinyin(ch, style=Style.NORMAL, heteronym=heteronym, v_to_u=False, errors="ignore")


table = {}
for line in open(TABLE, encoding="utf-8"):
    line = line.rstrip("\n")
    if "\t" not in line:
        continue
    syl, chars = line.split("\t", 1)
    for c in chars:
        table.setdefault(c, set()).add(syl)

src = open(SURNAMES, encoding="utf-8").read()
single = {}
for ch, body in re.findall(r'"(.)": \[([^\]]*)\]', src):
    single[ch] = re.findall(r'"([a-z]+)"', body)
compound = []
for name, body in re.findall(r'\("(\S{2})", \[((?:\[[^\]]*\],?\s*)+)\]\)', src):
    compound.append((name, [re.findall(r'"([a-z]+)"', part) for part in re.findall(r"\[([^\]]*)\]", body)]))
if len(single) < 40 or len(compound) < 30:
    sys.exit("could not read the surname table (%d single, %d compound)" % (len(single), len(compound)))

chars = set(single) | {c for name, _ in compound for c in name}
failures, archaic = [], 0
for c in sorted(chars):
    py = set(readings(c)[0]) if readings(c) else set()
    common = readings(c, heteronym=False)[0][0]
    ours = table.get(c, set())
    if common not in ours:
        failures.append("%s: pypinyin's customary reading %s is not in the table (%s)" % (c, common, " ".join(sorted(ours))))
    for r in sorted(ours - py):
        failures.append("%s: the table reads %s, which pypinyin does not know (%s)" % (c, r, " ".join(sorted(py))))
    archaic += len(py - ours)
for c, rs in sorted(single.items()):
    for r in rs:
        if r not in table.get(c, set()) or r not in set(readings(c)[0]):
            failures.append("surname %s read %s: not a reading of the character in both tables" % (c, r))
for name, parts in compound:
    if len(parts) != len(name):
        failures.append("compound surname %s: %d characters, %d reading lists" % (name, len(name), len(parts)))
        continue
    phrase = [p[0] for p in readings(name, heteronym=False)]
    for c, rs, want in zip(name, parts, phrase):
        if want not in rs:
            failures.append("compound surname %s: pypinyin reads %s as %s, the surname table as %s" % (name, c, want, "/".join(rs)))
        for r in rs:
            if r not in table.get(c, set()):
                failures.append("compound surname %s: %s read %s, not in the reading table" % (name, c, r))

umlaut = 0
for c, ours in table.items():
    got = readings(c, heteronym=False)
    r = got[0][0] if got else ""
    if "v" in r:
        umlaut += 1
        if r not in ours:
            failures.append("%s: pypinyin reads %s; the table has %s" % (c, r, " ".join(sorted(ours))))

print("checked %d surname characters (%d single, %d compound surnames) and %d ü readings against pypinyin; "
      "%d archaic readings pypinyin lists and the table leaves out" % (len(chars), len(single), len(compound), umlaut, archaic))
if failures:
    print("%d difference(s):" % len(failures))
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("no differences")
