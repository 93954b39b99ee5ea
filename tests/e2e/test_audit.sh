#!/usr/bin/env bash
# The audit trail from the command line (issue 8, "The audit trail"): `kumo audit verify` says the demo's trail is
# whole; editing, inserting or deleting a row of history, applications, services, users or of the audit table
# itself with sqlite3, behind kumo's back, makes it exit 1 and name what does not fit; `kumo audit head`; the
# 監査証跡 workbook (openpyxl) and the head in the footer of every workbook; who may read the trail; the rules of
# 004 §1(8)② and of a leaving manager's successor. Run by tests/run.sh (KUMO_TODAY=2026-11-23).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-audit.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
DB="$T/demo.db"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
as() { local u=$1 db=$2; shift 2; KUMO_USER=$u "$KUMO" --db "$db" "$@" 2>&1; }

PY=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done

"$KUMO" --db "$DB" demo >/dev/null || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# ---- the demo's trail is whole ----
out=$(as kobayashi "$DB" audit verify); rc=$?
check "監査 verifies the demo's trail: exit 0" "$rc" 0
has "…and says it is whole, with the count and the head" "$out" "監査証跡は完全です（"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit")
last=$(sqlite3 "$DB" "SELECT seq FROM audit ORDER BY seq DESC LIMIT 1")
short=$(sqlite3 "$DB" "SELECT substr(hash, 1, 12) FROM audit ORDER BY seq DESC LIMIT 1")
has "…the count is the number of records" "$out" "（${n}件, 最終 #${last} "
has "…and the head's short hash ends it" "$out" "${short}）"
out=$(as kato "$DB" audit head); rc=$?
check "audit head: exit 0" "$rc" 0
has "…prints the sequence number, date and short hash" "$out" "#${last} 2026-"
has "…" "$out" "$short"
out=$(as sato "$DB" audit verify); rc=$?
check "a 情報セキュリティ責任者 may not run verify" "$rc" 3
has "…told who may" "$out" "監査証跡の検証は"

# ---- tampering behind kumo's back: each on a fresh copy ----
tamper() {   # name, SQL, what the message must name
    local name=$1 sql=$2 want=$3 db="$T/t.db"
    rm -f "$db" "$db-wal" "$db-shm"
    sqlite3 "$DB" ".backup '$db'"
    # the search index's triggers need kumo's own SQL function and tokenizer (db/search.c), which the sqlite3 shell
    # does not have: someone writing behind kumo's back drops them first
    local untrigger="DROP TRIGGER IF EXISTS app_search_ai; DROP TRIGGER IF EXISTS app_search_au;
      DROP TRIGGER IF EXISTS app_search_ad; DROP TRIGGER IF EXISTS svc_search_ai; DROP TRIGGER IF EXISTS svc_search_au;
      DROP TRIGGER IF EXISTS svc_search_ad; DROP TRIGGER IF EXISTS dept_search_au; DROP TRIGGER IF EXISTS user_search_au;"
    if ! sqlite3 "$db" "$untrigger $sql" 2>"$T/err"; then ng "$name: the SQL ran" "$(cat "$T/err")"; return; fi
    local out rc
    out=$(as kobayashi "$db" audit verify); rc=$?
    check "$name: verify exits 1" "$rc" 1
    has "$name: …and names it" "$out" "$want"
}
tamper "an edited history row" "UPDATE history SET comment = '問題なし' WHERE id = 3" "履歴"
tamper "an inserted history row" \
    "INSERT INTO history(app_id, at, user_id, action) VALUES (1, '2026-11-23T10:00:00+09:00', 3, '承認')" \
    "の監査記録がありません"
tamper "a deleted history row" "DELETE FROM history WHERE id = 5" "履歴（id 5）がありません"
tamper "an edited application" "UPDATE applications SET purpose = '書き換え' WHERE id = 1" "申請「R7-0001"
tamper "an inserted application" \
    "INSERT INTO applications(applicant_id, dept_id, created_at, updated_at) VALUES (1, 1, 'x', 'x')" \
    "の監査記録がありません（kumo を通さずに追加されています）"
