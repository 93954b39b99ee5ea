#!/usr/bin/env bash
# kill -9 at random moments (issue 8, "Robustness found under faults and load"): at least 50 kills in all during
# `kumo init`, `kumo demo`, `kumo import register` and `kumo export`. After each, nothing half-made is visible — a
# database is either absent or complete, an import is all there or not at all, an export is the previous complete
# file or the new complete one —; afterwards every database passes integrity_check, foreign_key_check and
# `kumo audit verify`, and the next run leaves no temporary file of kumo's behind. Run by tests/run.sh; runnable
# alone with KUMO_BIN=./kumo bash tests/e2e/test_kill.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=$(cd "$(dirname "${KUMO_BIN:-./kumo}")" && pwd)/$(basename "${KUMO_BIN:-./kumo}")
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-kill.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }

PER_KIND=13      # kills wanted per command: 4 × 13 = 52
MAX_TRIES=80     # attempts per command (a run that finishes before its kill is not counted)
total_kills=0
midway=0         # kills after which a temporary file of the run was there
bad=()           # what was found half-made, one line each

# Runs the command in the background and kills it with SIGKILL after a random delay of 0 to max_ms; true when the
# kill landed (exit status 137), false when the command had finished first.
kill_during() {
    local max_ms=$1
    shift
    touch "$T/.started"
    "$@" >/dev/null 2>&1 &
    local pid=$! ms=$((RANDOM % (max_ms + 1)))
    sleep "$(printf '0.%03d' "$ms")"
    kill -9 "$pid" 2>/dev/null
    { wait "$pid"; } 2>/dev/null
    local rc=$?
    [ $rc -eq 137 ] || return 1
    # a kill that landed mid-way leaves kumo's temporary files (until the next run): counted, to show it happened
    [ -n "$(find "$T" \( -name '.kumo-new-*' -o -name '.kumo-tmp-*' \) -newer "$T/.started" | head -1)" ] &&
        midway=$((midway + 1))
    return 0
}

# How long one run of a command takes here (ms, at least 5): the kills are spread over it.
duration_ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    local ms=$(((t1 - t0) / 1000000))
    echo $((ms < 5 ? 5 : ms * 5 / 4))
}

q() { sqlite3 "$1" "$2" 2>&1; }
intact() { [ "$(q "$1" 'PRAGMA integrity_check')" = ok ] && [ -z "$(q "$1" 'PRAGMA foreign_key_check')" ]; }

# ---- init: the database is absent or complete (its settings and its システム管理者) ----
D=$T/init
mkdir -p "$D"
ms=$(duration_ms "$KUMO" --db "$T/probe-init.db" init --org 測定市)
kills=0
for _ in $(seq $MAX_TRIES); do
    [ $kills -ge $PER_KIND ] && break
    rm -f "$D/kumo.db"
    if kill_during "$ms" "$KUMO" --db "$D/kumo.db" init --org 強制終了市; then
        kills=$((kills + 1))
        if [ -e "$D/kumo.db" ]; then
            intact "$D/kumo.db" && [ "$(q "$D/kumo.db" "SELECT count(*) FROM users WHERE role = 'admin'")" = 1 ] &&
                [ "$(q "$D/kumo.db" "SELECT value FROM settings WHERE key = 'org_name'")" = 強制終了市 ] ||
                bad+=("init: a half-made database is visible")
        fi
    fi
done
total_kills=$((total_kills + kills))
check "init: $PER_KIND kills landed" "$kills" $PER_KIND

# ---- demo: absent, or a complete demo (the previous one or the new one) ----
D=$T/demo
mkdir -p "$D"
"$KUMO" --db "$T/ref.db" demo >/dev/null 2>&1
ref_apps=$(q "$T/ref.db" "SELECT count(*) FROM applications")
ref_hist=$(q "$T/ref.db" "SELECT count(*) FROM history")
ms=$(duration_ms "$KUMO" --db "$T/probe-demo.db" demo)
kills=0
for _ in $(seq $MAX_TRIES); do
    [ $kills -ge $PER_KIND ] && break
    if kill_during "$ms" "$KUMO" --db "$D/kumo.db" demo; then
        kills=$((kills + 1))
        if [ -e "$D/kumo.db" ]; then
            intact "$D/kumo.db" && [ "$(q "$D/kumo.db" "SELECT count(*) FROM applications")" = "$ref_apps" ] &&
                [ "$(q "$D/kumo.db" "SELECT count(*) FROM history")" = "$ref_hist" ] ||
                bad+=("demo: a half-made demo is visible")
        fi
    fi
done
total_kills=$((total_kills + kills))
check "demo: $PER_KIND kills landed" "$kills" $PER_KIND

