#!/usr/bin/env bash
# The steps issue 9 adds, driven headless as a script or cron would, on the demo database (KUMO_TODAY=2026-11-23):
#   導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)): the register says 構築確認待ち until the manager records it
#   item by item from an answers file; `kumo due` lists it once the 利用開始日 has passed.
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

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
