#!/usr/bin/env bash
# docs/policy-trace.md cannot drift (issue 9, 「A clause table in the project」): every clause of 規定003 §4(1)–(8),
# §5 and ポリシー004 §1(8), §2, §7-4, §8-3, §8-4, §9 has its row; every test a row names exists (`test_x.c:name` is a
# START_TEST in tests/unit/test_x.c, `test_x.sh`/`test_x.py` a script in tests/e2e/); every `kumo …` command a row names
# is a command of kumo's table; a row without a test says 「未実装」; and every unit test whose name carries a clause
# tag (…_003_4_1_3, …_004_7_4) is cited in the table. Run by tests/run.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
DOC=docs/policy-trace.md

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }

[ -f "$DOC" ] || { ng "$DOC exists"; echo "RESULT: $pass passed, $fail failed"; exit 1; }

# The clauses the issue names, each of which must have a row of its own (the first cell, exactly).
CLAUSES=(
    "003 §4(1)①" "003 §4(1)②" "003 §4(1)③" "003 §4(1)④" "003 §4(1)⑤" "003 §4(1)⑥"
    "003 §4(2)①" "003 §4(2)②" "003 §4(2)③" "003 §4(2)④" "003 §4(2)⑤" "003 §4(2)⑥" "003 §4(2)⑦" "003 §4(2)⑧"
    "003 §4(2)⑨" "003 §4(2)⑩" "003 §4(2)⑪"
    "003 §4(3)①" "003 §4(3)②"
    "003 §4(4)①" "003 §4(4)②" "003 §4(4)③"
    "003 §4(5)①" "003 §4(5)②" "003 §4(5)③"
    "003 §4(6)①" "003 §4(6)②" "003 §4(6)③" "003 §4(6)④" "003 §4(6)⑤" "003 §4(6)⑥" "003 §4(6)⑦" "003 §4(6)⑧"
    "003 §4(6)⑨"
    "003 §4(7)①" "003 §4(7)②" "003 §4(7)③"
    "003 §4(8)" "003 §5"
    "004 §1(8)①" "004 §1(8)②"
    "004 §2(1)" "004 §2(2)①(エ)" "004 §2(2)⑩(エ)"
    "004 §7-4(1)" "004 §7-4(2)" "004 §7-4(3)"
    "004 §8-3(1)" "004 §8-3(2)"
    "004 §8-3(3)①" "004 §8-3(3)②" "004 §8-3(3)③" "004 §8-3(3)④" "004 §8-3(3)⑤" "004 §8-3(3)⑥" "004 §8-3(3)⑦"
    "004 §8-3(3)⑧" "004 §8-3(3)⑨" "004 §8-3(3)⑩"
    "004 §8-3(4)①" "004 §8-3(4)②"
    "004 §8-3(5)①" "004 §8-3(5)②" "004 §8-3(5)③"
    "004 §8-3(6)①" "004 §8-3(6)②" "004 §8-3(6)③" "004 §8-3(6)④"
    "004 §8-3(7)①" "004 §8-3(7)②" "004 §8-3(7)③" "004 §8-3(7)④" "004 §8-3(7)⑤"
    "004 §8-3(8)①" "004 §8-3(8)②" "004 §8-3(8)③"
    "004 §8-4(1)" "004 §8-4(2)①" "004 §8-4(2)②"
    "004 §9-1" "004 §9-2" "004 §9-3"
)

# The table's rows: lines that begin with "| 003 " or "| 004 ".
ROWS=$(grep -E '^\| 00[34] §' "$DOC")
firsts=$(sed -E 's/^\| ([^|]*[^ |]) *\|.*/\1/' <<<"$ROWS")

missing=""
for c in "${CLAUSES[@]}"; do
    grep -qxF -- "$c" <<<"$firsts" || missing+="$c"$'\n'
done
if [ -z "$missing" ]; then ok "every clause of the list has its row (${#CLAUSES[@]})"; else ng "every clause has its row" "missing:
$missing"; fi

