#!/usr/bin/env python3
"""Anchors of the register's Excel export in make bench: the same rows and cells as tests/bench/xlsx_anchor.c,
written by a Python library: XlsxWriter (constant_memory) or openpyxl (write_only). Like kumo's register workbook,
each row goes on the data sheet and on a 印刷用 sheet (wrapped, bordered, each row as tall as its longest cell).

    xlsx_python.py xlsxwriter|openpyxl DB OUT.xlsx TODAY
"""
import datetime
import sqlite3
import sys

HEADERS = ["承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日", "利用開始日", "利用終了日（予定）",
           "クラウドサービス管理者", "次回確認期限", "状態", "区分", "変更承認日", "条件"]
IS_DATE = [0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0]
PRINT_WIDTH = [11, 14, 8, 10, 6, 11, 11, 11, 9, 11, 10, 6, 11, 12]


def lines_of(v, w):
    """Lines of v in a column w wide, counted as xlsx_anchor.c counts them."""
    cols = w - 1
    width = sum(2 if ord(ch) >= 0x800 else 1 for ch in v)
    return 1 if width <= cols else (width + cols - 1) // cols
SQL = """SELECT s.approval_no, s.name, s.provider, coalesce(d.name, ''), s.conf, s.approved_on, s.start_date,
s.end_date, coalesce(m.name, ''), s.next_review_due,
CASE WHEN s.status = 'terminated' THEN (CASE WHEN s.terminated_on > ?1 THEN '終了予定' ELSE '終了' END)
WHEN s.build_state = 'pending' THEN '構築確認待ち'
WHEN (s.next_review_due <> '' AND s.next_review_due < ?1) OR (s.end_date <> '' AND s.end_date < ?1) THEN '要対応'
WHEN s.start_date <> '' AND s.start_date <= ?1 THEN '利用中' ELSE '承認済' END,
CASE WHEN s.conf = '1' THEN '§8-4' WHEN s.conf IN ('2', '3B', '3C') THEN '§8-3' ELSE '' END,
s.changed_on, s.conditions
FROM services s LEFT JOIN departments d ON d.id = s.dept_id LEFT JOIN users m ON m.id = s.manager_id
WHERE s.status = 'active' OR s.terminated_on > ?1 ORDER BY s.approval_no"""


def rows(db, today):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for r in con.execute(SQL, (today,)):
        yield [datetime.datetime.strptime(v, "%Y-%m-%d") if IS_DATE[c] and v else (v or None)
               for c, v in enumerate(r)]


def main():
    lib, db, out, today = sys.argv[1:5]
    n = 0
    if lib == "xlsxwriter":
        import xlsxwriter
        wb = xlsxwriter.Workbook(out, {"constant_memory": True})
        ws = wb.add_worksheet("台帳")
        date = wb.add_format({"num_format": "yyyy/mm/dd"})
        ws.autofilter(0, 0, 1, len(HEADERS) - 1)
        ws.freeze_panes(1, 0)
        hdr = wb.add_format({"bold": True})
        ws.write_row(0, 0, HEADERS, hdr)
        pws = wb.add_worksheet("印刷用")
        cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        pdate = wb.add_format({"num_format": "yyyy/mm/dd", "align": "center", "valign": "top", "border": 1})
        pws.set_landscape()
        pws.set_paper(9)
        pws.repeat_rows(3)
        for c, w in enumerate(PRINT_WIDTH):
            pws.set_column(c, c, w)
        pws.write_string(0, 0, "承認済みクラウドサービス台帳")
        pws.write_row(3, 0, HEADERS, hdr)
        for r in rows(db, today):
            n += 1
            lines = 1
            for c, v in enumerate(r):
                if v is None:
                    pws.write_blank(n + 3, c, None, pdate if IS_DATE[c] else cell)
                    continue
                if IS_DATE[c]:
                    ws.write_datetime(n, c, v, date)
                    pws.write_datetime(n + 3, c, v, pdate)
                else:
                    ws.write_string(n, c, v)
                    pws.write_string(n + 3, c, v, cell)
                    lines = max(lines, lines_of(v, PRINT_WIDTH[c]))
            if lines > 1:
                pws.set_row(n + 3, 13.5 * lines)
        wb.close()
    else:
        import openpyxl
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Border, Side
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("台帳")
        pws = wb.create_sheet("印刷用")
        ws.append(HEADERS)
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap = Alignment(wrap_text=True, vertical="top")
        centre = Alignment(horizontal="center", vertical="top")
        for c, w in enumerate(PRINT_WIDTH):
            pws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width = w
        pws.append(["承認済みクラウドサービス台帳"])
        pws.append([])
        pws.append([])
        pws.append(HEADERS)
        for r in rows(db, today):
            n += 1
            ws.append(r)
            cells = []
            lines = 1
            for c, v in enumerate(r):
                x = WriteOnlyCell(pws, value=v)
                x.border = border
                if IS_DATE[c]:
                    x.number_format = "yyyy/mm/dd"
                    x.alignment = centre
                else:
                    x.alignment = wrap
                    if v:
                        lines = max(lines, lines_of(v, PRINT_WIDTH[c]))
                cells.append(x)
            if lines > 1:
                pws.row_dimensions[n + 4].height = 13.5 * lines
            pws.append(cells)
        wb.save(out)
    print(f"rows={n}")


if __name__ == "__main__":
    main()
