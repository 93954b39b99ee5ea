#!/usr/bin/env bash
# The layout of issue 7 cannot drift (docs/architecture.md): every .c of forms/ db/ app/ app/exchange/ ui/ cli/ has a
# header named like it and includes it first (what the module exports, checked self-contained by being first), and the
# front ends (ui/, cli/) include no db/ header, and no _free of the domain takes a T *. Run by tests/run.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }

bad=""
for c in forms/*.c db/*.c app/*.c app/exchange/*.c ui/*.c cli/*.c; do
    h="${c%.c}.h"
    first=$(grep -m1 '^#include' "$c")
    if [ ! -f "$h" ]; then bad+="$c: no $h"$'\n'
    elif [ "$first" != "#include \"$h\"" ]; then bad+="$c: first include is ${first:-none}, not \"$h\""$'\n'
    fi
done
[ -z "$bad" ] && ok "every module's .c includes its own header first" || ng "every module's .c includes its own header first" "$bad"

front=$(grep -ln '^#include "db/' ui/*.[ch] cli/*.[ch] 2>/dev/null)
[ -z "$front" ] && ok "ui/ and cli/ include no db/ header" || ng "ui/ and cli/ include no db/ header" "$front"

# One ownership rule per record: a _free of the domain takes T ** and sets it to NULL; a value the caller holds is
# emptied by a _clear(T *).
single=$(grep -nE '^[a-z].*\b[a-z0-9_]+_free\((const )?[A-Za-z0-9_]+ \*[a-z]' forms/*.h db/*.h app/*.h app/exchange/*.h)
[ -z "$single" ] && ok "every _free of forms/ db/ app/ takes T **" || ng "every _free of forms/ db/ app/ takes T **" "$single"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