tamper "a deleted application" "DELETE FROM applications WHERE state = 'draft' AND id = (SELECT max(id) FROM applications WHERE state = 'draft')" \
    "申請（id"
tamper "an edited 確認事項 answer" "UPDATE checklist_answers SET answer = '適合' WHERE answer = '不適合'" "一致しません"
tamper "an edited service" "UPDATE services SET manager_id = (SELECT id FROM users WHERE login = 'kato') WHERE approval_no = 'AP-R7-0001'" \
    "サービス「AP-R7-0001 電子申請サービス」"
tamper "an inserted service" \
    "INSERT INTO services(approval_no, name, dept_id, conf, approved_on, start_date, next_review_due) VALUES ('AP-X-9', '裏口', 1, '2', '2026-01-01', '2026-01-01', '2027-01-01')" \
    "サービス「AP-X-9 裏口」"
tamper "a deleted service" "DELETE FROM history WHERE service_id = 8; DELETE FROM reviews WHERE service_id = 8; DELETE FROM terminations WHERE service_id = 8; UPDATE applications SET service_id = NULL WHERE service_id = 8; DELETE FROM services WHERE id = 8" \
    "（id"
tamper "an edited user (an approver made behind kumo's back)" "UPDATE users SET role = 'approver' WHERE login = 'sato'" \
    "利用者「sato 佐藤 一郎」"
tamper "an inserted user" "INSERT INTO users(login, name, role) VALUES ('mallory', '侵入者', 'admin')" "利用者「mallory 侵入者」"
tamper "a deleted user" "DELETE FROM users WHERE login = 'nakamura'" "利用者（id"
tamper "an edited audit record" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'kato' WHERE seq = 20" \
    "監査記録 #20"
tamper "a deleted audit record" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 20" "#20 がありません"
tamper "an inserted audit record" \
    "INSERT INTO audit SELECT seq + 1, at, zone, actor, actor_name, actor_role, os_login, action, kind, entity_id, entity_no, dept, changes, comment, prev, hash || '0' FROM audit WHERE seq = (SELECT max(seq) FROM audit)" \
    "監査記録 #$((last + 1))"
tamper "the last audit record deleted with its rows" \
    "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_entity_no_delete; DELETE FROM audit_entity WHERE seq = $last; DELETE FROM audit WHERE seq = $last" \
    "一致しません"

# the schema refuses to change or delete a record, even with sqlite3
out=$(sqlite3 "$DB" "DELETE FROM audit WHERE seq = 1" 2>&1); rc=$?
check "sqlite3 cannot delete an audit record while the trigger stands" "$([ "$rc" -ne 0 ] && echo refused)" refused
has "…the trigger says why" "$out" "audit records cannot be deleted"
out=$(sqlite3 "$DB" "UPDATE audit SET comment = '' WHERE seq = 1" 2>&1); rc=$?
check "…nor change one" "$([ "$rc" -ne 0 ] && echo refused)" refused
has "…the trigger says why" "$out" "audit records cannot be changed"

# ---- steps leave records; the rules that keep the record honest ----
b=$(sqlite3 "$DB" "SELECT max(seq) FROM audit")
out=$(as kato "$DB" user set yoshida --role auditor); rc=$?
check "a designated クラウドサービス管理者 cannot be made 監査 (004 §1(8)②)" "$rc" 3
has "…the rule is cited" "$out" "§1(8)②"
has "…and the service named" "$out" "AP-R7-0001"
out=$(as kato "$DB" user disable suzuki); rc=$?
check "disabling a manager without a successor is refused" "$rc" 3
has "…listing the services" "$out" "AP-R7-0004"
has "…and saying how" "$out" "--successor"
check "…and nothing was recorded" "$(sqlite3 "$DB" "SELECT max(seq) FROM audit")" "$b"
out=$(as kato "$DB" user disable suzuki --successor sato); rc=$?
check "with --successor the user is disabled" "$rc" 0
check "…their services go to the successor" \
    "$(sqlite3 "$DB" "SELECT group_concat(no) FROM (SELECT s.approval_no AS no FROM services s JOIN users u ON u.id = s.manager_id WHERE u.login = 'sato' AND s.approval_no IN ('AP-R7-0004','AP-R8-0001') ORDER BY 1)")" \
    "AP-R7-0004,AP-R8-0001"
