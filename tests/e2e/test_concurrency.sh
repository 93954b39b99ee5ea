#!/usr/bin/env bash
# Many writers at once on one database (issue 8, "Robustness found under faults and load"): 8 processes × 200
# mixed command-line writes — 利用状況確認 on services every process touches, 管理者変更 on a service of the
# process's own, 部局 and 利用者 added — and afterwards: no lost update (every review, every designation, every
# 部局 and 利用者 is there, each service's last manager is the last one designated), no user-visible error (no
# 「使用中」, no conflict nobody caused: a command re-reads and re-checks inside its own transaction), and the file
# passes integrity_check and foreign_key_check and its audit chain verifies. Run by tests/run.sh; runnable alone with
# KUMO_BIN=./kumo bash tests/e2e/test_concurrency.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=$(cd "$(dirname "${KUMO_BIN:-./kumo}")" && pwd)/$(basename "${KUMO_BIN:-./kumo}")
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-conc.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
q() { sqlite3 "$DB" "$1"; }

WORKERS=8 OPS=200
DB=$T/kumo.db
"$KUMO" --db "$DB" demo >/dev/null || { ng "kumo demo"; echo "RESULT: $pass passed, $fail failed"; exit 1; }
# one service of its own per worker (its manager is changed by that worker alone), 鈴木 花子 to begin with
{
    echo "承認番号,クラウドサービス名,サービス提供者,部局,機密性,承認日,利用開始日,クラウドサービス管理者"
    for w in $(seq 0 $((WORKERS - 1))); do
        echo "AP-CC-000$w,並行サービス$w,並行株式会社,総務部,2,2026-04-01,2026-04-01,鈴木 花子"
    done
} >"$T/services.csv"
KUMO_USER=kato "$KUMO" --db "$DB" import register "$T/services.csv" >/dev/null 2>&1 || ng "import the workers' services"
# the 運用・保守時チェックリスト answered item by item, as a file (kumo checklist operate gives its items)
KUMO_USER=takahashi "$KUMO" --db "$DB" checklist operate |
    sed 's/^"\([^"]*\)","","",/"\1","適合","手順書で確認",/' >"$T/operate.csv"
reviews0=$(q "SELECT count(*) FROM reviews")
depts0=$(q "SELECT count(*) FROM departments")
users0=$(q "SELECT count(*) FROM users")

# One worker: op i%4 — 0 and 1 a review of a service every worker reviews (by the 統括), 2 the manager of its own
# service (佐藤 and 鈴木 in turn, by the CISO), 3 a 部局 or a 利用者 added (by the システム管理者).
worker() {
    local w=$1 i rc out svc who m=0 log=$T/w$w.log
    : >"$log"
    for i in $(seq 0 $((OPS - 1))); do
        case $((i % 4)) in
        0 | 1)
            svc=AP-CC-000$(((w + i) % WORKERS))
            out=$(KUMO_USER=takahashi "$KUMO" --db "$DB" review "$svc" --date 2026-11-20 --status 継続 \
                --users $((i + 1)) --answers-file "$T/operate.csv" 2>&1 >/dev/null)
            rc=$?
            ;;
        2)
            m=$((m + 1))
            who=$([ $((m % 2)) -eq 1 ] && echo sato || echo suzuki)
            out=$(KUMO_USER=nakamura "$KUMO" --db "$DB" manager "AP-CC-000$w" "$who" --reason "交代$m" 2>&1 >/dev/null)
            rc=$?
            ;;
        3)
            if [ $((i % 8)) -eq 3 ]; then
                out=$(KUMO_USER=kato "$KUMO" --db "$DB" dept add "並行部局$w-$i" 2>&1 >/dev/null)
            else
                out=$(KUMO_USER=kato "$KUMO" --db "$DB" user add "cc$w-$i" "並行 利用者$w-$i" --role staff --dept 総務部 2>&1 >/dev/null)
            fi
            rc=$?
            ;;
        esac
        [ "$rc" -ne 0 ] && printf 'op %d (exit %d): %s\n' "$i" "$rc" "$out" >>"$log"
    done
}

pids=()
for w in $(seq 0 $((WORKERS - 1))); do
    worker "$w" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done

errors=$(cat "$T"/w*.log)
nerr=$(grep -c '^op ' <<<"$errors")
check "no command failed ($((WORKERS * OPS)) writes by $WORKERS processes at once)" "$nerr" 0
[ "$nerr" -gt 0 ] && printf '%s\n' "$errors" | head -5 | sed 's/^/       /'
check "no 「使用中」 reached a user" "$(grep -c '使用中' <<<"$errors")" 0
check "no conflict nobody caused reached a user" "$(grep -c '先に更新しました' <<<"$errors")" 0

per=$((OPS / 4))
check "no review lost" "$(q "SELECT count(*) FROM reviews")" $((reviews0 + WORKERS * per * 2))
check "no designation lost (管理者変更 in the history)" \
    "$(q "SELECT count(*) FROM history WHERE action = '管理者変更'")" $((WORKERS * per))
last=$([ $((per % 2)) -eq 1 ] && echo sato || echo suzuki)
check "each service's manager is the last one designated" \
    "$(q "SELECT count(*) FROM services s JOIN users u ON u.id = s.manager_id WHERE s.approval_no LIKE 'AP-CC-%' AND u.login = '$last'")" \
    "$WORKERS"
check "each service's next review is due a year after the reviews" \
    "$(q "SELECT count(*) FROM services WHERE approval_no LIKE 'AP-CC-%' AND next_review_due = '2027-11-20'")" "$WORKERS"
check "no 部局 lost" "$(q "SELECT count(*) FROM departments")" $((depts0 + WORKERS * (per / 2)))
check "no 利用者 lost" "$(q "SELECT count(*) FROM users")" $((users0 + WORKERS * (per - per / 2)))
check "integrity_check" "$(q "PRAGMA integrity_check")" ok
check "foreign_key_check finds nothing" "$(q "PRAGMA foreign_key_check" | wc -l)" 0
out=$(KUMO_USER=kobayashi "$KUMO" --db "$DB" audit verify 2>&1); rc=$?
check "the audit chain verifies (kumo audit verify exits 0)" "$rc" 0
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | head -3 | sed 's/^/       /'

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
