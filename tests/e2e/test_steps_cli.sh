#!/usr/bin/env bash
# The steps issue 9 adds, driven headless as a script or cron would, on the demo database (KUMO_TODAY=2026-11-23):
#   導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)): the register says 構築確認待ち until the manager records it
#   item by item from an answers file; `kumo due` lists it once the 利用開始日 has passed.
#   例外措置 (ポリシー004 §7-4): the CISO's queue, permission (not by the 統括), the register of exceptions and who
#   reads it, the 事後報告 of an emergency approval overdue until the CISO records it, the periodic re-check, the
#   workbook.
# Run by tests/run.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-steps.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
DB="$T/demo.db"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
hasnt() { if grep -qF -- "$3" <<<"$2"; then ng "$1" "unexpected [$3] in:
$2"; else ok "$1"; fi; }
as() { local u=$1; shift; KUMO_USER=$u "$KUMO" --db "$DB" "$@" 2>&1; }
register_row() { as takahashi export register --csv -o "$T/reg.csv" >/dev/null && grep -F "\"$1\"" "$T/reg.csv"; }
PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done

"$KUMO" --db "$DB" demo >/dev/null || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# ---- 導入・構築時確認 (学習支援プラットフォーム AP-R8-0002: approved 2026-10-20, 利用開始 2027-04-01, 松本) ----
has "approved, not yet checked: the register says 構築確認待ち" "$(register_row AP-R8-0002)" '"構築確認待ち"'
out=$(KUMO_TODAY=2027-04-02 as takahashi due); rc=$?
has "after the 利用開始日 kumo due lists it (003 §4(5))" "$out" $'構築時確認未記録\tAP-R8-0002\t学習支援プラットフォーム'
check "…as overdue (exit 1)" "$rc" 1
hasnt "before it, it is not listed" "$(as takahashi due)" "構築時確認未記録"

# the answers, item by item, as the template lists them (a header, then code,answer,note)
{
    echo "code,answer,note"
    for c in 4\(5\)-1a 4\(5\)-1b 4\(5\)-1c 4\(5\)-1d 4\(5\)-1e 4\(5\)-2a 4\(5\)-3a 4\(5\)-3b 4\(5\)-3c 4\(5\)-3d \
             4\(5\)-3e 4\(5\)-3f 4\(5\)-3g 4\(5\)-3h 8-3\(6\)-1e 8-3\(6\)-2 8-3\(6\)-3a 8-3\(6\)-3b; do
        echo "$c,適合,設定確認書 第1版で確認"
    done
    echo "4(5)-1f,該当なし,インターネットからの直接接続はしない"
} >"$T/build.csv"
out=$(as takahashi build-check AP-R8-0002 --date 2026-11-20 --answers "$T/build.csv"); rc=$?
check "the 統括 may not record it" "$rc" 3
has "…only the designated manager (004 §8-3(6)④)" "$out" "§8-3(6)④"
out=$(as matsumoto build-check AP-R8-0002 --date 2026-11-20 --answers "$T/build.csv"); rc=$?
check "an item missing from the file is refused" "$rc" 3
has "…naming the item" "$out" "8-3(6)-3c"
echo "8-3(6)-3c,不適合,復旧手順は12月に整備する" >>"$T/build.csv"
out=$(as matsumoto build-check AP-R8-0002 --date 2026-10-01 --answers "$T/build.csv"); rc=$?
check "a 確認日 before the 承認日 is refused" "$rc" 3
has "…naming the field and the rule" "$out" "「確認日」は承認日（2026-10-20）以降"
printf 'code,answer\n4(5)-1a,OK\n' >"$T/bad.csv"
out=$(as matsumoto build-check AP-R8-0002 --date 2026-11-20 --answers "$T/bad.csv"); rc=$?
check "a malformed answers file is refused" "$rc" 3
has "…naming the file's line" "$out" "2 行目"
out=$(as matsumoto build-check AP-R8-0002 --date 2026-11-20 --answers "$T/build.csv" --remarks "設定確認書 第1版"); rc=$?
check "the manager records the 導入・構築時確認" "$rc" 0
has "…with its date" "$out" "導入・構築時確認を記録しました（確認日 2026-11-20）"
has "the register no longer says 構築確認待ち" "$(register_row AP-R8-0002)" '"承認済"'
out=$(as matsumoto build-check AP-R8-0002 --date 2026-11-21 --answers "$T/build.csv"); rc=$?
check "it is recorded once" "$rc" 3
out=$(KUMO_TODAY=2027-04-02 as takahashi due)
hasnt "kumo due no longer lists it after the 利用開始日" "$out" "構築時確認未記録"
has "the service's history has the step" \
    "$(sqlite3 "$DB" "SELECT h.action || ' ' || h.comment FROM history h JOIN services s ON s.id = h.service_id WHERE s.approval_no = 'AP-R8-0002'")" \
    "導入・構築時確認 確認日 2026-11-20／クラウドサービス利用におけるチェックリスト（導入・構築時） 版 2026.2／不適合 1件"
out=$(as suzuki build-check AP-R8-0001 --date 2026-11-20 --answers "$T/build.csv"); rc=$?
check "a 機密性1 service has no 導入・構築時確認 (004 §8-4)" "$rc" 3
has "…saying so" "$out" "§8-4"

# ---- 例外措置 (ポリシー004 §7-4) ----
# R8-0009 オンライン相談サービス: 保存場所 国外, 準拠法 外国, 4(1)-3e 不適合 — submitted, waiting for the CISO
out=$(as nakamura exception list --waiting)
has "the CISO's queue lists the application" "$out" $'R8-0009\tオンライン相談サービス\t健康福祉部\t2026-11-19'
has "the application says where its exception stands" "$(as takahashi show R8-0009)" $'例外措置\tCISOの許可待ち'
out=$(as takahashi exception grant R8-0009 --reason 代替がない --conditions 国内に写しを保存 --until 2027-11-20 --recheck 2027-05-20); rc=$?
check "the 統括 may not permit the exception" "$rc" 3
has "…the CISO does (004 §7-4(1))" "$out" "§7-4(1)"
out=$(as nakamura exception grant R8-0009 --reason 代替がない --conditions 国内に写しを保存 --until 2027-11-20 --recheck 2028-05-20); rc=$?
check "a re-check date beyond the interval is refused" "$rc" 3
has "…naming the field and the rule" "$out" "「次回確認日」"
out=$(as nakamura exception grant R8-0009 --reason "住民の相談を継続するため代替がない" --conditions "相談記録は庁内サーバに保存する" \
      --until 2027-11-20 --recheck 2027-05-20); rc=$?
check "the CISO permits it" "$rc" 0
has "…with its number and dates" "$out" "EX-R8-0003（有効期限 2027-11-20、次回確認日 2027-05-20）"
has "the application now says so" "$(as takahashi show R8-0009)" $'例外措置\t許可済 EX-R8-0003'
hasnt "…and the CISO's queue is empty" "$(as nakamura exception list --waiting)" "R8-0009"
out=$(as nakamura exception refuse R8-0009 --reason 後から); rc=$?
check "a decision is made once per submission" "$rc" 3

# the register of exceptions: CISO, 統括 and 監査 read it; nobody else
out=$(as kobayashi exception list)
has "監査 reads the register" "$out" $'EX-R6-0001\t許可\t通常\tR6-0001\tAP-R6-0001\tオンライン会議サービス\t2027-04-10\t2027-01-29\t中村 修'
has "…the emergency one awaiting its report" "$out" $'EX-R8-0002\t事後報告待ち\t緊急\tR8-0010\tAP-R8-0003\t災害情報共有サービス'
has "…the refused one" "$out" $'EX-R8-0001\t不許可\t通常\tR8-0006'
has "…and counts them" "$out" "例外措置 4件"
# the count line is a whole line (ends in a newline) in every form of the list, so that scripts can read it
for opt in "" --open --waiting; do
    KUMO_USER=nakamura "$KUMO" --db "$DB" exception list $opt >"$T/exc-list.txt" 2>/dev/null
    check "kumo exception list ${opt:-(all)}: the count line ends in a newline" \
        "$(tail -n 1 "$T/exc-list.txt" | cut -d' ' -f1)|$(tail -c 1 "$T/exc-list.txt" | od -An -c | tr -d ' ')" \
        "$([ "$opt" = --waiting ] && echo 例外措置の許可待ち || echo 例外措置)|\n"
done
out=$(as sato exception list); rc=$?
check "a 部局長 does not read the register" "$rc" 3
out=$(as kato exception list); rc=$?
check "nor the システム管理者" "$rc" 3

# the emergency approval of 災害情報共有サービス (R8-0010) waits for the CISO's record of the 事後報告 (§7-4(2))
out=$(as nakamura due); rc=$?
has "the 事後報告 is overdue for the CISO" "$out" $'例外措置事後報告待ち EX-R8-0002\tAP-R8-0003'
out=$(as takahashi exception report EX-R8-0002 --reason 認める --conditions なし --until 2027-03-31 --recheck 2027-02-26); rc=$?
check "the 統括 who approved first does not record the report" "$rc" 3
out=$(as nakamura exception report R8-0010 --reason "台風対応として緊急性を認める" --conditions "個人情報を登録しない" \
      --until 2027-03-31 --recheck 2027-02-26); rc=$?
check "the CISO records the 事後報告 (found by the 申請番号)" "$rc" 0
hasnt "…and it is no longer overdue" "$(as nakamura due)" "例外措置事後報告待ち"

# the periodic re-check (§7-4(3)) of オンライン会議サービス's exception falls due on 2027-01-29
out=$(KUMO_TODAY=2027-02-01 as nakamura due)
has "a passed re-check date is listed" "$out" $'例外措置定期確認超過 EX-R6-0001\tAP-R6-0001'
out=$(KUMO_TODAY=2027-02-01 as nakamura exception recheck EX-R6-0001 --date 2027-02-01 --next 2027-04-01 \
      --note "条件の遵守を確認した"); rc=$?
check "the CISO records the re-check" "$rc" 0
hasnt "…and it is no longer listed" "$(KUMO_TODAY=2027-02-01 as nakamura due)" "例外措置定期確認超過"

# the workbook of the register
as takahashi export exceptions -o "$T/exceptions.xlsx" >/dev/null || ng "export exceptions"
if [ -n "$PY" ]; then
    out=$("$PY" - "$T/exceptions.xlsx" <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
head = list(rows[0])
print("head:", ",".join(head[:4]), head[11], head[12])
by = {r[0]: dict(zip(head, r)) for r in rows[1:]}
print("rows:", len(by))
e = by["EX-R8-0003"]
print("EX-R8-0003:", e["状態"], e["申請番号"], e["有効期限"].date(), e["次回確認日"].date(), e["許可・不許可（CISO）"])
print("EX-R6-0001 checked:", by["EX-R6-0001"]["最終確認日"].date(), by["EX-R6-0001"]["確認結果"])
PYEOF
)
    has "the workbook heads its columns" "$out" "head: 例外措置番号,対象,種別,状態 有効期限 次回確認日"
    has "…one row per exception" "$out" "rows: 4"
    has "…with its application, validity and re-check date (dates as dates)" "$out" "EX-R8-0003: 許可 R8-0009 2027-11-20 2027-05-20 中村 修"
    has "…and the last re-check" "$out" "EX-R6-0001 checked: 2027-02-01 条件の遵守を確認した"
else
    ng "python3 with openpyxl is needed to read the workbook"
fi

# 規定003 §5: the yearly review of the regulation (the 確認事項 templates), recorded by the 統括, read by 監査
out=$(as kato regulation review --date 2026-11-20 --outcome 改訂不要 --note 照合した 2>&1); rc=$?
check "the システム管理者 does not record the review of the regulation (exit 3)" "$rc" 3
has "…and is told who does (003 §5)" "$out" "統括情報セキュリティ責任者（又はCISO）が記録します（規定003 §5）"
out=$(as takahashi regulation list); rc=$?
check "no review yet: said, exit 0" "$rc:$out" "0:規定の見直しの記録はまだありません（少なくとも年に一度: 規定003 §5）"
out=$(as takahashi regulation review --date 2026-11-20 --outcome 改訂不要 --note "規定003・ポリシー004 と照合した" 2>&1); rc=$?
check "the 統括 records it" "$rc" 0
has "…and is told when the next is due" "$out" "次回の見直し期限: 2027-11-20"
out=$(as kobayashi regulation list); rc=$?
has "監査 reads who, when, which template versions, the outcome" "$out" \
    $'2026-11-20\t高橋 健\tconf2 2026.2・conf1 2026.1・build 2026.2・operate 2026.2・retire 2026.2\t改訂不要\t規定003・ポリシー004 と照合した'
has "…and the next due date" "$out" "規定の見直し 1件、次回の見直し期限 2027-11-20"
out=$(KUMO_TODAY=2027-12-01 as kobayashi regulation list)
has "a year later it is overdue" "$out" "次回の見直し期限 2027-11-20（超過）"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