check "…in one audit record" "$(sqlite3 "$DB" "SELECT count(*) || ' ' || action || ' ' || actor || ' ' || actor_role FROM audit WHERE seq > $b")" \
    "1 利用者無効化 kato admin"
has "…whose changes name each service" "$(sqlite3 "$DB" "SELECT changes FROM audit WHERE seq > $b")" "AP-R7-0004: suzuki → sato"
b=$(sqlite3 "$DB" "SELECT max(seq) FROM audit")
as kato "$DB" dept add 監査委員事務局 >/dev/null
as kato "$DB" user add mori "森 花子" --role staff --dept 総務部 >/dev/null
as kato "$DB" user set mori --role dept_head --dept 企画部 >/dev/null
check "部局追加, 利用者追加 and 人事異動 each leave one record, by the admin" \
    "$(sqlite3 "$DB" "SELECT group_concat(action || '/' || actor || '/' || actor_role, ' ') FROM (SELECT * FROM audit WHERE seq > $b ORDER BY seq)")" \
    "部局追加/kato/admin 利用者追加/kato/admin 人事異動/kato/admin"
has "…the 人事異動 records before → after" "$(sqlite3 "$DB" "SELECT changes FROM audit WHERE seq = $b + 3")" \
    "役割: 職員等 → 情報セキュリティ責任者"
out=$(as kobayashi "$DB" audit verify); rc=$?
check "after all that the trail still verifies" "$rc" 0

# ---- the attack of issue 8: on a real database, the demo flag set with sqlite3 to act as someone else ----
me=$(id -un)
R="$T/real.db"
"$KUMO" --db "$R" init --org 本番市 --admin "$me" --name 管理者 >/dev/null 2>&1
"$KUMO" --db "$R" dept add 総務部 >/dev/null 2>&1
"$KUMO" --db "$R" user add mori "森 花子" --role staff --dept 総務部 >/dev/null 2>&1
out=$(as mori "$R" due); rc=$?
check "a real database: KUMO_USER is refused" "$rc" 3
out=$("$KUMO" --db "$R" audit verify 2>&1); rc=$?
check "the システム管理者 verifies the real database's trail: exit 0" "$rc" 0
cp "$R" "$T/real2.db"
sqlite3 "$T/real2.db" "UPDATE settings SET value = '0' WHERE key = 'review_interval_months'"
out=$("$KUMO" --db "$T/real2.db" audit verify 2>&1); rc=$?
check "a setting changed behind kumo's back: verify exits 1" "$rc" 1
has "…naming the settings" "$out" "設定（id 0）"
sqlite3 "$R" "UPDATE settings SET value = '1' WHERE key = 'demo'"
out=$(as mori "$R" due); rc=$?
check "the demo flag set behind kumo's back: KUMO_USER is still refused" "$rc" 3
has "…saying the settings do not fit the trail" "$out" "監査証跡と一致しません"
out=$("$KUMO" --db "$R" audit verify 2>&1); rc=$?
check "…and verify exits 1" "$rc" 1
has "…naming the settings" "$out" "設定（id 0）"

