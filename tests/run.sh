#!/usr/bin/env bash
# The one test runner (`make test`, `make sanitize`): every unit test program in $UNIT_DIR (check) and every
# end-to-end script in tests/e2e/, in a hermetic environment. The last line it prints is `N passed, N failed`;
# it exits non-zero when anything failed or when no test ran at all.
#
#   KUMO_BIN   the kumo binary the end-to-end tests drive (default: ./kumo)
#   UNIT_DIR   folder of the built unit tests (default: build/tests)
#   TEST_TIMEOUT  seconds per end-to-end script (default: 300)
set -u

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO" || exit 2

abspath() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$REPO/$1" ;; esac; }

KUMO_BIN=$(abspath "${KUMO_BIN:-kumo}")
UNIT_DIR=$(abspath "${UNIT_DIR:-build/tests}")
TEST_TIMEOUT=${TEST_TIMEOUT:-300}

# ---- hermetic environment ----
TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/kumo-test.XXXXXX") || { echo "run.sh: mktemp failed" >&2; exit 2; }
LOGS="$TEST_HOME/.logs"
mkdir -p "$LOGS" "$TEST_HOME/.local/share"
cleanup() { rm -rf "$TEST_HOME"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

export HOME="$TEST_HOME"
export TZ=Asia/Tokyo
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE LC_NUMERIC LC_TIME LC_COLLATE LC_MESSAGES LANGUAGE
export KUMO_TODAY=2026-11-23
export KUMO_TEMPLATE_DIR="$REPO/templates"
export XDG_DATA_HOME="$TEST_HOME/.local/share"
unset KUMO_DB KUMO_USER KUMO_NOW
export KUMO_BIN
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-20}
export CK_VERBOSITY=normal
unset CK_RUN_SUITE CK_RUN_CASE CK_FORK

passed=0
failed=0
failures=()   # names of failed programs/scripts, for the closing list

# Prints a failing test's name and the tail of its output.
report_failure() {
    local name=$1 log=$2 why=$3
    failures+=("$name")
    echo "FAIL: $name — $why"
    # check names each failing test as file:line:F|E:tcase:test:…
    grep -E '^[^:]+:[0-9]+:[FE]:' "$log" | sed 's/^/  - /'
    echo "---- $name: last lines of output ----"
    tail -n 40 "$log" | sed 's/^/  | /'
    echo "----"
}

# ---- unit tests (check) ----
shopt -s nullglob
units=()
if [ -d "$UNIT_DIR" ]; then
    for t in "$UNIT_DIR"/test_*; do
        [ -f "$t" ] && [ -x "$t" ] && units+=("$t")
    done
else
    echo "run.sh: no unit test folder $UNIT_DIR (build it with: make tests-bin)" >&2
fi

for t in "${units[@]}"; do
    name=$(basename "$t")
    log="$LOGS/$name.log"
    timeout --kill-after=10 900 "$t" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        failed=$((failed + 1))
        report_failure "$name" "$log" "no check summary (exit status $rc; crashed or timed out?)"
        continue
    fi
    read -r checks fails errs < <(sed -E 's/^[0-9]+%: Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/' <<<"$summary")
    bad=$((fails + errs))
    ok=$((checks - bad))
    passed=$((passed + ok))
    failed=$((failed + bad))
    if [ "$bad" -gt 0 ]; then
        report_failure "$name" "$log" "$bad of $checks checks failed; the failing checks:"
    elif [ "$rc" -ne 0 ]; then
        # every check passed but the program did not exit cleanly (a sanitizer report at exit, for example)
        failed=$((failed + 1))
        report_failure "$name" "$log" "all $checks checks passed but the program exited with status $rc"
    else
        echo "ok:   $name — $checks checks"
    fi
done

# ---- end-to-end tests ----
if ! command -v tmux >/dev/null 2>&1; then
    echo "run.sh: WARNING: tmux is not installed — the screen tests will fail (make deps installs it)" >&2
fi
# The Python that `make deps` provides openpyxl for is Debian's /usr/bin/python3; a python3 earlier in PATH (pyenv,
# a virtualenv) may lack it. Use the first python3 that has openpyxl, through a python3 link first in PATH so the
# shell scripts get the same one.
PY=""
for cand in "$(command -v python3 2>/dev/null)" /usr/bin/python3; do
    if [ -n "$cand" ] && [ -x "$cand" ] && "$cand" -c 'import openpyxl' >/dev/null 2>&1; then PY=$cand; break; fi
done
if [ -n "$PY" ]; then
    mkdir -p "$TEST_HOME/.bin"
    ln -s "$PY" "$TEST_HOME/.bin/python3"
    export PATH="$TEST_HOME/.bin:$PATH"
elif ! command -v python3 >/dev/null 2>&1; then
    echo "run.sh: WARNING: python3 is not installed — the Python end-to-end tests will fail (make deps)" >&2
else
    echo "run.sh: WARNING: python3-openpyxl is missing — the Excel checks will fail (make deps installs it)" >&2
fi
if [ ! -x "$KUMO_BIN" ]; then
    echo "run.sh: WARNING: $KUMO_BIN is not an executable — the end-to-end tests will fail (make kumo)" >&2
fi

for t in tests/e2e/test_*.sh tests/e2e/test_*.py; do
    [ -f "$t" ] || continue
    name=${t#tests/}
    log="$LOGS/$(basename "$t").log"
    case "$t" in
    *.sh) runner=(bash) ;;
    *.py) runner=(python3) ;;
    esac
    if ! command -v "${runner[0]}" >/dev/null 2>&1; then
        echo "${runner[0]} is not installed" >"$log"
        failed=$((failed + 1))
        report_failure "$name" "$log" "${runner[0]} is not installed"
        continue
    fi
    timeout --kill-after=10 "$TEST_TIMEOUT" "${runner[@]}" "$t" >"$log" 2>&1 </dev/null
    rc=$?
    result=$(grep -E '^RESULT: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -n "$result" ]; then
        read -r p f < <(sed -E 's/^RESULT: ([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' <<<"$result")
        passed=$((passed + p))
        failed=$((failed + f))
        if [ "$f" -gt 0 ]; then
            report_failure "$name" "$log" "$result (exit status $rc)"
        elif [ "$rc" -ne 0 ]; then
            failed=$((failed + 1))
            report_failure "$name" "$log" "$result but exit status $rc"
        else
            echo "ok:   $name — $p passed"
            # what a script could not check here (root only, the sanitizer build …) is said, not hidden
            grep -E '^SKIP' "$log" | sed 's/^/      /'
        fi
    elif [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
        echo "ok:   $name"
    else
        failed=$((failed + 1))
        why="exit status $rc"
        [ "$rc" -eq 124 ] && why="timed out after ${TEST_TIMEOUT}s"
        report_failure "$name" "$log" "$why"
    fi
done

total=$((passed + failed))
if [ "$total" -eq 0 ]; then
    echo "run.sh: no tests ran (UNIT_DIR=$UNIT_DIR, tests/e2e/)" >&2
fi
if [ "${#failures[@]}" -gt 0 ]; then
    echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
