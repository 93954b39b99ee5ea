#!/usr/bin/env bash
# A conventional command line (issue 11): options a command does not list are refused with exit 2, an option's
# value is required, --encoding only with --csv, kumo's own options (--db, -q) are option errors when wrong; `kumo
# export` alone lists the kinds; -o - writes to standard output (an Excel file only when it is not a terminal), an
# -o with the wrong extension or a folder is refused; every command has --help listing every option; one exit
# status scheme (0 done, 1 due found overdue items, 2 usage, 3 error); show finds a 申請番号 or a 承認番号 in any case; --fy
# takes 令和 years; progress shows on a terminal only and -q silences it. Run by tests/run.sh; alone:
# KUMO_BIN=./kumo bash tests/e2e/test_cli_conventions.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
case "$KUMO" in /*) ;; *) KUMO=$PWD/$KUMO ;; esac
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-conv.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
hasnt() { if grep -qF -- "$3" <<<"$2"; then ng "$1" "unexpected [$3] in:
$2"; else ok "$1"; fi; }
# run as a user of the demo: output (stdout and stderr) in $out, exit status in $rc
as() { local who=$1; shift; out=$(KUMO_USER=$who "$KUMO" --db "$T/demo.db" "$@" 2>&1); rc=$?; }
# runs a command line under a pseudo-terminal (script from bsdutils): what the terminal showed, in $out
on_tty() { out=$(script -qfec "$1" /dev/null 2>&1 </dev/null); rc=$?; }

"$KUMO" --db "$T/demo.db" demo >/dev/null || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# ---- options a command does not list ----
as takahashi export register -o "$T/f.xlsx" --bogus
check "an unknown option is refused (exit 2)" "$rc" 2
has "… naming it" "$out" "不明なオプションです: --bogus"
[ -e "$T/f.xlsx" ] && ng "… and nothing is written" || ok "… and nothing is written"
as takahashi export register --encoding cp932 -o "$T/f.xlsx"
check "--encoding without --csv is refused (exit 2)" "$rc" 2
has "… saying it needs --csv" "$out" "--encoding は --csv と一緒に指定してください"
[ -e "$T/f.xlsx" ] && ng "… and no xlsx is written" || ok "… and no xlsx is written"
as takahashi export applications -o
check "an option without its value (exit 2)" "$rc" 2
has "… says which value" "$out" "オプション -o には値（FILE.xlsx）を指定してください"
as takahashi export register --all=yes -o "$T/f.xlsx"
check "a value given to a flag (exit 2)" "$rc" 2
as takahashi show R8-0001 R8-0002
check "an extra argument (exit 2)" "$rc" 2
has "… named" "$out" "余分な引数です: R8-0002"
as takahashi review AP-R7-0001 --status 継続
check "a required option missing (exit 2)" "$rc" 2
has "… named with its help" "$out" "--date 確認日 を指定してください"

# kumo's own options
out=$("$KUMO" --db 2>&1); rc=$?
check "--db without a value is an option error (exit 2)" "$rc" 2
hasnt "… not 不明なコマンド" "$out" "不明なコマンド"
has "… saying what --db takes" "$out" "--db にはデータベースのファイルを指定してください"
out=$("$KUMO" -x 2>&1); rc=$?
check "-x is an option error (exit 2)" "$rc" 2
has "… named as an option" "$out" "不明なオプションです: -x"
out=$("$KUMO" bogus 2>&1); rc=$?
check "an unknown command (exit 2)" "$rc" 2
out=$(KUMO_USER=takahashi "$KUMO" due --db "$T/demo.db" --within 0 2>&1); rc=$?
check "--db among the command's options works" "$rc" 1
out=$("$KUMO" --version); rc=$?
check "--version exits 0" "$rc" 0

# a control character typed as an option never reaches the terminal raw
out=$("$KUMO" --db "$T/demo.db" show $'--\e[31mred' 2>&1)
hasnt "an escape in an unknown option is not echoed" "$out" $'\e'

# ---- kumo export alone ----
out=$("$KUMO" --db "$T/demo.db" export 2>&1); rc=$?
check "kumo export alone is a usage error (exit 2)" "$rc" 2
for kind in register applications form reviews; do has "… listing $kind" "$out" "  $kind"; done

# ---- -o ----
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" export register --csv -o - >"$T/stdout.csv" 2>"$T/err"; rc=$?
check "-o - writes the CSV to standard output" "$rc" 0
check "… beginning with the BOM and the header" "$(head -c 17 "$T/stdout.csv")" $'\xef\xbb\xbf"承認番号"'
has "… the notice goes to stderr" "$(cat "$T/err")" "標準出力に出力しました"
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" export register --csv -o "$T/file.csv" >/dev/null
if cmp -s "$T/stdout.csv" "$T/file.csv"; then ok "… the same bytes as -o FILE"; else ng "… the same bytes as -o FILE"; fi
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" export register -o - 2>/dev/null | cat >"$T/pipe.xlsx"
check "-o - writes an xlsx into a pipe (a zip)" "$(head -c 2 "$T/pipe.xlsx")" "PK"
ls "${TMPDIR:-/tmp}"/kumo-out.* >/dev/null 2>&1 && ng "… leaving no temporary folder" || ok "… leaving no temporary folder"
on_tty "KUMO_USER=takahashi '$KUMO' --db '$T/demo.db' export register -o -"
check "-o - to a terminal refuses an xlsx (exit 2)" "$rc" 2
has "… saying why" "$out" "Excel ファイルは端末には出力しません"
as takahashi export register -o "$T/r.csv"
check "an xlsx export to .csv is refused (exit 2)" "$rc" 2
has "… naming the extension to use and --csv" "$out" "この出力は .xlsx で指定してください（CSV は --csv を付けます）"
as takahashi export register --csv -o "$T/r.xlsx"
check "a CSV export to .xlsx is refused (exit 2)" "$rc" 2
as takahashi export applications -o "$T/A.XLSX"
check "the extension in any case (.XLSX)" "$rc" 0
as takahashi export applications -o "$T/noext"
check "a name without an extension is refused (exit 2)" "$rc" 2
as takahashi export applications -o "$T/"
check "-o DIR/ is refused (exit 2)" "$rc" 2
has "… saying it is a folder" "$out" "はフォルダです"
mkdir -p "$T/folder.xlsx"
as takahashi export applications -o "$T/folder.xlsx"
check "-o naming an existing folder is refused (exit 2)" "$rc" 2

# ---- every command's --help lists every option of its row ----
# the full usage lines come from kumo COMMAND --help; each option of the line appears with its help
"$KUMO" --help >"$T/help" || ng "kumo --help exits 0"
while read -r line; do
    case "$line" in "kumo --help"* | "kumo COMMAND"* | "kumo [--db"*) continue ;; esac
    words=$(awk '{print $2; if ($3 ~ /^[a-z]+$/) print $3}' <<<"$line" | tr '\n' ' ')
    # shellcheck disable=SC2086
    h=$("$KUMO" $words --help 2>&1); hrc=$?
    [ "$hrc" -eq 0 ] || ng "kumo $words--help exits 0" "$h"
    full=$(grep -m1 "^kumo $words" <<<"$h")
    for opt in $(grep -oE '\[?(--[a-z-]+|-o)( |\]|$)' <<<"$full" | tr -d '[]'); do
        grep -qE "^  $opt( |,)" <<<"$h" || ng "kumo $words--help lists $opt" "$h"
    done
done < <(grep -E '^  kumo [a-z]' "$T/help" | sed 's/^  //')
ok "every command's --help exits 0 and lists each option of its usage line"
out=$("$KUMO" review --help); has "review --help documents --incident-detail" "$out" "--incident-detail 内容"
out=$("$KUMO" terminate --help); has "terminate --help documents --disposal" "$out" "--disposal "
out=$("$KUMO" user --help); has "user --help shows user enable" "$out" "kumo user enable ログイン名"

# ---- show by 申請番号 or 承認番号, in any case ----
as takahashi show r8-0001
check "show r8-0001 (lower case)" "$rc" 0
has "… finds R8-0001" "$out" $'申請番号\tR8-0001'
as takahashi show ap-r7-0001
check "show ap-r7-0001 (a 承認番号)" "$rc" 0
has "… shows the application it approved" "$out" $'承認番号\tAP-R7-0001'
as takahashi show ＲＸ-0001
check "show of an unknown number (exit 3)" "$rc" 3
has "… says so" "$out" "申請番号又は承認番号 ＲＸ-0001 の申請が見つかりません"
as takahashi export form ap-r7-0001 -o "$T/form.xlsx"
check "export form by a 承認番号 in lower case" "$rc" 0

# ---- exit statuses ----
as takahashi due
check "due with items: 1" "$rc" 1
as ito export reviews -o "$T/ito.xlsx"
check "a step the policy refuses: 3" "$rc" 3
out=$("$KUMO" --db "$T/none.db" show R8-0001 2>&1); rc=$?
check "a missing database: 3" "$rc" 3
as takahashi export reviews --fy 令和8 -o "$T/fy.xlsx"
check "--fy 令和8" "$rc" 0
has "… is 令和8年度" "$out" "令和8年度の年次利用状況確認"
as takahashi export reviews --fy r7 -o "$T/fy.xlsx"
has "--fy r7 is 令和7年度" "$out" "令和7年度の年次利用状況確認"
as takahashi export reviews --fy 八 -o "$T/fy.xlsx"
check "--fy 八 is a usage error" "$rc" 2

# ---- progress: on a terminal only; -q silences it and the notice ----
on_tty "'$KUMO' --db '$T/load.db' demo --rows 600"
check "demo --rows on a terminal succeeds" "$rc" 0
has "… showing its progress" "$out" "デモ用の申請を作成中"
"$KUMO" --db "$T/load2.db" demo --rows 600 >"$T/o" 2>"$T/e"; rc=$?
check "demo --rows with stderr not a terminal succeeds" "$rc" 0
check "… and prints no progress" "$(grep -c 作成中 "$T/e")" 0
on_tty "'$KUMO' -q --db '$T/load3.db' demo --rows 600"
check "demo -q on a terminal: nothing at all" "$rc:$out" "0:"
on_tty "KUMO_USER=takahashi '$KUMO' --db '$T/load.db' export applications -o '$T/apps.xlsx'"
has "an export of a large list shows its progress on a terminal" "$out" "申請一覧を書き出し中"
has "… then says what it wrote" "$out" "申請一覧を $T/apps.xlsx に出力しました"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
