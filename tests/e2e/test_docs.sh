#!/usr/bin/env bash
# The README's command list and the man page's SYNOPSIS, OPTIONS, COMMANDS and EXIT STATUS are generated from the
# command table (kumo --help-markdown, kumo --help-man; docs/gen.sh), so they cannot drift from what kumo accepts:
# the committed README.md and kumo.1 must equal what `make docs` makes of them now. Run by tests/run.sh; alone:
# KUMO_BIN=./kumo bash tests/e2e/test_docs.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-docs.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }

for f in README.md kumo.1; do
    if ! sh docs/gen.sh "$KUMO" "$f" >"$T/$f" 2>"$T/err"; then
        ng "docs/gen.sh $f runs" "$(cat "$T/err")"
        continue
    fi
    if cmp -s "$f" "$T/$f"; then
        ok "$f's generated sections are current"
    else
        ng "$f's generated sections are current (run make docs and commit)" "$(diff -u "$f" "$T/$f" | head -n 40)"
    fi
done
# the markers are there, so the check above compared something
for m in "begin: kumo --help-markdown" ; do grep -qF -- "$m" README.md && ok "README.md has the block $m" || ng "README.md has the block $m"; done
for m in "begin: kumo --help-man synopsis" "begin: kumo --help-man commands"; do
    grep -qF -- "$m" kumo.1 && ok "kumo.1 has the block $m" || ng "kumo.1 has the block $m"
done
# the generated man page lists a command that only the table knows of (user enable) and the exit statuses
grep -q 'kumo user enable' kumo.1 && ok "kumo.1 lists kumo user enable" || ng "kumo.1 lists kumo user enable"
grep -q '^\.SH "EXIT STATUS"' kumo.1 && ok "kumo.1 has EXIT STATUS" || ng "kumo.1 has EXIT STATUS"

# issue 8: the README's server section with its exact commands, and the man page's SECURITY section saying what the
# model protects against and what it does not (root, the backups)
readme_server=$(sed -n '/^## 複数の職員で使う（サーバーへの導入）$/,/^## /p' README.md)
for m in "sudo make install-system" "sudo kumo init --org" "--admin" "2755" "2770" "0660"; do
    grep -qF -- "$m" <<<"$readme_server" && ok "README 「複数の職員で使う（サーバーへの導入）」 says $m" ||
        ng "README 「複数の職員で使う（サーバーへの導入）」 says $m"
done
man_security=$(sed -n '/^\.SH SECURITY$/,/^\.SH /p' kumo.1)
for m in "What this protects against" "What it does not protect against: root" "backups" "kumo audit verify"; do
    grep -qF -- "$m" <<<"$man_security" && ok "kumo.1 SECURITY says: $m" || ng "kumo.1 SECURITY says: $m"
done

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
