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

# ---- make install / make uninstall (issue 11) ----
# A build of its own (BUILD=, BIN= in the scratch folder): the checkout's build and binary are left as they are.
B="$T/build-inst" K="$T/kumo-inst"
out=$(make --no-print-directory -j2 BUILD="$B" BIN="$K" 2>&1); rc=$?
check "a plain make (PREFIX /usr/local)" "$rc" 0
strings "$K" | grep -qx '/usr/local/share/kumo/templates' && ok "… compiles in /usr/local/share/kumo/templates" ||
    ng "… compiles in /usr/local/share/kumo/templates"
# make install with another PREFIX rebuilds the object that holds the folder, and only that one, and relinks
out=$(make --no-print-directory BUILD="$B" BIN="$K" install DESTDIR="$T/stage" PREFIX=/usr 2>&1); rc=$?
check "make install DESTDIR=… PREFIX=/usr after a plain make" "$rc" 0
has "… rebuilds forms/checklist.c for the new folder" "$out" "CC  forms/checklist.c"
check "… and only the objects that hold the folders (checklist.c, session.c)" \
    "$(grep '  CC  ' <<<"$out" | sed 's/.*CC  //' | sort | tr '\n' ' ')" "app/session.c forms/checklist.c "
for f in usr/bin/kumo usr/share/kumo/templates/index.csv usr/share/kumo/templates/checklist_conf2.csv \
         usr/share/man/man1/kumo.1; do
    [ -f "$T/stage/$f" ] && ok "installs /$f" || ng "installs /$f"
done
check "the binary is 0755" "$(stat -c %a "$T/stage/usr/bin/kumo")" 755
grep -q '^\.I /usr/share/kumo/templates/index.csv' "$T/stage/usr/share/man/man1/kumo.1" &&
    ok "the installed man page names the installed templates in FILES" ||
    ng "the installed man page names the installed templates in FILES"
strings "$T/stage/usr/bin/kumo" | grep -qx '/usr/share/kumo/templates' && ok "the binary looks in /usr/share/kumo/templates" ||
    ng "the binary looks in /usr/share/kumo/templates"
strings "$T/stage/usr/bin/kumo" | grep -q '/usr/local/share/kumo' && ng "… and nowhere under /usr/local" ||
    ok "… and nowhere under /usr/local"
# staged under DESTDIR it cannot find /usr/share/kumo (not installed there): it says which file, not disk space
if [ ! -e /usr/share/kumo/templates/index.csv ]; then
    out=$(env -u KUMO_TEMPLATE_DIR "$T/stage/usr/bin/kumo" --db "$T/miss.db" demo 2>&1); rc=$?
    check "a missing template: demo fails (exit 3)" "$rc" 3
    has "… naming the file" "$out" "/usr/share/kumo/templates/index.csv を開けません（ファイルがありません）"
    hasnt "… and nothing about disk space" "$out" "ディスク"
    [ -e "$T/miss.db" ] && ng "… leaving no database file" || ok "… leaving no database file"
else
    echo "SKIP the missing-template checks: /usr/share/kumo is installed on this machine"
fi
out=$(make --no-print-directory BUILD="$B" BIN="$K" uninstall DESTDIR="$T/stage" PREFIX=/usr 2>&1); rc=$?
check "make uninstall" "$rc" 0
left=$(cd "$T/stage" && find . -type f | sort)
check "… removes every file it installed" "$left" ""
[ -d "$T/stage/usr/share/kumo" ] && ng "… and kumo's own data folder" || ok "… and kumo's own data folder"

# installed for real into a PREFIX of its own: a fresh demo finds the installed templates, from any folder, and never
# the ./templates of the folder it runs in
P="$T/prefix"
out=$(make --no-print-directory BUILD="$B" BIN="$K" install PREFIX="$P" 2>&1); rc=$?
check "make install PREFIX=<a folder>" "$rc" 0
mkdir -p "$T/cwd/templates"
printf 'key,name,version,file\nconf2,偽の確認事項,9,evil.csv\nconf1,偽,9,evil.csv\n' >"$T/cwd/templates/index.csv"
printf 'code,section,text,required\nX-1,偽,このフォルダの確認事項,1\n' >"$T/cwd/templates/evil.csv"
out=$(cd "$T/cwd" && env -u KUMO_TEMPLATE_DIR "$P/bin/kumo" --db "$T/inst.db" demo 2>&1); rc=$?
check "the installed binary makes a demo with its installed templates" "$rc" 0
if command -v sqlite3 >/dev/null 2>&1; then
    n=$(sqlite3 "$T/inst.db" "SELECT count(*) > 10, sum(text LIKE '%このフォルダの確認事項%') FROM checklist_answers" 2>&1)
    check "… and not the ./templates of the folder it ran in" "$n" "1|0"
fi
# a database kept in the PREFIX's share folder is not touched by uninstall; its own files are
touch "$P/share/kumo/keep.db"
make --no-print-directory BUILD="$B" BIN="$K" uninstall PREFIX="$P" >/dev/null 2>&1
[ -e "$P/share/kumo/keep.db" ] && ok "uninstall leaves a file it did not install" || ng "uninstall leaves a file it did not install"
[ -e "$P/bin/kumo" ] && ng "uninstall removes the binary" || ok "uninstall removes the binary"
out=$(make -n PREFIX=relative/path kumo 2>&1); rc=$?
check "a relative DATADIR is refused" "$rc" 2

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
