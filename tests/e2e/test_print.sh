#!/usr/bin/env bash
# Print and Excel (issue 11): every workbook in a Japanese font with row heights for it, the lists' 印刷用 sheets and
# print setup, the 申請書兼許可書 as a 様式 (様式番号, 宛先, 申請文 and 許可文, each signatory's capacity, 受付・決裁欄,
# the marking of a form that is not an approval), checked with openpyxl; one form through LibreOffice to PDF when
# LibreOffice is installed (SKIP otherwise).
# Prints `ok - …` / `not ok - …` per check and `RESULT: P passed, F failed` at the end (tests/run.sh reads it).
set -u

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KUMO=${KUMO_BIN:-$REPO/kumo}
case "$KUMO" in /*) ;; *) KUMO="$REPO/$KUMO" ;; esac
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23} KUMO_TEMPLATE_DIR="$REPO/templates"
unset KUMO_USER KUMO_DB KUMO_NOW LC_ALL
W=$(mktemp -d "${TMPDIR:-/tmp}/kumo-print.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT

PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' >/dev/null 2>&1; then PY=$p; break; fi
done
PYS=${PY:-python3}

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
notok() {
    fail=$((fail + 1))
    echo "not ok - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/    | /'
    return 0
}
# pycheck NAME ARGS… <<'EOF' … EOF: runs the python on stdin with the helpers below (sys.argv[1:] = ARGS).
pycheck() {
    local name=$1 out
    shift
    if [ -z "$PY" ]; then
        notok "$name" "python3 with openpyxl is not installed (make deps)"
        return
    fi
    if out=$( (cat "$W/helpers.py"; cat) | "$PY" - "$@" 2>&1); then ok "$name"; else notok "$name" "$out"; fi
}
OUT=""
RC=0
run() {
    OUT=$("$KUMO" "$@" 2>&1)
    RC=$?
}
expect() {
    local name=$1 want=$2 s
    shift 2
    if [ "$RC" -ne "$want" ]; then
        notok "$name" "exit status $RC, expected $want; output:"$'\n'"$OUT"
        return
    fi
    for s in "$@"; do
        if [[ "$OUT" != *"$s"* ]]; then
            notok "$name" "missing «$s» in the output:"$'\n'"$OUT"
            return
        fi
    done
    ok "$name"
}
sql() {
    "$PYS" - "$1" "$2" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
c.commit()
EOF
}

# Helpers every check below starts with: the fonts of a workbook, a lower bound of the lines a text wraps to (made
# here from Unicode's East Asian widths, not from kumo: wide, fullwidth and ambiguous count 2 as in a Japanese font),
# and Excel's scale when a sheet is printed one page wide.
cat >"$W/helpers.py" <<'EOF'
import sys, math, re, zipfile, datetime, unicodedata, openpyxl
FONT = "ＭＳ Ｐゴシック"
LINE = 13.5
def fonts(path):
    xml = zipfile.ZipFile(path).read("xl/styles.xml").decode()
    body = re.search(r"<fonts[^>]*>(.*?)</fonts>", xml, re.S).group(1)
    return [(re.search(r'<name val="([^"]*)"', f).group(1), float(re.search(r'<sz val="([^"]*)"', f).group(1)))
            for f in re.findall(r"<font>(.*?)</font>", body, re.S)]
def cols(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in s)
def min_lines(text, width):
    if text is None:
        return 1
    avail = int(width) - 1
    return sum(max(1, math.ceil(cols(line) / avail)) for line in str(text).split("\n"))
def width(ws, col):
    d = ws.column_dimensions[openpyxl.utils.get_column_letter(col)]
    return d.width
def height(ws, row):
    h = ws.row_dimensions[row].height
    return h if h is not None else ws.sheet_format.defaultRowHeight
def landscape_scale(ws, ncols):
    px = sum(width(ws, c) * 8 + 5 for c in range(1, ncols + 1))   # ＭＳ Ｐゴシック 11 pt: '0' = 8 px at 96 dpi
    # Excel prints one page wide (left and right margins 0.5 in) at this scale
    return (297 - 25.4) / 25.4 * 72 / (px * 0.75)
EOF

if [ ! -x "$KUMO" ]; then
    notok "kumo binary $KUMO exists"
    echo "RESULT: $pass passed, $fail failed"
    exit 1
fi

DEMO="$W/demo.db"
"$KUMO" --db "$DEMO" demo >/dev/null 2>&1 || notok "kumo demo"
# Long text the demo does not have: a 利用目的 of two lines, the second longer than the value column, and a long
# 確認内容・対策 on the first item, both of R7-0001 (written into a copy of the demo as a fixture).
LONG_NOTE="契約書第12条及び仕様書別紙3により、データの保存場所が国内であること、準拠法が日本法であること、解約時にデータを暗号化消去し消去証明書を提出することを確認した。"
sql "$DEMO" "update applications set purpose = '庁内文書の共有
庁外の委託事業者を含む関係者との間で、会議資料や契約関係の文書を安全に共有し、版管理と閲覧権限の管理を一元化するため'
             where app_no = 'R7-0001'"
sql "$DEMO" "update checklist_answers set note = '$LONG_NOTE'
             where no = 1 and app_id = (select id from applications where app_no = 'R7-0001')"

for kind in register applications reviews; do
    KUMO_USER=takahashi run --db "$DEMO" export "$kind" -o "$W/$kind.xlsx"
    expect "export $kind" 0 "に出力しました"
done
KUMO_USER=takahashi run --db "$DEMO" audit export -o "$W/audit.xlsx"
expect "audit export" 0 "書き出しました"
KUMO_USER=nakamura run --db "$DEMO" export exceptions -o "$W/exceptions.xlsx"
expect "export exceptions (CISO)" 0 "に出力しました"
for no in R7-0001 R6-0001 R8-0003 R8-0004 R8-0005 R8-0006 R8-0007; do
    KUMO_USER=kobayashi run --db "$DEMO" export form "$no" -o "$W/form-$no.xlsx"
    expect "export form $no (監査)" 0 "申請書兼許可書（$no）"
done

# ---- 1. the font and the row heights ----
pycheck "every workbook's fonts are ＭＳ Ｐゴシック, the default (Normal style) at 11 pt; no Calibri anywhere" \
    "$W" <<'EOF'
import glob
for path in sorted(glob.glob(sys.argv[1] + "/*.xlsx")):
    f = fonts(path)
    assert f[0] == (FONT, 11.0), (path, f[0])                       # font 0: the Normal style, what widths measure
    assert all(name == FONT for name, _ in f), (path, f)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.sheet_format.defaultRowHeight == LINE, (path, ws.title, ws.sheet_format.defaultRowHeight)
        for row in ws.iter_rows(max_row=6):
            for c in row:
                if c.value is not None:
                    assert c.font.name == FONT, (path, ws.title, c.coordinate, c.font.name)
EOF

pycheck "確認事項 and 履歴: every row as tall as its longest wrapped cell, 13.5 pt a line (the long 確認内容・対策 too)" \
    "$W/form-R7-0001.xlsx" "$W/form-R6-0001.xlsx" "$LONG_NOTE" <<'EOF'
for path in sys.argv[1:3]:
    wb = openpyxl.load_workbook(path)
    for name in ("確認事項", "履歴"):
        ws = wb[name]
        for r in range(2, ws.max_row + 1):
            need = max(min_lines(ws.cell(r, c).value, width(ws, c)) for c in range(2, ws.max_column + 1))
            assert height(ws, r) >= LINE * need, (path, name, r, height(ws, r), need)
ws = openpyxl.load_workbook(sys.argv[1])["確認事項"]
assert ws.cell(2, 7).value == sys.argv[3]
assert min_lines(sys.argv[3], width(ws, 7)) >= 5 and height(ws, 2) >= LINE * 5, height(ws, 2)
# R6-0001's items 9, 11, 12, 16, 17, 21, 24 were clipped with 15 pt a line of Calibri
ws = openpyxl.load_workbook(sys.argv[2])["確認事項"]
for no in (9, 11, 12, 16, 17, 21, 24):
    r = no + 1
    assert ws.cell(r, 1).value == no
    text = ws.cell(r, 4).value
    assert height(ws, r) >= LINE * min_lines(text, width(ws, 4)), (no, height(ws, r), text)
EOF

pycheck "the form sheet: a two-line 利用目的 keeps its line break and gets the height of its lines; every value row fits" \
    "$W" <<'EOF'
import glob
ws = openpyxl.load_workbook(sys.argv[1] + "/form-R7-0001.xlsx")["申請書兼許可書"]
r = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "利用目的"][0]
v = ws.cell(r, 3).value
assert v.startswith("庁内文書の共有\n庁外の委託事業者"), v                # the line break, not '?'
assert height(ws, r) >= LINE * 3, height(ws, r)                            # 1 line + the long one wrapped
for path in sorted(glob.glob(sys.argv[1] + "/form-*.xlsx")):
    ws = openpyxl.load_workbook(path)["申請書兼許可書"]
    value_w = width(ws, 3) + width(ws, 4) + width(ws, 5)
    for r in range(1, ws.max_row + 1):
        label, value = ws.cell(r, 2).value, ws.cell(r, 3).value
        if label and ws.cell(r, 2).border.left.style and isinstance(value, str):
            need = max(min_lines(label, width(ws, 2)), min_lines(value, value_w))
            assert height(ws, r) >= LINE * need, (path, label, height(ws, r), need)
EOF

# ---- 2. the 申請書兼許可書 as a 様式 ----
pycheck "form: 様式番号, 申請番号, title, 宛先, 申請文 and 許可文, capacities, 受付・決裁欄 (approved R7-0001, §8-3)" \
    "$W/form-R7-0001.xlsx" <<'EOF'
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["申請書兼許可書"]
texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
assert texts[0].startswith("様式第1号"), texts[0]
assert "申請番号　R7-0001" in texts
assert "クラウドサービス利用申請書兼許可書" in texts
assert "統括情報セキュリティ責任者　様" in texts                 # 003 §4(4)①: filed with the 統括
assert "上記のとおり申請します。" in texts and "上記のとおり許可します。" in texts
lines = {ws.cell(r, 4).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value}
assert ws.cell(lines["職名"], 5).value == "情報セキュリティ責任者"        # the applicant's capacity (§8-3)
assert ws.cell(lines["許可権限者　職名"], 5).value == "統括情報セキュリティ責任者"
for box in ("受付・決裁欄", "受付日", "受付印", "決裁（統括情報セキュリティ責任者）"):
    assert box in texts, box
assert not [t for t in texts if "未承認" in t or "不許可" in t], "an approval carries no marking"
assert "未承認" not in (ws.oddHeader.center.text or "")
for name in ("申請書兼許可書", "確認事項", "履歴"):
    s = wb[name]
    assert s.oddHeader.left.text == "申請番号 R7-0001", (name, s.oddHeader.left.text)
    assert (s.oddFooter.left.text or "").startswith("監査証跡 #"), (name, s.oddFooter.left.text)
    assert s.page_setup.orientation == "portrait" and s.page_setup.paperSize in (9, "9"), name
    assert s.page_setup.fitToWidth in (None, 1, "1"), name
# 和暦 on real date cells, as before
sig = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "申請者　所属"][0]
assert isinstance(ws.cell(sig, 3).value, datetime.datetime) and "[$-411]ggge" in ws.cell(sig, 3).number_format
EOF

pycheck "form: 条件付承認 says 条件付で許可します; a 却下 says 許可しません and is marked 却下（不許可）" \
    "$W/form-R6-0001.xlsx" "$W/form-R8-0006.xlsx" <<'EOF'
def texts(path):
    ws = openpyxl.load_workbook(path)["申請書兼許可書"]
    return ws, [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
ws, t = texts(sys.argv[1])
assert "上記のとおり条件付で許可します。" in t and "上記のとおり許可します。" not in t
ws, t = texts(sys.argv[2])
assert "上記のとおり許可しません。" in t
assert any(x.startswith("却下（不許可）") for x in t), t
assert "却下（不許可）" in ws.oddHeader.center.text
EOF

pycheck "forms that are not approvals are marked in red at the top and in every page's header (申請中, 差戻し, 下書き)" \
    "$W" <<'EOF'
for no, mark in (("R8-0003", "申請中（未承認）"), ("R8-0005", "差戻し（未承認）"), ("R8-0007", "下書き（未承認）")):
    wb = openpyxl.load_workbook(sys.argv[1] + "/form-" + no + ".xlsx")
    ws = wb["申請書兼許可書"]
    top = [c for row in ws.iter_rows(max_row=3) for c in row if isinstance(c.value, str) and c.value.startswith(mark)]
    assert top, (no, [c.value for row in ws.iter_rows(max_row=3) for c in row])
    assert top[0].font.color.rgb.endswith("C00000") and top[0].font.b, top[0].font.color.rgb
    for s in wb.worksheets:
        assert mark in (s.oddHeader.center.text or ""), (no, s.title, s.oddHeader.center.text)
        assert s.oddHeader.center.color == "C00000", (no, s.title, s.oddHeader.center.color)
    t = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # no 許可 has been given: the 許可文 offers the choices and no date
    assert "上記のとおり　許可します　・　条件付で許可します　・　許可しません" in t, no
EOF

pycheck "form of a §8-4 application (R8-0004): addressed to the 部局's 情報セキュリティ責任者, filed by a 職員等" \
    "$W/form-R8-0004.xlsx" <<'EOF'
ws = openpyxl.load_workbook(sys.argv[1])["申請書兼許可書"]
t = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
assert "健康福祉部 情報セキュリティ責任者　様" in t, [x for x in t if "様" in x]      # 004 §8-4(2)②
lines = {ws.cell(r, 4).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value}
assert ws.cell(lines["職名"], 5).value == "職員等"                                    # 004 §8-4(2)①
assert ws.cell(lines["許可権限者　職名"], 5).value == "情報セキュリティ責任者"
EOF

# ---- 3. the lists: a data sheet for filters and re-use, a 印刷用 sheet for paper ----
pycheck "申請一覧, 台帳, 年次, 監査証跡, 例外措置: data sheet first with header row 1 and autofilter, printed at full size over pages" \
    "$W" <<'EOF'
for name, sheet in (("applications", "申請一覧"), ("register", "承認済みクラウドサービス台帳"),
                    ("reviews", "年次利用状況確認"), ("audit", "監査証跡"), ("exceptions", "例外措置")):
    wb = openpyxl.load_workbook(sys.argv[1] + "/" + name + ".xlsx")
    ws = wb.worksheets[0]
    assert ws.title == sheet and wb.active.title == sheet, (name, wb.sheetnames)
    assert ws.auto_filter.ref.startswith("A1:") and ws.freeze_panes == "A2", name
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9"), name
    assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage), name
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A", (name, ws.print_title_rows)
    assert ws.oddHeader.left.text.startswith(wb.properties.title), (name, ws.oddHeader.left.text)
    assert ws.oddHeader.center.text == "みらい市（デモ）", ws.oddHeader.center.text
    assert ws.oddHeader.right.text == "2026年（令和8年）11月23日現在", ws.oddHeader.right.text
EOF

pycheck "印刷用 sheets: title, 団体名, 現在, 絞込み above a heading repeated on every page; A4 landscape one page wide at 80 % or more; every row of the data sheet in the chosen columns" \
    "$W" <<'EOF'
for name in ("applications", "register", "reviews", "audit", "exceptions"):
    wb = openpyxl.load_workbook(sys.argv[1] + "/" + name + ".xlsx")
    data, ws = wb.worksheets[0], wb["印刷用"]
    assert ws.cell(1, 1).value == wb.properties.title, (name, ws.cell(1, 1).value)
    assert ws.cell(2, 1).value == "みらい市（デモ）"
    assert "2026年（令和8年）11月23日現在" in [c.value for c in ws[2]]
    assert ws.cell(3, 1).value.startswith("絞込み: "), ws.cell(3, 1).value
    assert ws.print_title_rows == "$4:$4", (name, ws.print_title_rows)
    ps = ws.page_setup
    assert ps.orientation == "landscape" and ps.paperSize in (9, "9") and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ps.fitToWidth in (None, 1, "1") and ps.fitToHeight in (0, "0"), (ps.fitToWidth, ps.fitToHeight)
    heads = [c.value for c in ws[4] if c.value]
    dheads = [c.value for c in data[1]]
    assert heads and all(h in dheads for h in heads), (name, heads)
    assert landscape_scale(ws, len(heads)) >= 0.8, (name, landscape_scale(ws, len(heads)))
    idx = [dheads.index(h) for h in heads]
    drows = list(data.iter_rows(min_row=2, values_only=True))
    prows = list(ws.iter_rows(min_row=5, max_col=len(heads), values_only=True))
    assert len(prows) == len(drows), (name, len(prows), len(drows))
    for d, p in zip(drows, prows):
        assert [d[i] for i in idx] == [None if v == "" else v for v in p] or \
               [("" if d[i] is None else d[i]) for i in idx] == [("" if v is None else v) for v in p], (name, d, p)
    for r in range(5, ws.max_row + 1):   # each row as tall as its wrapped cells
        need = max(min_lines(ws.cell(r, c).value if isinstance(ws.cell(r, c).value, str) else "", width(ws, c))
                   for c in range(1, len(heads) + 1))
        assert height(ws, r) >= LINE * need, (name, r, height(ws, r), need)
EOF

pycheck "申請一覧: 利用者数 and 申請日 do not touch (a space after the number, the date centred); the 集計 sheet has a print setup" \
    "$W/applications.xlsx" "$W/reviews.xlsx" <<'EOF'
ws = openpyxl.load_workbook(sys.argv[1])["申請一覧"]
hdr = [c.value for c in ws[1]]
n, d = hdr.index("利用者数") + 1, hdr.index("申請日") + 1
assert d == n + 1
for r in range(2, ws.max_row + 1):
    if isinstance(ws.cell(r, n).value, (int, float)):
        assert ws.cell(r, n).number_format.endswith("_ "), ws.cell(r, n).number_format
    if ws.cell(r, d).value is not None:
        assert ws.cell(r, d).alignment.horizontal == "center", ws.cell(r, d).alignment.horizontal
s = openpyxl.load_workbook(sys.argv[2])["集計"]
assert s.page_setup.paperSize in (9, "9") and s.sheet_properties.pageSetUpPr.fitToPage
assert s.print_title_rows == "$4:$4", s.print_title_rows
assert s.oddHeader.left.text.startswith("令和8年度 年次利用状況確認"), s.oddHeader.left.text
assert (s.oddFooter.left.text or "").startswith("監査証跡 #")
assert s.row_dimensions[1].height >= 18          # the 14 pt title is not cut
EOF

# ---- 4. exports follow the filters (the CLI's options are the screens' filters) ----
KUMO_USER=takahashi run --db "$DEMO" export applications --status 申請中 -o "$W/apps-submitted.xlsx"
N=$(sql "$DEMO" "select count(*) from applications where state = 'submitted'")
expect "export applications --status 申請中: the 申請中 applications" 0 "（${N}件）"
GA=$(sql "$DEMO" "select count(*) from applications a join departments d on d.id = a.dept_id
                  where d.name = '総務部' and a.conf = '2'")
KUMO_USER=takahashi run --db "$DEMO" export applications --dept 総務部 --conf 2 -o "$W/apps-dept.xlsx"
expect "export applications --dept 総務部 --conf 2" 0 "（${GA}件）"
KUMO_USER=takahashi run --db "$DEMO" export applications --search 会議 -o "$W/apps-search.xlsx"
expect "export applications --search 会議" 0 "に出力しました"
# --fy: the 年度 of the 申請番号 (SPEC: export … [--fy YEAR]), in 令和 as well
KUMO_USER=takahashi run --db "$DEMO" export applications --fy 令和7 -o "$W/apps-fy.xlsx"
expect "export applications --fy 令和7" 0 "に出力しました"
KUMO_USER=takahashi run --db "$DEMO" export applications --fy R99x -o "$W/apps-bad.xlsx"
expect "export applications --fy R99x is a usage error" 2 "--fy は年度を西暦又は令和で指定してください"
pycheck "the workbooks hold exactly the filtered rows and say which filter made them" "$W" <<'EOF'
def data(name):
    wb = openpyxl.load_workbook(sys.argv[1] + "/" + name)
    ws = wb.worksheets[0]
    hdr = [c.value for c in ws[1]]
    return wb, ws, [dict(zip(hdr, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
_, _, every = data("applications.xlsx")
for name, keep, flt in (
        ("apps-submitted.xlsx", lambda r: r["状態"] == "申請中", "状態=申請中"),
        ("apps-dept.xlsx", lambda r: r["申請部局"] == "総務部" and r["機密性"] == "2", "部局=総務部, 機密性=2"),
        ("apps-search.xlsx", lambda r: "会議" in (r["クラウドサービス名"] or "") + (r["サービス提供者"] or ""),
         "検索=会議"),
        ("apps-fy.xlsx", lambda r: (r["申請番号"] or "").startswith("R7-"), "年度=令和7年度")):
    wb, ws, rows = data(name)
    want = [r["申請番号"] or r["クラウドサービス名"] for r in every if keep(r)]
    got = [r["申請番号"] or r["クラウドサービス名"] for r in rows]
    assert got == want and got, (name, got, want)
    assert ws.oddHeader.left.text == "申請一覧\n絞込み: " + flt, (name, ws.oddHeader.left.text)
    assert wb["印刷用"]["A3"].value == "絞込み: " + flt, wb["印刷用"]["A3"].value
    assert wb["印刷用"].max_row == 4 + len(rows), (name, wb["印刷用"].max_row)
EOF
KUMO_USER=takahashi run --db "$DEMO" export register --search 電子 -o "$W/reg-search.xlsx"
expect "export register --search 電子" 0 "に出力しました"
KUMO_USER=takahashi run --db "$DEMO" export register --all --dept 総務部 --csv -o "$W/reg-dept.csv"
ND=$(sql "$DEMO" "select count(*) from services s join departments d on d.id = s.dept_id where d.name = '総務部'")
expect "export register --all --dept 総務部 --csv: ended ones too, one 部局" 0 "（${ND}件、UTF-8 BOM付き）"
KUMO_USER=takahashi run --db "$DEMO" export reviews --fy R8 --status 要対応 -o "$W/rev-action.xlsx"
expect "export reviews --fy R8 --status 要対応" 0 "に出力しました"
pycheck "register and 年次: the filtered rows, the filter stated, the 集計 counting the same rows" "$W" <<'EOF'
import csv, io
wb = openpyxl.load_workbook(sys.argv[1] + "/reg-search.xlsx")
ws = wb.worksheets[0]
names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
assert names and all("電子" in n for n in names), names
assert ws.oddHeader.left.text.endswith("絞込み: 範囲=利用中, 検索=電子"), ws.oddHeader.left.text
rows = list(csv.reader(io.StringIO(open(sys.argv[1] + "/reg-dept.csv", encoding="utf-8-sig").read())))
assert rows[0][0] == "承認番号" and all(r[3] == "総務部" for r in rows[1:]), rows
wb = openpyxl.load_workbook(sys.argv[1] + "/rev-action.xlsx")
ws = wb.worksheets[0]
st = [r[6] for r in ws.iter_rows(min_row=2, values_only=True)]
assert st and set(st) == {"要対応"}, st
every = openpyxl.load_workbook(sys.argv[1] + "/reviews.xlsx").worksheets[0]
assert len(st) == sum(1 for r in every.iter_rows(min_row=2, values_only=True) if r[6] == "要対応")
assert ws.oddHeader.left.text.endswith("絞込み: 年度=令和8年度（2026年度）, 確認状況=要対応"), ws.oddHeader.left.text
total = [r for r in wb["集計"].iter_rows(values_only=True) if r and r[0] == "合計"][0]
assert total[1:] == (0, 0, len(st), len(st)), total        # 未実施 0, 実施済 0, 要対応, 計
assert wb["集計"]["A3"].value.startswith("絞込み: "), wb["集計"]["A3"].value
EOF
KUMO_USER=takahashi run --db "$DEMO" export applications --status 承認 -o "$W/x.xlsx"
expect "an unknown --status is a usage error naming the choices" 2 "下書き・申請中・差戻し・承認済・却下"
KUMO_USER=takahashi run --db "$DEMO" export applications --conf 3A -o "$W/x.xlsx"
expect "--conf 3A is a usage error" 2 "1・2・3C・3B"
KUMO_USER=takahashi run --db "$DEMO" export reviews --status 済 -o "$W/x.xlsx"
expect "an unknown 確認状況 is a usage error" 2 "未実施・実施済・要対応"
KUMO_USER=takahashi run --db "$DEMO" export register --dept 存在しない部 -o "$W/x.xlsx"
expect "an unknown --dept says so" 3 "部局「存在しない部」はありません"
if [ ! -e "$W/x.xlsx" ]; then ok "… and none of them writes a file"; else notok "… and none of them writes a file"; fi

# ---- 5. CP932: every character it cannot hold is listed; --replace writes 〓 and reports each ----
CP="$W/cp932.db"
cp "$DEMO" "$CP"
sql "$CP" "drop trigger if exists svc_search_au"
sql "$CP" "update services set name = '𠮷野家〜予約', provider = '株式会社©テック' where approval_no = 'AP-R7-0001'"
sql "$CP" "update services set name = 'チャット😀サービス−Ⅱ' where approval_no = 'AP-R7-0004'"
echo previous >"$W/cp.csv"
KUMO_USER=takahashi run --db "$CP" export register --csv --encoding cp932 -o "$W/cp.csv"
expect "CP932 refuses a register holding 𠮷, © and an emoji, says how many and offers --replace" 3 \
    "CP932 で表せない文字が 3 件あります" "--replace"
if grep -q "行目（AP-R7-0001）「クラウドサービス名」: 𠮷 U+20BB7" <<<"$OUT" &&
    grep -q "行目（AP-R7-0001）「提供者」: © U+00A9" <<<"$OUT" &&
    grep -q "行目（AP-R7-0004）「クラウドサービス名」: 😀 U+1F600" <<<"$OUT"; then
    ok "… listing every cell: its row, 承認番号, column, the character and its code point"
else
    notok "… listing every cell: its row, 承認番号, column, the character and its code point" "$OUT"
fi
if [ "$(cat "$W/cp.csv")" = previous ]; then ok "… and the existing file is untouched"; else notok "… and the existing file is untouched"; fi
KUMO_USER=takahashi run --db "$CP" export register --csv --encoding cp932 --replace -o "$W/cp.csv"
expect "--replace writes the file with 〓 and reports each replacement" 0 "CP932" \
    "「〓」に置き換えました（3 件）" "「クラウドサービス名」: 𠮷 U+20BB7 → 〓"
pycheck "the CP932 file: 〓 where the characters were, 〜 − Ⅱ converted to CP932's own" "$W/cp.csv" <<'EOF'
raw = open(sys.argv[1], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf")
text = raw.decode("cp932")
assert "〓野家～予約" in text and "株式会社〓テック" in text, text[:400]     # 〜 U+301C written as ～ 81 60
assert "チャット〓サービス－Ⅱ" in text, text                              # − U+2212 as － 81 7C
assert "\u301c" not in text and "\u2212" not in text
EOF
KUMO_USER=takahashi run --db "$CP" export register --csv --replace -o "$W/x.csv"
expect "--replace without --encoding is a usage error" 2 "--encoding"
KUMO_USER=takahashi run --db "$CP" export register --csv --encoding utf-8 --replace -o "$W/x.csv"
expect "--replace with UTF-8 is a usage error (UTF-8 holds every character)" 2 "--encoding cp932"

# ---- LibreOffice: one form to PDF (the renderer a Debian server has); SKIP when it is not installed ----
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    cp "$W/form-R8-0005.xlsx" "$W/lo.xlsx"
    if (cd "$W" && timeout 120 soffice -env:UserInstallation=file://"$W/lo-profile" --headless \
            --convert-to pdf lo.xlsx >/dev/null 2>&1) && [ -s "$W/lo.pdf" ]; then
        # page 1 is the whole 様式: the marking, the 申請文, the 許可文 and the 受付・決裁欄 (it fits one A4 page)
        txt=$(pdftotext -layout -f 1 -l 1 "$W/lo.pdf" - 2>/dev/null)
        case "$txt" in
        *"差戻し（未承認）"*"上記のとおり申請します"*"許可しません"*"受付・決裁欄"*)
            ok "LibreOffice prints the 差戻し form on one page with its marking, 申請文, 許可文 and 受付・決裁欄" ;;
        *) notok "LibreOffice prints the 差戻し form on one page with its marking, 申請文, 許可文 and 受付・決裁欄" "$txt" ;;
        esac
        # then the 確認事項 (as many pages as its items take, the 申請番号 and its header on each) and the 履歴
        txt=$(pdftotext -layout -f 2 "$W/lo.pdf" - 2>/dev/null)
        case "$txt" in
        "申請番号 R8-0005"*"確認事項"*"確認内容・対策"*"履歴"*"操作者"*) ok "… then the 確認事項 and the 履歴, each page headed by the 申請番号" ;;
        *) notok "… then the 確認事項 and the 履歴, each page headed by the 申請番号" "$txt" ;;
        esac
    else
        notok "LibreOffice converts a form to PDF"
    fi
    # 申請一覧 (22 columns) and 年次利用状況確認 (21) of a demo with 60 more applications: their 印刷用 sheet prints
    # over several A4 landscape pages at a legible size (not one page at ~30 %), its heading on every page, every row
    # once. The 印刷用 pages are those whose text holds the whole heading on one line (the data sheet splits its
    # columns over pages).
    "$KUMO" --db "$W/many.db" demo --rows 60 >/dev/null 2>&1 || notok "kumo demo --rows 60"
    KUMO_USER=takahashi "$KUMO" --db "$W/many.db" export applications -o "$W/lo-apps.xlsx" >/dev/null 2>&1
    KUMO_USER=takahashi "$KUMO" --db "$W/many.db" export reviews -o "$W/lo-reviews.xlsx" >/dev/null 2>&1
    if (cd "$W" && timeout 180 soffice -env:UserInstallation=file://"$W/lo-profile" --headless \
            --convert-to pdf lo-apps.xlsx lo-reviews.xlsx >/dev/null 2>&1) && [ -s "$W/lo-apps.pdf" ] &&
        [ -s "$W/lo-reviews.pdf" ]; then
        for spec in "lo-apps|申請番号|状態 申請日 審査結果 承認日 承認番号" \
                    "lo-reviews|承認番号|承認番号 確認状況 最終確認日 利用状況 次回確認期限"; do
            name=${spec%%|*}
            rest=${spec#*|}
            if out=$("$PYS" -c '
import re, subprocess, sys, openpyxl
name, key, heads = sys.argv[1], sys.argv[2], sys.argv[3].split()
pdf = name + ".pdf"
data = openpyxl.load_workbook(name + ".xlsx").worksheets[0]
col = [c.value for c in data[1]].index(key)
want = [r[col] for r in data.iter_rows(min_row=2, values_only=True) if r[col]]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
pages = []
for p in range(1, n + 1):
    t = subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                       capture_output=True, text=True).stdout
    lines = t.splitlines()
    at = [i for i, l in enumerate(lines) if all(h in l.split() for h in heads)]
    if at:   # the heading on one line, above every row of the page
        pages.append("\n".join(lines[at[0]:]))
assert len(pages) >= 2, ("the 印刷用 sheet is on %d page(s) of %d: scaled down to one?" % (len(pages), n))
assert len(want) > 40, ("too few rows to need several pages", len(want))
for no in want:   # every row printed once, none lost between pages
    hits = sum(len(re.findall(r"(?<![-\w])" + re.escape(no) + r"(?![-\w])", p)) for p in pages)
    assert hits == 1, (no, hits)
print(len(pages))
' "$W/$name" "${rest%%|*}" "${rest#*|}" 2>&1); then
                ok "LibreOffice prints $name.pdf's 印刷用 sheet over $out A4 landscape pages, the heading on each, every row once"
            else
                notok "LibreOffice prints $name.pdf's 印刷用 sheet over several pages, the heading on each, every row once" "$out"
            fi
        done
    else
        notok "LibreOffice converts 申請一覧 and 年次利用状況確認 to PDF"
    fi
else
    ok "LibreOffice prints the 差戻し form # SKIP soffice or pdftotext is not installed"
    ok "LibreOffice prints the lists over several pages # SKIP soffice or pdftotext is not installed"
fi

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
