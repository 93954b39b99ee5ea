#!/usr/bin/env bash
# Peak memory (RSS) and time of the exports on a large register: `kumo demo --rows N` (every other bulk row becomes
# an approved service, so 200,000 rows give 100,000 services), then each export under /usr/bin/time -v.
# Prints one line per export:  NAME rows=R rss_kb=K seconds=S  (tests/e2e/test_export_memory.sh reads them).
#
#   KUMO_BIN   the binary (default ./kumo)      ROWS   demo rows (default 200000)
#   KEEP_DB    a database to reuse between runs (made when missing)
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KUMO=${KUMO_BIN:-$REPO/kumo}
case "$KUMO" in /*) ;; *) KUMO="$REPO/$KUMO" ;; esac
ROWS=${ROWS:-200000}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23} KUMO_TEMPLATE_DIR="$REPO/templates"
unset KUMO_DB LC_ALL
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
    echo "export_rss.sh: $TIME is missing (Debian package 'time'; make deps installs it)" >&2
    exit 2
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/kumo-bench.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT
DB=${KEEP_DB:-$W/bench.db}
if [ ! -f "$DB" ]; then
    start=$(date +%s%N)
    "$KUMO" --db "$DB" demo --rows "$ROWS" >/dev/null || { echo "export_rss.sh: kumo demo failed" >&2; exit 1; }
    ms=$((($(date +%s%N) - start) / 1000000))
    printf 'demo rows=%s seconds=%d.%02d\n' "$ROWS" $((ms / 1000)) $((ms % 1000 / 10))
fi

# measure NAME OUTPUT kumo-export-args…
measure() {
    local name=$1 out=$2
    shift 2
    if ! KUMO_USER=takahashi "$TIME" -v -o "$W/time.txt" "$KUMO" --db "$DB" export "$@" -o "$out" >"$W/out.txt" 2>&1; then
        echo "$name FAILED: $(cat "$W/out.txt")"
        return 1
    fi
    local rss secs rows
    rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$W/time.txt")
    secs=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/time.txt" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rows=$(sed -n 's/.*（\([0-9]*\)件.*/\1/p' "$W/out.txt")
    echo "$name rows=$rows rss_kb=$rss seconds=$secs"
}
rc=0
measure register.xlsx "$W/register.xlsx" register || rc=1
measure register.csv "$W/register.csv" register --csv || rc=1
measure register-cp932.csv "$W/register-932.csv" register --csv --encoding cp932 || rc=1
measure applications.xlsx "$W/applications.xlsx" applications || rc=1
exit $rc