# ---- the export ----
out=$(as kato "$DB" audit export -o "$T/a.xlsx"); rc=$?
check "the システム管理者 may not export the trail (the audited do not audit)" "$rc" 3
out=$(as kobayashi "$DB" audit export --from 2026-11-01 --to 2026-11-30 --actor kato -o "$T/a.xlsx"); rc=$?
check "監査 exports a period and an actor" "$rc" 0
want=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE actor = 'kato' AND at >= '2026-11-01' AND at < '2026-12-01'")
has "…saying how many" "$out" "監査記録 ${want} 件"
out=$(as takahashi "$DB" audit export --action 人事異動 -o "$T/b.xlsx"); rc=$?
check "統括 exports one action" "$rc" 0
# a filter naming nothing is a typo, not "nothing happened": refused, no workbook
for f in "--dept 無い部局:部局「無い部局」は登録にも監査証跡にもありません" "--actor nobody:操作者「nobody」は" \
         "--action 承認済:操作「承認済」は監査証跡にありません（記録されている操作: "; do
    opt=${f%%:*} said=${f#*:}
    out=$(as kobayashi "$DB" audit export $opt -o "$T/typo.xlsx"); rc=$?
    check "audit export $opt (names nothing): exit 3" "$rc" 3
    has "…saying so" "$out" "$said"
    [ -e "$T/typo.xlsx" ] && ng "…and writes no workbook" || ok "…and writes no workbook"
done
out=$(as kobayashi "$DB" audit export --dept 総務部 -o "$T/c.xlsx"); rc=$?
check "監査 exports one 部局" "$rc" 0
has "…saying how many" "$out" "監査記録 $(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE dept = '総務部'") 件"
as kobayashi "$DB" export register -o "$T/r.xlsx" >/dev/null
as kobayashi "$DB" export applications -o "$T/l.xlsx" >/dev/null
as kobayashi "$DB" export reviews --fy 2026 -o "$T/y.xlsx" >/dev/null
as kobayashi "$DB" export form R8-0001 -o "$T/f.xlsx" >/dev/null
head=$(as kobayashi "$DB" audit head)
if [ -n "$PY" ]; then
    out=$("$PY" - "$T" "$want" "$head" <<'EOF' 2>&1
import sys, openpyxl
t, want, head = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wb = openpyxl.load_workbook(t + "/a.xlsx")
ws = wb["監査証跡"]
hdr = [c.value for c in ws[1]]
assert hdr[:8] == ["番号", "日時", "タイムゾーン", "操作者", "操作者の氏名", "操作者の役割", "OS のログイン名", "操作"], hdr
rows = list(ws.iter_rows(min_row=2, values_only=True))
assert len(rows) == want, (len(rows), want)
assert all(r[3] == "kato" for r in rows), rows
assert all(r[1].startswith("2026-11") for r in rows), rows
assert [r[0] for r in rows] == sorted(r[0] for r in rows)
assert any("役割: 職員等 → 情報セキュリティ責任者" in (r[12] or "") for r in rows)
assert all(len(r[15]) == 64 for r in rows)
b = openpyxl.load_workbook(t + "/b.xlsx")["監査証跡"]
assert all(r[7] == "人事異動" for r in b.iter_rows(min_row=2, values_only=True))
c = openpyxl.load_workbook(t + "/c.xlsx")["監査証跡"]
crows = list(c.iter_rows(min_row=2, values_only=True))
assert crows and all(r[11] == "総務部" for r in crows), set(r[11] for r in crows)
# the head in the footer of every sheet of every workbook
for f in ("a", "b", "r", "l", "y", "f"):
    for s in openpyxl.load_workbook(t + "/" + f + ".xlsx").worksheets:
        foot = s.oddFooter.left.text or ""
        assert "監査証跡 " + head in foot, (f, s.title, foot, head)
print("ok")
EOF
)
    check "the workbook holds every record asked for, oldest first, and every sheet's footer the head" "$out" "ok"
else
    ng "python3-openpyxl is needed to read the workbooks"
fi

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
