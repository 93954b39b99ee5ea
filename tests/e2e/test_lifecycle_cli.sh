#!/usr/bin/env bash
# The life of an approved service driven headless, as a script or cron would (規定003 §4(4)③, §4(8)):
# a manager records a review with 変更あり, it waits for a response, the 統括 answers it; the manager is re-designated;
# a 終了連絡 is filed, refused to its filer, accepted, and the service leaves the active register; the 年次利用状況確認
# workbook has one row per service and a 集計 sheet. Run by tests/run.sh (KUMO_TODAY=2026-11-23).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-lc.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
DB="$T/demo.db"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
as() { local u=$1; shift; KUMO_USER=$u "$KUMO" --db "$DB" "$@" 2>&1; }

PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done

"$KUMO" --db "$DB" demo >/dev/null || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }
# A checklist answered item by item as a file (kumo checklist KEY gives its items): every item 適合 with its 確認内容.
answers_file() { KUMO_USER=takahashi "$KUMO" --db "$1" checklist "$2" | sed 's/^"\([^"]*\)","","",/"\1","適合","手順書・記録簿で確認",/' >"$3"; }
answers_file "$DB" operate "$T/operate.csv"
answers_file "$DB" retire "$T/retire.csv"

# ---- 利用状況確認 with 変更あり by the designated manager (電子申請サービス: 吉田) ----
out=$(as sato review AP-R7-0001 --date 2026-11-20 --status 変更あり --change-detail 利用者を追加 --answers-file "$T/operate.csv"); rc=$?
check "another 部局長 may not record the review" "$rc" 3
has "…with the rule" "$out" "規定003 §4(8)"
out=$(as yoshida review AP-R7-0001 --date 2026-11-20 --status 変更あり --users 40 --answers-file "$T/operate.csv"); rc=$?
check "変更あり without 変更の内容 is refused" "$rc" 3
has "…naming the field" "$out" "「変更の内容」を入力してください"
out=$(as yoshida review AP-R7-0001 --date 2026-11-20 --status 変更あり --users 40 \
      --change-detail "窓口の職員も利用するため利用者を追加した" --answers-file "$T/operate.csv"); rc=$?
check "the manager records the review" "$rc" 0
has "…and the due date moves to 2027-11-20" "$out" "次回確認期限: 2027-11-20"
out=$(as takahashi review list AP-R7-0001)
has "the review awaits a response" "$out" $'2026-11-20\t吉田 亮\t変更あり\t利用者数 40'
has "…marked 要対応" "$out" "要対応"
out=$(as yoshida review respond AP-R7-0001 --comment 了解); rc=$?
check "the reviewer may not answer their own review (兼務の禁止)" "$rc" 3
has "…with the rule" "$out" "兼務の禁止"
out=$(as takahashi review respond AP-R7-0001 --comment "利用者の追加を確認した"); rc=$?
check "the 統括 records the response" "$rc" 0
has "…and the review is 対応済" "$(as takahashi review list AP-R7-0001)" "対応済"

# ---- a service the user may not see: the UI's rule (q_service), before any step ----
out=$(as suzuki terminate AP-R7-0001 --end-date 2027-03-31 --plan 作成済 --notice-date 2027-03-01 --accounts-deleted); rc=$?
check "a 職員等 of another 部局 may not open the service" "$rc" 3
has "…told it is not theirs to see" "$out" "このサービスを閲覧する権限がありません"

# ---- re-designation ----
out=$(as sato manager AP-R7-0001 ito); rc=$?
check "a 部局長 may not re-designate the manager" "$rc" 3
out=$(as takahashi manager AP-R7-0001 ito --reason 人事異動); rc=$?
check "the 統括 re-designates the manager" "$rc" 0
has "…to 伊藤" "$out" "伊藤 大輔 に変更しました"
out=$(as yoshida review AP-R7-0001 --date 2026-11-21 --status 継続 --answers-file "$T/operate.csv"); rc=$?
check "the former manager may no longer review" "$rc" 3

# ---- 終了連絡 and 受理 (オンライン会議サービス, past its 利用終了予定日) ----
out=$(as watanabe terminate AP-R6-0001 --end-date 2026-03-31 --plan 不要 --notice-date 2026-03-01 \
      --disposal 暗号化消去 --accounts-deleted --answers-file "$T/retire.csv"); rc=$?
check "不要 without a reason is refused" "$rc" 3
has "…naming the field" "$out" "「不要の理由」"
out=$(as watanabe terminate AP-R6-0001 --end-date 2026-03-31 --plan 作成済 --notice-date 2026-03-01 \
      --accounts-deleted --answers-file "$T/retire.csv"); rc=$?
check "機密性2 without 情報の廃棄方法 is refused" "$rc" 3
has "…naming the rule" "$out" "「情報の廃棄方法」"
out=$(as watanabe terminate AP-R6-0001 --end-date 2026-03-31 --plan 作成済 --notice-date 2026-03-01 \
      --disposal 暗号化消去 --accounts-deleted --answers-file "$T/retire.csv"); rc=$?
