#!/usr/bin/env bash
# The Makefile as a packager and a developer meet it: a missing library is named at once, -Werror can be turned off,
# libcsv comes through pkg-config when it ships a .pc, and `make clean` removes only what the build made. Runs make
# with -n (nothing is built) or in a scratch folder. Run by tests/run.sh; alone: bash tests/e2e/test_makefile.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
REPO=$PWD
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-make.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
# the make running these tests may pass its own variables (make sanitize: BUILD, BIN, CFLAGS) down
unset MAKEFLAGS MAKELEVEL MFLAGS BUILD BIN CFLAGS LDFLAGS WERROR PKG_CONFIG PKG_CONFIG_PATH CC

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
hasnt() { if grep -qF -- "$3" <<<"$2"; then ng "$1" "unexpected [$3] in:
$2"; else ok "$1"; fi; }

# a library pkg-config cannot find stops the build at once, naming it and how to get it
out=$(make -n PKG_CONFIG=false kumo 2>&1); rc=$?
check "a missing library stops the build" "$rc" 2
has "… naming the library" "$out" "does not find: ncursesw sqlite3 xlsxwriter"
has "… and make deps" "$out" "make deps"
# … but not `make clean`, nor the targets that install the libraries first
out=$(make -n PKG_CONFIG=false clean 2>&1); rc=$?
check "make clean needs no library" "$rc" 0

out=$(make -n -B build/main.o 2>&1)
has "-Werror by default" "$out" "-Werror"
out=$(make -n -B WERROR=0 build/main.o 2>&1)
hasnt "WERROR=0 leaves warnings as warnings" "$out" "-Werror"
has "… with the project's other flags kept" "$out" "-Wmissing-prototypes"

# libcsv: its .pc when there is one, plain -lcsv otherwise
mkdir -p "$T/pc"
printf 'Name: libcsv\nDescription: test\nVersion: 3.0.3\nLibs: -L/opt/kumo-test-csv/lib -lcsv\nCflags: -I/opt/kumo-test-csv/include\n' \
    >"$T/pc/libcsv.pc"
out=$(PKG_CONFIG_PATH="$T/pc" make -n -B kumo 2>&1)
has "libcsv through its .pc (link)" "$out" "-L/opt/kumo-test-csv/lib -lcsv"
has "libcsv through its .pc (headers)" "$out" "-I/opt/kumo-test-csv/include"
out=$(make -n -B kumo 2>&1)
has "libcsv without a .pc: -lcsv" "$out" "-lcsv"

# make clean: the build's folders and binaries, nothing else that looks like them
S="$T/src"
mkdir -p "$S/build/app" "$S/build-san" "$S/build-x" "$S/build-mine" "$S/demo"
cp "$REPO/Makefile" "$S/"
touch "$S/build/app/a.o" "$S/build-x/.kumo-build" "$S/build-mine/notes.txt" "$S/kumo" "$S/kumo-san" "$S/kumo-x" \
      "$S/kumo-notes.txt" "$S/demo/kumo-demo.db"
(cd "$S" && make --no-print-directory clean BUILD=build-x BIN=kumo-x >/dev/null 2>&1); rc=$?
check "make clean succeeds" "$rc" 0
for gone in build build-san build-x kumo kumo-san kumo-x; do
    if [ -e "$S/$gone" ]; then ng "make clean removes $gone"; else ok "make clean removes $gone"; fi
done
for kept in build-mine/notes.txt kumo-notes.txt demo/kumo-demo.db Makefile; do
    if [ -e "$S/$kept" ]; then ok "make clean keeps $kept"; else ng "make clean keeps $kept"; fi
done
# a BUILD folder the build did not make (no mark) is left alone
mkdir -p "$S/mine" && touch "$S/mine/thesis.tex"
(cd "$S" && make --no-print-directory clean BUILD=mine >/dev/null 2>&1)
if [ -e "$S/mine/thesis.tex" ]; then ok "make clean BUILD=<a folder it did not make> keeps it"; else ng "make clean BUILD=<a folder it did not make> keeps it"; fi

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
