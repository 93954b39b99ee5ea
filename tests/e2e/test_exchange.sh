#!/usr/bin/env bash
# Registers in and out, driven through the real binary: the Excel workbooks (台帳, 申請一覧, 申請書兼許可書) checked
# with openpyxl, the CSV export and import (round trip, CP932 and UTF-8-with-BOM files, the malformed corpus in
# tests/data/csv/, 600 rows), who may do what, and failures that must leave an existing file untouched.
# Prints `ok - …` / `not ok - …` per check and `RESULT: P passed, F failed` at the end (tests/run.sh reads it).
set -u

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KUMO=${KUMO_BIN:-$REPO/kumo}
case "$KUMO" in /*) ;; *) KUMO="$REPO/$KUMO" ;; esac
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23} KUMO_TEMPLATE_DIR="$REPO/templates"
unset KUMO_USER KUMO_DB KUMO_NOW LC_ALL
W=$(mktemp -d "${TMPDIR:-/tmp}/kumo-exchange.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT
CORPUS="$REPO/tests/data/csv"

# A python3 that has openpyxl (a pyenv shim on PATH may lack it; Debian's is /usr/bin/python3).
PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' >/dev/null 2>&1; then PY=$p; break; fi
done
PYS=${PY:-python3}   # for the checks that need only the standard library

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
notok() {
    fail=$((fail + 1))
    echo "not ok - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/    | /'
    return 0
}
# check NAME COMMAND…: passes when the command succeeds.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$name"; else notok "$name" "$out"; fi
}
# pycheck NAME ARGS… <<'EOF' … EOF: runs the python on stdin (sys.argv[1:] = ARGS); passes when it exits 0.
pycheck() {
    local name=$1 out
    shift
    if [ -z "$PY" ]; then
        notok "$name" "python3 with openpyxl is not installed (make deps)"
        return
    fi
    if out=$("$PY" - "$@" 2>&1); then ok "$name"; else notok "$name" "$out"; fi
}
# run KUMO-ARGS…: runs kumo, keeping its output (stdout and stderr) in OUT and its exit status in RC.
OUT=""
RC=0
run() {
    OUT=$("$KUMO" "$@" 2>&1)
    RC=$?
}
# expect NAME RC SUBSTRING…: the last run exited with RC and printed every SUBSTRING.
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
# sql DB QUERY: the result rows, one per line, fields joined by |.
sql() {
    "$PYS" - "$1" "$2" <<'EOF'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
EOF
}
# A fingerprint of everything an import could write: counts of services, 部局, users, history.
counts() {
    sql "$1" "select (select count(*) from services), (select count(*) from departments),
                     (select count(*) from users), (select count(*) from history)"
}

if [ ! -x "$KUMO" ]; then
    notok "kumo binary $KUMO exists"
    echo "RESULT: $pass passed, $fail failed"
    exit 1
fi

# ---------------------------------------------------------------------------------------------------------------
# The demo municipality. Facts used below come from kumo's own demo (R7-0001 電子申請サービス, filed by 佐藤 一郎 on
# 2025-05-12, approved by 高橋 健 on 2025-05-20 as AP-R7-0001 with 吉田 亮 as manager; R6-0001 a 条件付承認 with one
# 不適合 item); counts that grow as the demo grows are read from the database.
DEMO="$W/demo.db"
"$KUMO" --db "$DEMO" demo >/dev/null 2>&1 || notok "kumo demo"
N_SVC=$(sql "$DEMO" "select count(*) from services")
N_ACTIVE=$(sql "$DEMO" "select count(*) from services where status = 'active'")
N_ENDED=$((N_SVC - N_ACTIVE))
# the register lists what is in use and what is 終了処理中 (ended, its 廃棄・削除完了報告 not yet accepted: 003 §4(7))
N_ENDING=$(sql "$DEMO" "select count(*) from services where status = 'terminated' and disposal_state = 'pending'")
N_REG=$((N_ACTIVE + N_ENDING))
N_DONE=$((N_ENDED - N_ENDING))
N_APP=$(sql "$DEMO" "select count(*) from applications")

# ---- Excel: the register (承認済みクラウドサービス台帳) ----
KUMO_USER=takahashi run --db "$DEMO" export register -o "$W/register.xlsx"
expect "export register xlsx (approver): every service in use or 終了処理中" 0 "（${N_REG}件）"
pycheck "register workbook: sheets, headers, every row, date cells, frozen header, autofilter, A4 print setup, properties" \
    "$W/register.xlsx" "$N_REG" <<'EOF'
import sys, zipfile, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["承認済みクラウドサービス台帳", "印刷用"], wb.sheetnames
ws = wb.active
hdr = [c.value for c in ws[1]]
assert hdr == ["承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日", "利用開始日",
               "利用終了日(予定)", "クラウドサービス管理者", "次回確認期限", "状態", "区分", "変更承認日", "条件"], hdr
rows = list(ws.iter_rows(min_row=2, values_only=True))
assert len(rows) == int(sys.argv[2]), len(rows)
r = [x for x in rows if x[0] == "AP-R7-0001"][0]
assert r[1] == "電子申請サービス" and r[3] == "総務部", r
# 機密性3B as such, not "3" (ポリシー004 §2(1)): 介護認定審査会資料共有
assert [x[4] for x in rows if x[0] == "AP-R7-0002"] == ["3B"], [x[4] for x in rows if x[0] == "AP-R7-0002"]
# 区分 (ポリシー004 §8-3 / §8-4) and the 条件 of a 条件付承認 are columns of the register (issue 9)
assert [x[11] for x in rows if x[0] == "AP-R7-0002"] == ["§8-3"], rows
assert [x[11] for x in rows if x[0] == "AP-R8-0001"] == ["§8-4"], rows
cond = [x[13] for x in rows if x[0] == "AP-R6-0001"][0]
assert cond and "録画は庁内サーバに保存" in cond, cond
assert r[13] in (None, ""), r[13]                             # 電子申請サービス: approved without conditions
assert r[5] == datetime.datetime(2025, 5, 20), r[5]          # 承認日: a real date
assert r[6] == datetime.datetime(2025, 7, 1), r[6]
assert ws["F2"].is_date and ws["F2"].number_format == "yyyy/mm/dd", ws["F2"].number_format
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.auto_filter.ref.startswith("A1:N"), ws.auto_filter.ref
ps = ws.page_setup
assert ps.paperSize in (9, "9"), ps.paperSize
# the data sheet prints at full size over several pages, the header row and the 承認番号 on each (the 印刷用 sheet
# is the one-page-wide copy; tests/e2e/test_print.sh)
assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A", (ws.print_title_rows, ws.print_title_cols)
# widths fit Japanese: the クラウドサービス名 column holds 介護認定審査会資料共有 (11 characters, 22 columns)
assert ws.column_dimensions["B"].width >= 22, ws.column_dimensions["B"].width
assert wb.properties.title == "承認済みクラウドサービス台帳", wb.properties.title
app = zipfile.ZipFile(sys.argv[1]).read("docProps/app.xml").decode()
assert "<Company>みらい市（デモ）</Company>" in app, app
EOF

# ---- Excel: 申請一覧 ----
KUMO_USER=takahashi run --db "$DEMO" export applications -o "$W/apps.xlsx"
expect "export applications (approver): every application" 0 "（${N_APP}件）"
pycheck "applications workbook: headers, every application, numbers numeric, dates are dates, state and decision" \
    "$W/apps.xlsx" "$N_APP" <<'EOF'
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["申請一覧", "印刷用"], wb.sheetnames
ws = wb.active
hdr = [c.value for c in ws[1]]
for h in ("申請番号", "状態", "区分", "申請部局", "申請者", "クラウドサービス名", "機密性", "利用者数", "申請日",
          "利用開始予定日", "審査結果", "承認日", "承認番号", "許可権限者", "クラウドサービス管理者"):
    assert h in hdr, h
col = {h: i for i, h in enumerate(hdr)}
rows = list(ws.iter_rows(min_row=2))
assert len(rows) == int(sys.argv[2]), len(rows)
byno = {r[0].value: r for r in rows if r[0].value}
r = byno["R7-0001"]
assert r[col["状態"]].value == "承認済"
assert r[col["区分"]].value == "機密性2以上（§8-3）"
assert r[col["利用者数"]].value == 25 and r[col["利用者数"]].data_type == "n"
assert r[col["申請日"]].value == datetime.datetime(2025, 5, 12)
assert r[col["承認日"]].value == datetime.datetime(2025, 5, 20)
assert r[col["審査結果"]].value == "承認" and r[col["承認番号"]].value == "AP-R7-0001"
r = [x for x in rows if x[col["状態"]].value == "却下"][0]  # a decision, but no 承認日
assert r[col["審査結果"]].value == "却下" and r[col["承認日"]].value is None
assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
EOF
KUMO_USER=yamamoto run --db "$DEMO" export applications -o "$W/apps-staff.xlsx"
OWN=$(sql "$DEMO" "select a.service_name from applications a join users u on u.id = a.applicant_id
                   where u.login = 'yamamoto' order by a.id")
pycheck "applications workbook holds only what the user may see (職員等: own applications)" "$W/apps-staff.xlsx" "$OWN" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
names = [r[7] for r in ws.iter_rows(min_row=2, values_only=True)]
assert names == sys.argv[2].split("\n") and "SNS公式アカウント" in names, (names, sys.argv[2])
EOF

# ---- Excel: one application as its 申請書兼許可書 ----
KUMO_USER=takahashi run --db "$DEMO" export form R7-0001 -o "$W/form.xlsx"
expect "export form R7-0001" 0 "申請書兼許可書（R7-0001）を"
pycheck "form workbook: three sheets, paper layout, 和暦 date cells, numbers, the 許可 half, A4 portrait print setup" \
    "$W/form.xlsx" <<'EOF'
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["申請書兼許可書", "確認事項", "履歴"], wb.sheetnames
assert wb.properties.title == "クラウドサービス利用申請書兼許可書 R7-0001", wb.properties.title
ws = wb["申請書兼許可書"]
assert "クラウドサービス利用申請書兼許可書" in [c.value for c in ws["A"]]
form = {}
for r in ws.iter_rows(min_row=3):
    if r[1].value is not None:
        form[r[1].value] = r[2]
# the applicant signs the 申請文: 申請日 (和暦), 所属, 職名, 氏名 (tests/e2e/test_print.sh checks the whole 様式)
sig = {r[3].value: r for r in ws.iter_rows(min_row=3) if r[3].value}
assert sig["申請者　所属"][2].value == datetime.datetime(2025, 5, 12), sig["申請者　所属"][2].value
assert "[$-411]ggge" in sig["申請者　所属"][2].number_format
names = [r[4].value for r in ws.iter_rows(min_row=3) if r[3].value == "氏名"]
assert names == ["佐藤 一郎", "高橋 健"], names     # the applicant, then the 許可権限者
assert form["クラウドサービス名"].value == "電子申請サービス"
assert form["機密性"].value == "2" and form["機密性"].data_type == "s"
assert form["利用者数"].value == 25 and form["利用者数"].data_type == "n"
for label, day in (("利用開始予定日", (2025, 7, 1)), ("承認日", (2025, 5, 20))):
    c = form[label]
    assert c.value == datetime.datetime(*day), (label, c.value)      # the cell stays a real date …
    assert "[$-411]ggge" in c.number_format and "令和元年" in c.number_format, c.number_format  # … shown in 和暦
assert isinstance(form["次回利用状況確認期限"].value, datetime.datetime)
assert form["利用終了予定日"].value == "未定"
assert form["審査結果"].value == "承認"
assert form["承認番号"].value == "AP-R7-0001"
assert form["許可権限者"].value == "高橋 健"
assert form["指名するクラウドサービス管理者"].value == "吉田 亮"
assert "29項目: 適合 29" in form["クラウドサービス利用申請時確認事項"].value
for name, rows in (("申請書兼許可書", None), ("確認事項", "$1:$1"), ("履歴", "$1:$1")):
    s = wb[name]
    assert s.page_setup.orientation == "portrait", name
    assert s.page_setup.paperSize in (9, "9"), name
    assert s.sheet_properties.pageSetUpPr.fitToPage, name
    assert s.page_setup.fitToWidth in (None, 1, "1"), name
    assert s.print_title_rows == rows, (name, s.print_title_rows)
ck = wb["確認事項"]
assert [c.value for c in ck[1]] == ["No", "番号", "区分", "確認事項", "必須", "回答", "確認内容・対策", "不適合の理由"]
items = list(ck.iter_rows(min_row=2, values_only=True))
assert len(items) == 29, len(items)  # 確認事項（機密性2以上） 2026.2
assert items[0][0] == 1 and items[0][1] == "4(1)-1" and items[0][5] == "適合", items[0]
assert all(i[5] == "適合" for i in items)
assert ck.freeze_panes == "A2" and ck.auto_filter.ref.startswith("A1:H")
h = wb["履歴"]
assert [c.value for c in h[1]] == ["日時", "操作者", "操作", "変更前", "変更後", "コメント"]
hist = list(h.iter_rows(min_row=2, values_only=True))
assert [x[2] for x in hist[:3]] == ["作成", "提出", "承認"], hist
assert hist[2][0] == datetime.datetime(2025, 5, 20, 10, 0), hist[2][0]   # a real date-time
assert hist[2][1] == "高橋 健" and hist[2][3] == "申請中" and hist[2][4] == "承認済"
assert "AP-R7-0001" in hist[2][5]
EOF
KUMO_USER=watanabe run --db "$DEMO" export form R6-0001 -o "$W/form-cond.xlsx"
pycheck "form of a 条件付承認 shows the conditions and the 不適合 item with its reason" "$W/form-cond.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
form = {r[1].value: r[2].value for r in wb["申請書兼許可書"].iter_rows(min_row=3) if r[1].value}
assert form["審査結果"] == "条件付承認"
assert "録画は庁内サーバに保存" in form["審査意見・条件"]
bad = [r for r in wb["確認事項"].iter_rows(min_row=2, values_only=True) if r[5] == "不適合"]
assert len(bad) == 1 and bad[0][1] == "4(2)-1" and bad[0][7] == "例外措置", bad   # 004 §7-4
EOF
if command -v soffice >/dev/null 2>&1; then
    # LibreOffice, when present, must show the 和暦 the number format asks for (not the serial number)
    (cd "$W" && timeout 120 soffice --headless \
        --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true" form.xlsx >/dev/null 2>&1)
    check "LibreOffice renders the form's dates in 和暦 (承認日 令和7年5月20日)" grep -q "承認日,令和7年5月20日" "$W/form.csv"
else
    ok "LibreOffice renders the form's dates in 和暦 # SKIP soffice is not installed"
fi
KUMO_USER=ito run --db "$DEMO" export form R7-0001 -o "$W/denied.xlsx"
expect "a 職員等 of another 部局 may not export the form" 3 "この申請を閲覧する権限がありません"
check "… and no file is made" test ! -e "$W/denied.xlsx"
KUMO_USER=takahashi run --db "$DEMO" export form R9-9999 -o "$W/none.xlsx"
expect "export form of an unknown number says so" 3 "申請番号又は承認番号 R9-9999 の申請が見つかりません"
KUMO_USER=kobayashi run --db "$DEMO" export form R7-0002 -o "$W/audit.xlsx"
expect "監査 may export any application's form" 0 "申請書兼許可書（R7-0002）"

# ---- CSV export: the rows of the Excel register (in use; with --all the ended ones too) ----
check "the demo has an ended service and one 終了処理中 (the --all checks below need them)" \
    test "$N_DONE" -gt 0 -a "$N_ENDING" -gt 0
KUMO_USER=takahashi run --db "$DEMO" export register --csv -o "$W/register-active.csv"
expect "export register --csv: the services in use or 終了処理中" 0 "（${N_REG}件、UTF-8 BOM付き）"
check "… ${N_ENDING} of them 終了処理中" test "$(grep -c '"終了処理中"' "$W/register-active.csv")" -eq "$N_ENDING"
check "… none of them 終了" bash -c '! grep -q "\"終了\"" "$1"' _ "$W/register-active.csv"
KUMO_USER=takahashi run --db "$DEMO" export register --csv --all -o "$W/register.csv"
expect "export register --csv --all: every service, ended ones marked 終了" 0 "（${N_SVC}件、UTF-8 BOM付き）"
check "… ${N_DONE} of them 終了" test "$(grep -c '"終了"' "$W/register.csv")" -eq "$N_DONE"
pycheck "register CSV: UTF-8 with a BOM, CRLF, the register's headers, every field quoted, every service" \
    "$W/register.csv" "$N_SVC" <<'EOF'
import sys
b = open(sys.argv[1], "rb").read()
assert b.startswith(b"\xef\xbb\xbf"), b[:10]
lines = b[3:].decode("utf-8").split("\r\n")
assert lines[-1] == "" and all("\n" not in l for l in lines)
assert lines[0] == ('"承認番号","クラウドサービス名","提供者","部局","機密性","承認日","利用開始日",'
                    '"利用終了日(予定)","クラウドサービス管理者","次回確認期限","状態","区分","変更承認日","条件"'), lines[0]
assert len(lines) == int(sys.argv[2]) + 2, len(lines)
assert [l for l in lines if l.startswith('"AP-R7-0001","電子申請サービス","株式会社みらいクラウド","総務部","2",'
                                         '"2025-05-20","2025-07-01","","吉田 亮",')], lines
# 機密性3C as such (ポリシー004 §2(1)): 健診結果管理サービス, 終了 after its 廃棄・削除完了報告
assert [l for l in lines if l.startswith('"AP-R6-0002","健診結果管理サービス","ヘルスデータ株式会社","健康福祉部","3C",')
        and '"終了","§8-3",' in l], lines
EOF
KUMO_USER=takahashi run --db "$DEMO" export register --csv --all --encoding cp932 -o "$W/register-932.csv"
pycheck "register CSV in CP932: no BOM, the same text as the UTF-8 export" "$W/register-932.csv" "$W/register.csv" <<'EOF'
import sys
a = open(sys.argv[1], "rb").read()
assert not a.startswith(b"\xef\xbb\xbf")
assert a.decode("cp932") == open(sys.argv[2], "rb").read()[3:].decode("utf-8")
EOF
KUMO_USER=watanabe run --db "$DEMO" export register --csv -o "$W/reg-head.csv"
MINE=$(sql "$DEMO" "select s.approval_no from services s join departments d on d.id = s.dept_id
                    where d.name = '市民生活部' and (s.status = 'active' or s.disposal_state = 'pending')
                    order by s.approval_no")
pycheck "a 情報セキュリティ責任者 (市民生活部) exports the register of the own 部局 only" "$W/reg-head.csv" "$MINE" <<'EOF'
import sys
rows = open(sys.argv[1], encoding="utf-8-sig", newline="").read().split("\r\n")[1:-1]
assert [r.split(",")[0].strip('"') for r in rows] == sys.argv[2].split("\n"), (rows, sys.argv[2])
assert rows and all('"市民生活部"' in r for r in rows) and any(r.startswith('"AP-R6-0001"') for r in rows), rows
EOF
KUMO_USER=kobayashi run --db "$DEMO" export register --csv --all -o "$W/reg-audit.csv"
check "監査 exports the whole register" cmp "$W/reg-audit.csv" "$W/register.csv"
KUMO_USER=takahashi run --db "$DEMO" export register --csv --encoding latin1 -o "$W/x.csv"
expect "an unknown --encoding is refused (exit 2)" 2 "utf-8 又は cp932"

# ---- CSV round trip: export → import into a new database → export again ----
FRESH="$W/fresh.db"
"$KUMO" --db "$FRESH" init --org "みらい市（デモ）" >/dev/null 2>&1 || notok "kumo init"
before=$(counts "$FRESH")
# AP-R7-0001 is on line 3 of the export (the register is in 承認番号 order, AP-R6-0001 first)
run --db "$FRESH" import register "$W/register.csv" --dry-run --create-missing
expect "dry run reports errors, notes and the summary, and says nothing was written" 0 \
    "（ドライラン: 書き込みは行っていません）" "行 4 列「部局」: 部局「総務部」を作成します" "取込予定 ${N_SVC}件"
check "… without a line per good row (that is --verbose)" bash -c '! grep -q "取込予定 AP-" <<<"$1"' _ "$OUT"
run --db "$FRESH" import register "$W/register.csv" --dry-run --create-missing --verbose
expect "dry run --verbose lists every row" 0 \
    "（ドライラン: 書き込みは行っていません）" "行 4: 取込予定 AP-R7-0001「電子申請サービス」（総務部）" \
    "行 4 列「部局」: 部局「総務部」を作成します" "取込予定 ${N_SVC}件"
check "dry run writes nothing" test "$(counts "$FRESH")" = "$before"
run --db "$FRESH" import register "$W/register.csv"
expect "without --create-missing unknown 部局 and managers are errors" 3 \
    "行 4 列「部局」: 部局「総務部」がありません（--create-missing で作成）" \
    "行 4 列「クラウドサービス管理者」: 利用者「吉田 亮」がいません（--create-missing で作成）" "何も書き込んでいません"
check "… and nothing is written" test "$(counts "$FRESH")" = "$before"
run --db "$FRESH" import register "$W/register.csv" --create-missing
expect "import --create-missing brings every service in" 0 "取込 ${N_SVC}件"
run --db "$FRESH" export register --csv --all -o "$W/register-again.csv"
check "round trip: the register (--all) exported from the new database is byte-identical" cmp "$W/register.csv" "$W/register-again.csv"
run --db "$FRESH" export register --csv -o "$W/register-active-again.csv"
check "… and so is the register of services in use" cmp "$W/register-active.csv" "$W/register-active-again.csv"
check "ended services come back ended" test "$(sql "$FRESH" "select count(*) from services where status = 'terminated'")" = "$N_ENDED"
check "… those 終了処理中 still wait for their 廃棄・削除完了報告" \
    test "$(sql "$FRESH" "select count(*) from services where disposal_state = 'pending'")" = "$N_ENDING"
# 区分, 変更承認日 and 条件 (issue 9): 区分 must agree with the 機密性, the 変更承認日 not precede the 承認日; both
# kept as imported, and a file with the first eleven columns only is still read
X="$W/x9.db"
"$KUMO" --db "$X" init --org テスト市 >/dev/null 2>&1 || notok "kumo init x9"
printf '%s\r\n' '承認番号,クラウドサービス名,提供者,部局,機密性,承認日,利用開始日,区分,変更承認日,条件' \
    'AP-X-0001,甲サービス,甲社,総務部,1,2025-04-01,2025-05-01,§8-3,,' \
    'AP-X-0002,乙サービス,乙社,総務部,2,2025-04-01,2025-05-01,§8-3,2025-03-01,' >"$W/x9-bad.csv"
run --db "$X" import register "$W/x9-bad.csv" --create-missing
expect "区分 that disagrees with the 機密性, a 変更承認日 before the 承認日: refused, each named" 3 \
    "行 2 列「区分」: 「§8-3」は機密性 1 の区分（§8-4）と合いません" \
    "行 3 列「変更承認日」: 変更承認日（2025-03-01）が承認日（2025-04-01）より前です" "何も書き込んでいません"
printf '%s\r\n' '承認番号,クラウドサービス名,提供者,部局,機密性,承認日,利用開始日,区分,変更承認日,条件' \
    'AP-X-0002,乙サービス,乙社,総務部,3B,2025-04-01,2025-05-01,§8-3,2026-02-01,個人情報は国内に保存する' >"$W/x9.csv"
run --db "$X" import register "$W/x9.csv" --create-missing
expect "区分, 変更承認日 and 条件 imported" 0 "取込 1件"
run --db "$X" export register --csv -o -
expect "… and exported as they were" 0 \
    '"AP-X-0002","乙サービス","乙社","総務部","3B","2025-04-01","2025-05-01","","","2026-04-01","要対応","§8-3","2026-02-01","個人情報は国内に保存する"'

after=$(counts "$FRESH")
run --db "$FRESH" import register "$W/register.csv" --create-missing --verbose
expect "importing the same file twice skips every row" 0 "取込 0件、既に登録済み（スキップ） ${N_SVC}件" \
    "行 4: 既に登録済み（スキップ） AP-R7-0001「電子申請サービス」"
check "… and creates no duplicate" test "$(counts "$FRESH")" = "$after"
check "each imported service has one 取込 history row" test \
    "$(sql "$FRESH" "select count(*) from history where action = '取込' and service_id is not null")" = "$N_SVC"

# ---- UTF-8 with BOM: columns in reverse order, YYYY/M/D dates, 終了, formula-like text, quotes and commas ----
G="$W/good.db"
"$KUMO" --db "$G" init --org テスト市 >/dev/null 2>&1
run --db "$G" import register "$CORPUS/good_utf8_bom.csv" --create-missing
expect "UTF-8-with-BOM file (columns in any order) imports" 0 "（UTF-8（BOM付き））" "取込 4件"
run --db "$G" import register "$CORPUS/good_cp932.csv" --create-missing
expect "CP932 file (as Japanese Excel saves it) is detected and imports" 0 "（CP932）" "取込 2件"
run --db "$G" import register "$CORPUS/good_cp932.csv" --encoding cp932
expect "--encoding cp932 reads it too (and skips what is there)" 0 "既に登録済み（スキップ） 2件"
before=$(counts "$G")
run --db "$G" import register "$CORPUS/good_cp932.csv" --encoding utf-8
expect "--encoding utf-8 on a CP932 file is refused" 3 "UTF-8 として正しくないバイト"
check "… and nothing is written" test "$(counts "$G")" = "$before"
run --db "$G" export register --all -o "$W/good.xlsx"
run --db "$G" export register --csv --all -o "$W/good.csv"
pycheck "imported values: a typed =1+1 stays a text cell, CP932 text intact, dates normalised, 終了 kept" \
    "$W/good.xlsx" "$W/good.csv" <<'EOF'
import sys, datetime, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
c = rows["=1+1"][1]
assert c.data_type == "s" and c.value == "=1+1", (c.data_type, c.value)   # text, never a formula
assert rows["=1+1"][2].value == "=cmd|' /C calc'!A0" and rows["=1+1"][2].data_type == "s"
assert rows["=1+1"][0].value == "AP-R8-0001"            # no 承認番号 given: numbered like an approval (年度 of 承認日)
assert rows["=1+1"][5].value == datetime.datetime(2026, 4, 15)   # 2026/4/15 → a date
assert rows["旧文書管理"][10].value == "終了"
assert rows["カンマ, を含む名前"][2].value == '株式会社"引用"'
assert rows["電子契約サービス①"][2].value == "株式会社～けいやく～"
assert rows["電子契約サービス①"][4].value == "2"        # 全角 ２ normalised
assert rows["髙橋さんの議事録ツール"][3].value == "市民生活部"
csv = open(sys.argv[2], encoding="utf-8-sig").read()
assert '"\'=1+1","\'=cmd|\' /C calc\'!A0"' in csv, csv        # neutralised in the CSV export
assert '"カンマ, を含む名前","株式会社""引用"""' in csv
EOF
G2="$W/good2.db"
"$KUMO" --db "$G2" init --org テスト市 >/dev/null 2>&1
run --db "$G2" import register "$W/good.csv" --create-missing
run --db "$G2" export register --csv --all -o "$W/good-again.csv"
check "round trip keeps neutralised formulas, quotes, commas and ended services identical" cmp "$W/good.csv" "$W/good-again.csv"

# ---- the malformed corpus: one defect per file, each refused whole with its message ----
before=$(counts "$DEMO")
while IFS='|' read -r file want; do
    case "$file" in '' | '#'*) continue ;; esac
    KUMO_USER=kato run --db "$DEMO" import register "$CORPUS/$file"
    expect "corpus $file: exit 3 and «$want»" 3 "$want"
    KUMO_USER=kato run --db "$DEMO" import register "$CORPUS/$file" --dry-run
    expect "corpus $file --dry-run: the same message" 3 "$want"
    check "corpus $file: nothing written" test "$(counts "$DEMO")" = "$before"
done <"$CORPUS/EXPECTED"
KUMO_USER=kato run --db "$DEMO" import register "$CORPUS/bad_unknown_dept.csv" --create-missing --dry-run
expect "with --create-missing the unknown 部局 row is valid (the corpus file has that one defect only)" 0 \
    "行 3 列「部局」: 部局「観光部」を作成します" "取込予定 3件"
KUMO_USER=kato run --db "$DEMO" import register "$W/no-such-file.csv"
expect "a missing file is a clear error" 3 "ファイルがありません"

# ---- who may import ----
for who in kobayashi sato suzuki; do
    KUMO_USER=$who run --db "$DEMO" import register "$W/register.csv" --dry-run
    expect "$who may not import the register" 3 "台帳の取込はシステム管理者又は統括情報セキュリティ責任者・CISO が行います"
done
KUMO_USER=takahashi run --db "$DEMO" import register "$W/register.csv" --dry-run
expect "the 統括情報セキュリティ責任者 may (every row is already registered)" 0 "既に登録済み（スキップ） ${N_SVC}件"

# ---- many rows (the size itself is measured by make bench: tests/bench/bench.sh) ----
"$PYS" - "$W/big.csv" <<'EOF'
import sys
depts = ["総務部", "企画部", "市民生活部", "健康福祉部"]
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write("承認番号,クラウドサービス名,提供者,部局,機密性,承認日,利用開始日,利用終了日(予定),"
            "クラウドサービス管理者,次回確認期限,状態\r\n")
    for i in range(600):
        no = f"AP-BIG-{i + 1:05d}" if i % 2 == 0 else ""
        end = "2027/3/31" if i % 7 == 0 else ""
        f.write(f"{no},サービス{i + 1},株式会社テスト{i % 97},{depts[i % 4]},{['1', '2', '3B', '3C'][i % 4]},"
                f"2026/4/{1 + i % 28},2026-05-01,{end},管理者{i % 50},,{'終了' if i % 5 == 0 else ''}\r\n")
EOF
BIG="$W/big.db"
"$KUMO" --db "$BIG" init --org テスト市 >/dev/null 2>&1
run --db "$BIG" import register "$W/big.csv" --create-missing
expect "a 600-row file imports in one go" 0 "取込 600件" "管理者の作成 50件"
check "600 services, 600 取込 history rows" test "$(counts "$BIG" | cut -d'|' -f1,4)" = "600|600"
run --db "$BIG" import register "$W/big.csv" --create-missing
expect "re-importing the 600 rows adds nothing" 0 "取込 0件、既に登録済み（スキップ） 600件"
check "… still 600 services" test "$(counts "$BIG" | cut -d'|' -f1)" = 600
"$PYS" - "$W/big.csv" "$W/big-bad.csv" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
lines = text.replace(",サービス", ",別サービス").replace("AP-BIG-", "AP-NEW-").split("\r\n")
lines[501] = lines[501].replace("2026-05-01", "2026-13-01")   # line 502 of the file
open(sys.argv[2], "w", encoding="utf-8", newline="").write("\r\n".join(lines))
EOF
before=$(counts "$BIG")
run --db "$BIG" import register "$W/big-bad.csv" --create-missing
expect "one bad row among 600 new ones is reported by its line" 3 \
    "行 502 列「利用開始日」: 「2026-13-01」は実在する日付ではありません" "誤りのある行が 1 行あるため、何も書き込んでいません"
check "… and none of the 599 good rows is written" test "$(counts "$BIG")" = "$before"

# ---- CP932 export of text CP932 cannot hold ----
U="$W/utf.db"
"$KUMO" --db "$U" init --org テスト市 >/dev/null 2>&1
printf '\xef\xbb\xbfクラウドサービス名,部局,機密性,承認日,利用開始日\r\nCafé 予約,総務部,1,2026-04-01,2026-04-01\r\n' >"$W/cafe.csv"
run --db "$U" import register "$W/cafe.csv" --create-missing
expect "a file with only the required columns imports" 0 "取込 1件"
printf 'KEEP' >"$W/keep932.csv"
run --db "$U" export register --csv --encoding cp932 -o "$W/keep932.csv"
expect "CP932 export names the character it cannot write, its row and column" 3 "2行目（AP-R8-0001）「クラウドサービス名」: é U+00E9" "--encoding utf-8" "--replace"
check "… and leaves the old file as it was" test "$(cat "$W/keep932.csv")" = KEEP
check "… with no temporary file left behind" bash -c '! ls "$1"/keep932.csv.tmp* >/dev/null 2>&1' _ "$W"

# ---- failures leave an existing file untouched ----
KUMO_USER=takahashi run --db "$DEMO" export register -o "$W/no/such/folder/r.xlsx"
expect "an xlsx into a missing folder fails with the reason" 3 "$W/no/such/folder/r.xlsx に書き込めません"
KUMO_USER=takahashi run --db "$DEMO" export register --csv -o "$W/no/such/folder/r.csv"
expect "a CSV into a missing folder fails with the reason" 3 "書き込めません（フォルダがありません）"
# A full disk, as a file-size limit (ulimit -f, SIGXFSZ ignored so that write() fails with EFBIG): the database is
# only read, and every export below is bigger than the limit. libxlsxwriter itself ignores these write errors.
FULL="$W/full.db"
"$KUMO" --db "$FULL" demo --rows 3000 >/dev/null 2>&1
for kind in "register" "applications" "register --csv" "register --csv --encoding cp932"; do
    ext=xlsx
    case "$kind" in *--csv*) ext=csv ;; esac
    printf 'ORIGINAL CONTENT\n' >"$W/keep.$ext"
    cp "$W/keep.$ext" "$W/keep.ref"
    # shellcheck disable=SC2086
    OUT=$(trap '' XFSZ; ulimit -f 64; KUMO_USER=takahashi "$KUMO" --db "$FULL" export $kind -o "$W/keep.$ext" 2>&1)
    RC=$?
    expect "export $kind past a full disk: exit 3 and a clear message" 3 "書き込めません" "既存のファイルは変更していません"
    check "export $kind past a full disk: the existing file is byte-identical" cmp "$W/keep.$ext" "$W/keep.ref"
    check "export $kind past a full disk: no temporary file left" bash -c '! ls "$1"/keep.'"$ext"'.tmp* >/dev/null 2>&1' _ "$W"
done
KUMO_USER=takahashi run --db "$FULL" export register -o "$W/full.xlsx"
pycheck "the same export without the limit is complete (the check does not refuse good files)" "$W/full.xlsx" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).active
assert ws.max_row > 1500, ws.max_row
EOF
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$W/ro" && printf 'ORIGINAL\n' >"$W/ro/r.xlsx" && chmod 555 "$W/ro"
    KUMO_USER=takahashi run --db "$DEMO" export register -o "$W/ro/r.xlsx"
    expect "an unwritable folder: exit 3 and the reason" 3 "書き込めません"
    check "… the existing file untouched" test "$(cat "$W/ro/r.xlsx")" = ORIGINAL
    chmod 755 "$W/ro"
else
    ok "unwritable folder as an ordinary user # SKIP running as root (permissions do not apply)"
fi

# ---- every database these exports and imports wrote to: its audit trail still verifies ----
KUMO_USER=kato run --db "$DEMO" audit verify
expect "the demo's audit trail verifies after the imports into it" 0 "監査証跡は完全です"
for db in "$FRESH" "$G" "$G2"; do
    run --db "$db" audit verify
    expect "the audit trail of $(basename "$db") verifies after its imports" 0 "監査証跡は完全です"
done

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
