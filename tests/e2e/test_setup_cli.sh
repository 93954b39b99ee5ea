#!/usr/bin/env bash
# Setting up a real database from the command line (issue 12): kumo init names the administrator (--name), the 部局 are
# renamed, retired and brought back with audit records (kumo dept rename|retire|restore), a manager the register import
# made for a name it could not match (imported-001) is connected to the person's login keeping the services they
# manage (kumo user set OLD --login NEW), and a second 情報セキュリティ責任者 of a 部局 is warned about (ポリシー004
# §1(3)①), not refused. Run by tests/run.sh; alone: KUMO_BIN=./kumo bash tests/e2e/test_setup_cli.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-setup.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
hasnt() { if grep -qF -- "$3" <<<"$2"; then ng "$1" "unexpected [$3] in:
$2"; else ok "$1"; fi; }

DB=$T/real.db
me=$(id -un)
k() { "$KUMO" --db "$DB" "$@"; }

out=$(k init --org みらい市 --name "加藤 誠" </dev/null 2>&1); rc=$?
check "init --name: exit 0" "$rc" 0
has "init says the administrator by login and name" "$out" "システム管理者: $me（加藤 誠）"
has "init says the first screen guides the setup" "$out" "初期設定（部局・利用者と役割・利用状況確認の間隔・台帳の取込）"
has "the administrator is listed by their 氏名" "$(k user list)" $'\t加藤 誠\tadmin'

# 部局: added, renamed (the users in it follow), retired only when empty, offered for nothing new, brought back
k dept add 総務部 >/dev/null && k dept add 企画部 >/dev/null
k user add sato "佐藤 一郎" --role dept_head --dept 総務部 >/dev/null
out=$(k dept rename 総務部 総務局 2>&1); rc=$?
check "dept rename: exit 0" "$rc" 0
has "dept rename says what it did" "$out" "部局「総務部」を「総務局」に変更しました"
has "the user's 部局 follows the new name" "$(k user list)" $'sato\t佐藤 一郎\tdept_head\t情報セキュリティ責任者\t総務局'
out=$(k dept retire 総務局 2>&1); rc=$?
check "retiring a 部局 with users in it: exit 3" "$rc" 3
has "the refusal names who is in it" "$out" "総務局には有効な利用者が 1人います（佐藤 一郎）"
out=$(k dept retire 企画部 2>&1); rc=$?
check "dept retire: exit 0" "$rc" 0
hasnt "a retired 部局 is not listed" "$(k dept list)" "企画部"
out=$(k user add yoshida "吉田 亮" --role staff --dept 企画部 2>&1); rc=$?
check "a user in a retired 部局: exit 3" "$rc" 3
has "the refusal says it is retired" "$out" "部局「企画部」は廃止されています"
check "dept restore: exit 0" "$(k dept restore 企画部 >/dev/null 2>&1; echo $?)" 0
has "a restored 部局 is listed again" "$(k dept list)" "企画部"
# the trail is read as its readers would (監査); here straight from the table, the administrator may not
trail=$(sqlite3 "$DB" "SELECT action || ' ' || changes FROM audit ORDER BY seq")
has "the audit trail records the rename" "$trail" "部局名変更"
has "the audit trail records the retirement" "$trail" "部局廃止"
has "the audit trail records the restoration" "$trail" "部局再開"

# a second 情報セキュリティ責任者 of 総務局: warned (004 §1(3)①), done
out=$(k user add suzuki "鈴木 花子" --role dept_head --dept 総務局 2>&1); rc=$?
check "a second 情報セキュリティ責任者 is added (exit 0)" "$rc" 0
has "with the warning naming the one already there" "$out" "注意: 総務局には既に情報セキュリティ責任者 佐藤 一郎（sato）がいます"
has "and the clause" "$out" "ポリシー004 §1(3)①"
out=$(k user add ito "伊藤 大輔" --role staff --dept 総務局 2>&1)
hasnt "no warning for a 職員等" "$out" "注意"

# the register import makes imported-001 for a manager it cannot match; connected to the person's login, the
# service stays theirs
k user add takahashi "高橋 健" --role approver --dept 企画部 >/dev/null
cat >"$T/old.csv" <<'EOF'
承認番号,クラウドサービス名,提供者,部局,機密性,承認日,利用開始日,利用終了日(予定),クラウドサービス管理者,次回確認期限,状態
,庁内ポータル,株式会社コーパス,企画部,2,2026-04-01,2026-05-01,,山田 太郎,2027-04-01,
EOF
k import register "$T/old.csv" --create-missing >/dev/null 2>&1
has "the import made imported-001 for 山田 太郎" "$(k user list)" $'imported-001\t山田 太郎'
out=$(k user set imported-001 --login sato 2>&1); rc=$?
check "a login in use is refused (exit 3)" "$rc" 3
has "the refusal says how to hand the services over instead" "$out" "kumo user disable imported-001 --successor sato"
out=$(k user set imported-001 --login yamada 2>&1); rc=$?
check "user set --login: exit 0" "$rc" 0
users=$(k user list)
has "the user now logs in as yamada" "$users" $'yamada\t山田 太郎'
hasnt "imported-001 is gone" "$users" "imported-001"
reg=$(KUMO_USER= k export register --csv -o - 2>/dev/null)
has "the service keeps its manager" "$reg" "庁内ポータル"
has "by the same name" "$reg" "山田 太郎"
has "the audit trail records the login change" "$(sqlite3 "$DB" "SELECT changes FROM audit ORDER BY seq DESC LIMIT 3")" \
    "ログイン名: imported-001 → yamada"
check "the chain is whole" "$(k audit verify >/dev/null 2>&1; echo $?)" 0

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
