#!/usr/bin/env python3
"""Makes the spreadsheet fixtures of Tests/Fixtures/office/ with programs dangan did not write:
openpyxl (pip install openpyxl; 3.1.5 used) and LibreOffice Calc headless (Debian's
libreoffice-calc-nogui; 7.4 used). The files are committed; run this again only to remake them:

    python3 scripts/make-office-fixtures.py

What each file is, and what dangan must make of it, is in Tests/Fixtures/office/README.md.
"""
import datetime, os, shutil, subprocess, sys, tempfile
import openpyxl

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "office")
os.makedirs(OUT, exist_ok=True)

HEADER = ["档案号", "档案柜", "楼栋", "楼层", "房号", "业主姓名", "联系电话", "身份证号", "入住日期", "条码", "共有人", "租户", "备注", "身份证复印件"]


def typed_workbook(path):
    """Cells typed the way a spreadsheet program leaves them: numbers, date cells, text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户档案"
    ws.append(HEADER)
    # 1: a room typed as the number 201 in a column formatted 0000 (shown 0201); building and
    #    floor and the phone as numbers; the move-in date a real date cell.
    ws.append(["KH-2021-00001", "A", 3, 2, 201, "吕云", 13812345678, "11010519491231002X",
               datetime.datetime(2021, 3, 15), "DA0000000201", "乐天;覃海波", None, None, "复印件"])
    ws.cell(row=2, column=5).number_format = "0000"
    ws.cell(row=2, column=9).number_format = "yyyy-mm-dd"
    # 2: everything text, the room with its leading zero, a landline; the date in a Chinese
    #    date format (shown 2016年8月9日).
    ws.append(["KH-2021-00002", "A", "3", "3", "0302", "翟洁", "0755-88881234", "440106199003035070",
               datetime.datetime(2016, 8, 9), "DA0000000302", None, "盖磊", "一楼商铺", "原件+复印件"])
    ws.cell(row=3, column=9).number_format = 'yyyy"年"m"月"d"日"'
    # 3: the date as text in the slash style of a Chinese-locale sheet; the envelope number a number.
    ws.append([20210003, "A", 3, 12, 1201, "单于明", 13900001111, "440304199001011233", "2019/7/1", "DA0000001201",
               None, None, None, True])
    # 4: the date as a bare serial in a General cell (44270 = 2021-03-15) and the ID's X in lower case.
    ws.append(["KH-2021-00004", "B", "5", "1", "0101", "Mary Smith", "+86 138 0013 8000", "11010519491231002x", 44270,
               "DA0000000101", None, "陈晓", None, None])
    # 5: the date as eight digits.
    ws.append(["KH-2021-00005", "B", "5", "1", "0102", "欧阳明", None, None, "20200101", None, None, None, None, "原件"])
    for col, width in zip("ABCDEFGHIJKLMN", [16, 8, 6, 6, 6, 12, 18, 22, 14, 16, 14, 10, 10, 12]):
        ws.column_dimensions[col].width = width
    wb.save(path)


def id_workbook(path):
    """ID numbers as a spreadsheet mangles them, and one good row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER[:9])
    ws.append(["KH-2022-00001", "A", "1", "1", "0101", "张伟", "13800138000", 440106199003035070, "2022-01-05"])   # a number cell
    ws.append(["KH-2022-00002", "A", "1", "1", "0102", "李娜", "13800138001", 4.40106199003035e17, "2022-01-05"])  # a float
    ws.append(["KH-2022-00003", "A", "1", "1", "0103", "王芳", "13800138002", "440106199003035000", "2022-01-05"]) # digits lost
    ws.append(["KH-2022-00004", "A", "1", "1", "0104", "刘洋", "13800138003", "4.40103198001011E+17", "2022-01-05"]) # as CSV shows it
    ws.append(["KH-2022-00005", "A", "1", "1", "0105", "陈静", "13800138004", "330102198506120044", "2022-01-05"])  # good
    wb.save(path)


def soffice(src, filt, outdir):
    """LibreOffice Calc, headless, with a profile of its own (another instance may be running)."""
    prof = tempfile.mkdtemp(prefix="dangan-lo-")
    try:
        subprocess.run(["soffice", "-env:UserInstallation=file://" + prof, "--headless", "--convert-to", filt,
                        "--outdir", outdir, src], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def main():
    typed = os.path.join(OUT, "openpyxl-typed.xlsx")
    ids = os.path.join(OUT, "openpyxl-id-numbers.xlsx")
    typed_workbook(typed)
    id_workbook(ids)
    if not shutil.which("soffice"):
        sys.exit("soffice not found: apt-get install libreoffice-calc-nogui")
    tmp = tempfile.mkdtemp(prefix="dangan-fixtures-")
    # LibreOffice's "Text CSV" filter: separator, quote, character set (76 UTF-8, 85 GB18030,
    # 65535 UTF-16 with BOM: what Excel calls Unicode Text), first line; cells saved as shown.
    for name, opts, ext in [("libreoffice-utf8", "44,34,76,1", "csv"), ("libreoffice-gb18030", "44,34,85,1", "csv"),
                            ("libreoffice-unicode-text", "9,34,65535,1", "txt")]:
        soffice(typed, 'csv:Text - txt - csv (StarCalc):' + opts, tmp)
        shutil.move(os.path.join(tmp, "openpyxl-typed.csv"), os.path.join(OUT, name + "." + ext))
    soffice(ids, 'csv:Text - txt - csv (StarCalc):44,34,76,1', tmp)
    shutil.move(os.path.join(tmp, "openpyxl-id-numbers.csv"), os.path.join(OUT, "libreoffice-id-numbers.csv"))
    # The typed workbook saved again by LibreOffice: its own styles, shared strings, number formats.
    soffice(typed, "xlsx:Calc MS Excel 2007 XML", tmp)
    shutil.move(os.path.join(tmp, "openpyxl-typed.xlsx"), os.path.join(OUT, "libreoffice-typed.xlsx"))
    shutil.rmtree(tmp, ignore_errors=True)
    for f in sorted(os.listdir(OUT)):
        print("%8d  %s" % (os.path.getsize(os.path.join(OUT, f)), f))


if __name__ == "__main__":
    main()
