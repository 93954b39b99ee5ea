#!/usr/bin/env bash
# Input the command line refuses before it writes anything: an 氏名 for `kumo init` longer than the 40 characters a
# user's 氏名 has everywhere else (it was cut into the users table), and the positional arguments of the lifecycle
# commands read past option values (one list of options that take a value). Run by tests/run.sh; runnable alone
# with KUMO_BIN=./kumo bash tests/e2e/test_cli_input.sh. Also the usage text and --help, made from the command
# table (cli/).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }

long=$(printf '名%.0s' $(seq 41))
out=$("$KUMO" --db "$T/a.db" init --org テスト市 --name "$long" 2>&1); rc=$?
check "init: a 41-character 氏名 is a usage error (exit 2)" "$rc" 2
has "init: the message names the field and the rule" "$out" "氏名（--name）は制御文字を含まない40文字以内"
if [ -e "$T/a.db" ]; then ng "init: nothing is created"; else ok "init: nothing is created"; fi
forty=$(printf '名%.0s' $(seq 40))
"$KUMO" --db "$T/a.db" init --org テスト市 --name "$forty" >/dev/null 2>&1; rc=$?
check "init: 40 characters are accepted" "$rc" 0

"$KUMO" --db "$T/demo.db" demo >/dev/null || ng "kumo demo"
# A checklist answered item by item as a file (kumo checklist KEY gives its items): every item 適合 with its 確認内容.
answers_file() { KUMO_USER=takahashi "$KUMO" --db "$1" checklist "$2" | sed 's/^"\([^"]*\)","","",/"\1","適合","手順書・記録簿で確認",/' >"$3"; }
answers_file "$T/demo.db" operate "$T/operate.csv"
# option values before the 承認番号 are not taken for it
out=$(KUMO_USER=matsumoto "$KUMO" --db "$T/demo.db" review --date 2026-11-20 --status 継続 AP-R7-0003 \
    --answers-file "$T/operate.csv" 2>&1); rc=$?
check "review: options before the 承認番号 (exit 0)" "$rc" 0
has "review: recorded for the right service" "$out" "AP-R7-0003（施設予約サービス）の利用状況確認を記録しました"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" review list AP-R7-0003 2>&1)
has "review list: shows the new review" "$out" $'2026-11-20\t松本 由美\t継続'

# usage and --help come from the command table: every form of a command with its options
out=$("$KUMO" terminate --help 2>&1); rc=$?
check "terminate --help exits 0" "$rc" 0
has "terminate --help shows accept and return" "$out" "kumo terminate accept 承認番号 [--comment 所見・理由]"
has "terminate --help lists --plan-reason with its help" "$out" "--plan-reason 理由"
out=$("$KUMO" --help 2>&1)
has "kumo --help lists user enable" "$out" "kumo user enable ログイン名"
out=$("$KUMO" --db "$T/demo.db" export bogus 2>&1); rc=$?
check "export with an unknown kind is a usage error (exit 2)" "$rc" 2
has "… listing the kinds" "$out" "applications  申請一覧を Excel に出力"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" manager AP-R7-0003 2>&1); rc=$?
check "manager without a login is a usage error (exit 2)" "$rc" 2
has "… with the row's usage line" "$out" "使い方: kumo manager 承認番号 ログイン名 [--reason 理由]"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