# ---- import: all of a file's rows or none ----
D=$T/import
mkdir -p "$D"
cp "$T/ref.db" "$D/kumo.db"
rows=300
make_csv() {
    {
        echo "承認番号,クラウドサービス名,サービス提供者,部局,機密性,承認日,利用開始日,クラウドサービス管理者"
        for i in $(seq $rows); do echo ",取込$1-$i,株式会社$1,総務部,2,2026-04-01,2026-04-01,鈴木 花子"; done
    } >"$D/r$1.csv"
}
make_csv probe
cp "$D/kumo.db" "$T/probe-import.db"
ms=$(duration_ms env KUMO_USER=kato "$KUMO" --db "$T/probe-import.db" import register "$D/rprobe.csv")
kills=0
for n in $(seq $MAX_TRIES); do
    [ $kills -ge $PER_KIND ] && break
    make_csv "$n"
    before=$(q "$D/kumo.db" "SELECT count(*) FROM services")
    if kill_during "$ms" env KUMO_USER=kato "$KUMO" --db "$D/kumo.db" import register "$D/r$n.csv"; then
        kills=$((kills + 1))
        after=$(q "$D/kumo.db" "SELECT count(*) FROM services")
        intact "$D/kumo.db" && { [ "$after" = "$before" ] || [ "$after" = $((before + rows)) ]; } ||
            bad+=("import: $before → $after services (half an import is visible)")
    fi
done
total_kills=$((total_kills + kills))
check "import: $PER_KIND kills landed" "$kills" $PER_KIND

# ---- export: the destination is the previous complete file or the new one ----
D=$T/export
mkdir -p "$D/out"
ms=$(duration_ms env KUMO_USER=kato "$KUMO" --db "$D/../import/kumo.db" export register -o "$T/probe.xlsx")
kills=0
for n in $(seq $MAX_TRIES); do
    [ $kills -ge $PER_KIND ] && break
    if [ $((n % 2)) -eq 0 ]; then
        args=(export register -o "$D/out/台帳.xlsx")
    else
        args=(export register --csv -o "$D/out/台帳.csv")
    fi
    if kill_during "$ms" env KUMO_USER=kato "$KUMO" --db "$T/import/kumo.db" "${args[@]}"; then
        kills=$((kills + 1))
    fi
    if [ -e "$D/out/台帳.xlsx" ] && ! python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
        "$D/out/台帳.xlsx" 2>/dev/null; then
        bad+=("export: a truncated workbook is visible")
    fi
    if [ -e "$D/out/台帳.csv" ]; then
        lines=$(wc -l <"$D/out/台帳.csv")
        # the register: in use, or 終了処理中 (ended, its 廃棄・削除完了報告 not yet accepted)
        want=$(($(q "$T/import/kumo.db" "SELECT count(*) FROM services WHERE status <> 'terminated' OR disposal_state = 'pending'") + 1))
        [ "$lines" -eq "$want" ] || bad+=("export: a truncated CSV is visible ($lines lines of $want)")
    fi
done
total_kills=$((total_kills + kills))
check "export: $PER_KIND kills landed" "$kills" $PER_KIND

yes_or() { if [ "$2" -eq 0 ]; then ok "$1"; else ng "$1" "$3"; fi; }
yes_or "nothing half-done was ever visible after a kill" "${#bad[@]}" "$(printf '%s\n' "${bad[@]}" | sort | uniq -c)"
if [ "$total_kills" -ge 50 ]; then ok "at least 50 kills ($total_kills)"; else ng "at least 50 kills" "only $total_kills"; fi
echo "# $midway of the kills found kumo's temporary files there (a build or an export cut short)"

# ---- afterwards: intact, and the next run leaves nothing of kumo's behind ----
for db in "$T/init/kumo.db" "$T/demo/kumo.db" "$T/import/kumo.db"; do
    [ -e "$db" ] || continue
    check "${db#"$T"/}: integrity_check" "$(q "$db" 'PRAGMA integrity_check')" ok
    check "${db#"$T"/}: foreign_key_check" "$(q "$db" 'PRAGMA foreign_key_check')" ""
    # the 監査 of the demo (the import's database is a demo too); the init database's admin is whoever ran it
    who=$([ "$db" = "$T/init/kumo.db" ] || echo kobayashi)
    out=$(KUMO_USER=$who "$KUMO" --db "$db" audit verify 2>&1); rc=$?
    check "${db#"$T"/}: kumo audit verify" "$rc" 0
    [ "$rc" -eq 0 ] || printf '%s\n' "$out" | head -3 | sed 's/^/       /'
done
[ -e "$T/init/kumo.db" ] || "$KUMO" --db "$T/init/kumo.db" init --org 強制終了市 >/dev/null 2>&1
KUMO_USER=kato "$KUMO" --db "$T/init/kumo.db" user list >/dev/null 2>&1
"$KUMO" --db "$T/demo/kumo.db" demo >/dev/null 2>&1
KUMO_USER=kato "$KUMO" --db "$T/import/kumo.db" export register -o "$D/out/台帳.xlsx" >/dev/null 2>&1
left=$(find "$T/init" "$T/demo" "$T/import" "$D/out" -name '.kumo-new-*' -o -name '.kumo-tmp-*' | wc -l)
check "the next run removed every temporary file kumo's killed runs left" "$left" 0
check "the databases are where they should be" \
    "$(ls "$T/init/kumo.db" "$T/demo/kumo.db" "$T/import/kumo.db" 2>/dev/null | wc -l)" 3

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