check "the 情報セキュリティ責任者 files the 終了連絡" "$rc" 0
has "…and is told who will accept it, by name (003 §4(4)③)" "$out" "高橋 健（統括情報セキュリティ責任者）又は中村 修（CISO）の受理を待ちます"
out=$(as watanabe terminate accept AP-R6-0001); rc=$?
check "the filer may not accept it" "$rc" 3
out=$(as takahashi terminate accept AP-R6-0001 --comment 確認済); rc=$?
check "the 統括 accepts it" "$rc" 0
has "…and says it is 終了処理中 until its 廃棄・削除完了報告 (003 §4(7))" "$out" "廃棄・削除完了報告が受理されるまで終了処理中"
out=$(as watanabe review AP-R6-0001 --date 2026-11-20 --status 継続 --answers-file "$T/operate.csv"); rc=$?
check "a terminated service takes no review" "$rc" 3
out=$(as takahashi export register --csv -o - 2>/dev/null | grep -F '"AP-R6-0001"')
has "the register still lists it, 終了処理中 with its 終了日" "$out" '"2026-03-31","渡辺 直子","2026-03-17","終了処理中"'
out=$(as watanabe disposal AP-R6-0001 --date 2026-04-10 --worker "市民生活部 渡辺" --method 暗号化消去 \
      --confirmation 抹消措置の完了証明書 --evidence "データ抹消証明書 GM-2026-001" --copies 削除済 --accounts-deleted); rc=$?
check "the 情報セキュリティ責任者 reports the 廃棄・削除完了" "$rc" 0
has "…and is told who will accept it, by name (003 §4(7))" "$out" "高橋 健（統括情報セキュリティ責任者）又は中村 修（CISO）が受理するとサービスは終了です"
out=$(as takahashi disposal accept AP-R6-0001); rc=$?
check "the 統括 accepts the report" "$rc" 0
has "…and the service is 終了" "$out" "サービスは終了です"

# ---- workbooks ----
as takahashi export register -o "$T/register.xlsx" >/dev/null || ng "export register"
as takahashi export reviews --fy 2026 -o "$T/reviews.xlsx" >/dev/null || ng "export reviews"
out=$(as ito export reviews --fy 2026 -o "$T/ito.xlsx"); rc=$?
check "a 職員等 may not export the 年次利用状況確認" "$rc" 3
out=$(as takahashi export reviews --fy R8 -o "$T/r8.xlsx"); rc=$?
check "--fy R8 is 令和8年度 (issue 11)" "$rc" 0
case "$out" in *令和8年度の年次利用状況確認*) ok "… and says 令和8年度" ;; *) ng "… and says 令和8年度" "$out" ;; esac
out=$(as takahashi export reviews --fy 令和8 -o "$T/r8b.xlsx"); rc=$?
check "--fy 令和8 too" "$rc" 0
out=$(as takahashi export reviews --fy R -o "$T/x.xlsx" 2>&1); rc=$?
check "--fy R (no year) is a usage error" "$rc" 2
if [ -z "$PY" ]; then
    ng "python3 with openpyxl is needed to read the workbooks (make deps installs python3-openpyxl)"
else
    out=$("$PY" - "$T/register.xlsx" "$T/reviews.xlsx" <<'PYEOF'
import sys, openpyxl
reg = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
head = None
active = []
for row in reg.iter_rows(values_only=True):
    if head is None:
        head = list(row); continue
    r = dict(zip(head, row))
    if r.get("承認番号") == "AP-R6-0001" and r.get("状態") != "終了":
        active.append(r)
print("register-active-R6-0001:", len(active))
wb = openpyxl.load_workbook(sys.argv[2], read_only=True)
print("sheets:", ",".join(ws.title for ws in wb.worksheets))
lst = wb["年次利用状況確認"]
rows = list(lst.iter_rows(values_only=True))
head = list(rows[0])
byno = {r[0]: dict(zip(head, r)) for r in rows[1:]}
print("rows:", len(byno))
print("R6-0001 listed:", "AP-R6-0001" in byno)
r = byno["AP-R7-0001"]
print("R7-0001:", r["確認状況"], r["利用状況"], r["利用者数"], r["対応"], r["次回確認期限"].date())
print("R7-0002:", byno["AP-R7-0002"]["確認状況"], byno["AP-R7-0002"]["対応"])
s = wb["集計"]
for row in s.iter_rows(values_only=True):
    if row and row[0] == "合計":
        print("total:", row[1:])
PYEOF
)
    has "the terminated service is no longer an active register row" "$out" "register-active-R6-0001: 0"
    has "reviews workbook has the list, its 印刷用 copy and the 集計" "$out" "sheets: 年次利用状況確認,印刷用,集計"
    # 年度 2026: 7 services in use (オンライン会議 ended on 2026-03-31, before the 年度; 災害情報共有 approved
    # 2026-11-20; 学習支援 begins on 2027-04-01, in 年度 2027: 規定003 §4(8))
    has "one row per service of the 年度" "$out" "rows: 7"
    has "a service ended before the 年度 is not listed" "$out" "R6-0001 listed: False"
    has "the review, its response and the due date" "$out" "R7-0001: 実施済 変更あり 40 利用者の追加を確認した 2027-11-20"
    has "the demo's review awaiting a response" "$out" "R7-0002: 要対応 （対応待ち）"
    # 未実施 施設予約・地図作成・災害情報共有; 実施済 電子申請・電子契約・庁内チャット; 要対応 介護認定
    has "集計: totals by status" "$out" "total: (3, 3, 1, 7)"
fi

# ---- the audit trail holds every step above, and nothing else changed the record ----
out=$(as kobayashi audit verify); rc=$?
check "the audit trail verifies after the whole life of the services" "$rc" 0
has "…and says so" "$out" "監査証跡は完全です"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