dups=$(sort <<<"$firsts" | uniq -d)
if [ -z "$dups" ]; then ok "no clause has two rows"; else ng "no clause has two rows" "$dups"; fi

# Each row: four cells; a test, or 「未実装」 and no test.
bad=""
while IFS= read -r row; do
    n=$(awk -F'|' '{print NF - 2}' <<<"$row")
    tests=$(awk -F'|' '{print $5}' <<<"$row")
    clause=$(awk -F'|' '{gsub(/^ +| +$/, "", $2); print $2}' <<<"$row")
    if [ "$n" -ne 4 ]; then bad+="$clause: $n cells"$'\n'; continue; fi
    if grep -qF '未実装' <<<"$tests"; then
        grep -qE '`test_' <<<"$tests" && bad+="$clause: 未実装 yet names a test"$'\n'
    elif ! grep -qE '`test_[a-z0-9_]+\.(c:[a-z0-9_]+|sh|py)`' <<<"$tests"; then
        bad+="$clause: neither a test nor 未実装"$'\n'
    fi
done <<<"$ROWS"
if [ -z "$bad" ]; then ok "every row has its four cells and a test, or says 未実装"; else ng "rows are well formed" "$bad"; fi

# Every test named exists.
named=$(grep -oE '`test_[a-z0-9_]+\.(c:[a-z0-9_]+|sh|py)`' <<<"$ROWS" | tr -d '`' | sort -u)
absent=""
while IFS= read -r t; do
    [ -n "$t" ] || continue
    case "$t" in
    *.c:*)
        file=tests/unit/${t%%:*} name=${t#*:}
        grep -qF "START_TEST($name)" "$file" 2>/dev/null || absent+="$t"$'\n'
        ;;
    *) [ -f "tests/e2e/$t" ] || absent+="$t"$'\n' ;;
    esac
done <<<"$named"
count=$(grep -c . <<<"$named")
if [ -z "$absent" ]; then ok "every test the table names exists ($count)"; else ng "every test the table names exists" "absent:
$absent"; fi

# Every unit test with a clause tag in its name is cited.
tagged=$(grep -ohE 'START_TEST\([a-z0-9_]*_00[34]_[a-z0-9_]*\)' tests/unit/test_*.c | sed -E 's/START_TEST\((.*)\)/\1/' | sort -u)
uncited=""
while IFS= read -r name; do
    [ -n "$name" ] || continue
    file=$(grep -lF "START_TEST($name)" tests/unit/test_*.c | head -1)
    grep -qF "\`$(basename "$file"):$name\`" <<<"$ROWS" || uncited+="$(basename "$file"):$name"$'\n'
done <<<"$tagged"
if [ -z "$uncited" ]; then ok "every unit test tagged with a clause is cited ($(grep -c . <<<"$tagged"))"; else ng "every tagged test is cited" "not in $DOC:
$uncited"; fi

# Every command named is one of kumo's (its table answers --help).
cmds=$(grep -oE '`kumo [a-z-]+( [a-z-]+)?' <<<"$ROWS" | tr -d '`' | sort -u)
unknown=""
while IFS= read -r c; do
    [ -n "$c" ] || continue
    read -r _ w1 w2 <<<"$c"
    if ! "$KUMO" "$w1" ${w2:+"$w2"} --help >/dev/null 2>&1; then
        "$KUMO" "$w1" --help 2>/dev/null | grep -qF "kumo $w1 ${w2:-}" || unknown+="$c"$'\n'
    fi
done <<<"$cmds"
if [ -z "$unknown" ]; then ok "every command the table names is kumo's ($(grep -c . <<<"$cmds"))"; else ng "every command is kumo's" "$unknown"; fi

# The rows that are not done are said so, and counted for the reader.
todo=$(grep -cF '未実装' <<<"$ROWS")
ok "rows not yet carried by kumo say 未実装 ($todo)"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
