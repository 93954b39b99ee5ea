#!/usr/bin/env python3
"""Anchors of the register's Excel export in make bench: the same rows and cells as tests/bench/xlsx_anchor.c,
written by a Python library: XlsxWriter (constant_memory) or openpyxl (write_only).

    xlsx_python.py xlsxwriter|openpyxl DB OUT.xlsx TODAY
"""
import datetime
import sqlite3
import sys

HEADERS = ["承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日", "利用開始日", "利用終了日（予定）",
           "クラウドサービス管理者", "次回確認期限", "状態"]
IS_DATE = [0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0]
SQL = """SELECT s.approval_no, s.name, s.provider, coalesce(d.name, ''), s.conf, s.approved_on, s.start_date,
s.end_date, coalesce(m.name, ''), s.next_review_due,
CASE WHEN s.status = 'terminated' THEN (CASE WHEN s.terminated_on > ?1 THEN '終了予定' ELSE '終了' END)
WHEN s.build_state = 'pending' THEN '構築確認待ち'
WHEN (s.next_review_due <> '' AND s.next_review_due < ?1) OR (s.end_date <> '' AND s.end_date < ?1) THEN '要対応'
WHEN s.start_date <> '' AND s.start_date <= ?1 THEN '利用中' ELSE '承認済' END
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
        ws.write_row(0, 0, HEADERS, wb.add_format({"bold": True}))
        for r in rows(db, today):
            n += 1
            for c, v in enumerate(r):
                if v is None:
                    continue
                if IS_DATE[c]:
                    ws.write_datetime(n, c, v, date)
                else:
                    ws.write_string(n, c, v)
        wb.close()
    else:
        import openpyxl
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("台帳")
        ws.append(HEADERS)
        for r in rows(db, today):
            n += 1
            ws.append(r)
        wb.save(out)
    print(f"rows={n}")


if __name__ == "__main__":
    main()
