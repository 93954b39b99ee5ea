#!/usr/bin/env bash
# Exports stream rows in constant memory: the 承認済みクラウドサービス台帳 of 100,000 services (kumo demo --rows
# 200000) must export to Excel under a fixed peak-RSS bound of 64 MB, and within 60 s; the CSV export too.
# Measured with /usr/bin/time -v by tests/bench/export_rss.sh. Prints RESULT: P passed, F failed.
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KUMO=${KUMO_BIN:-$REPO/kumo}
case "$KUMO" in /*) ;; *) KUMO="$REPO/$KUMO" ;; esac
BOUND_KB=$((64 * 1024))
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
notok() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    | /'; return 0; }

# The address sanitizer's shadow memory makes RSS meaningless (and the run slow): the bound is for real builds.
if ldd "$KUMO" 2>/dev/null | grep -q 'libasan'; then
    ok "peak RSS bound # SKIP $KUMO is built with the address sanitizer"
    echo "RESULT: $pass passed, $fail failed"
    exit 0
fi
if [ ! -x /usr/bin/time ]; then
    notok "peak RSS can be measured" "/usr/bin/time is missing: install the Debian package 'time' (make deps)"
    echo "RESULT: $pass passed, $fail failed"
    exit 1
fi

out=$(KUMO_BIN="$KUMO" ROWS=200000 bash "$REPO/tests/bench/export_rss.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ "$rc" -eq 0 ] && ok "the benchmark ran every export" || notok "the benchmark ran every export" "$out"

# field LINE KEY: the value of KEY=… on the benchmark's line for one export.
field() { sed -n "s/^$1 .*$2=\([0-9.]*\).*/\1/p" <<<"$out"; }

rows=$(field register.xlsx rows)
[ "${rows:-0}" -ge 100000 ] && ok "the register holds 100,000 services or more ($rows)" ||
    notok "the register holds 100,000 services or more" "rows=$rows"
for name in register.xlsx register.csv; do
    rss=$(field "$name" rss_kb)
    secs=$(field "$name" seconds)
    if [ -n "$rss" ] && [ "$rss" -lt "$BOUND_KB" ]; then
        ok "$name of $rows rows: peak RSS ${rss} kB < ${BOUND_KB} kB"
    else
        notok "$name of $rows rows: peak RSS under ${BOUND_KB} kB" "measured: ${rss:-none} kB"
    fi
    if [ -n "$secs" ] && awk -v s="$secs" 'BEGIN { exit !(s < 60) }'; then
        ok "$name of $rows rows in ${secs} s (< 60 s)"
    else
        notok "$name of $rows rows in under 60 s" "measured: ${secs:-none} s"
    fi
done
echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
