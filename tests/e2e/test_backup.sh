#!/usr/bin/env bash
# kumo backup and kumo restore (issue 11 "Backups"): a consistent copy of a live database through SQLite's online
# backup API — taken while another process keeps writing, every copy intact and its audit chain whole — checked
# (integrity_check, the audit chain) before it is put in place, a plain one-file database; restore only with --yes,
# from a file that checks out, keeping the replaced database and recording itself in the audit trail; both for the
# システム管理者 only; the exit statuses of the one scheme. Run by tests/run.sh; alone:
# KUMO_BIN=./kumo bash tests/e2e/test_backup.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
case "$KUMO" in /*) ;; *) KUMO=$PWD/$KUMO ;; esac
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-backup.XXXXXX") || exit 2
WRITER=""
cleanup() { [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
DB=$T/live.db
as() { local who=$1; shift; out=$(KUMO_USER=$who "$KUMO" --db "$DB" "$@" 2>&1); rc=$?; }
q() { sqlite3 -batch -cmd '.timeout 5000' "$1" "$2" 2>&1; }

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "sqlite3 is needed to read the copies (make deps installs it)"; echo "RESULT: 0 passed, 1 failed"; exit 1
fi
# a demo with some extra rows, so that a copy takes more than one step of the backup
"$KUMO" -q --db "$DB" demo --rows 3000 || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# ---- a backup ----
as kato backup -o "$T/b1.db"
check "the システム管理者 makes a backup (exit 0)" "$rc" 0
has "… saying the copy was checked" "$out" "整合性検査 ok"
has "… and its audit trail" "$out" "監査証跡は完全です"
check "the copy passes integrity_check" "$(q "$T/b1.db" 'PRAGMA integrity_check')" ok
check "the copy is one plain file (journal_mode delete)" "$(q "$T/b1.db" 'PRAGMA journal_mode')" delete
[ -e "$T/b1.db-wal" ] && ng "… with no -wal beside it" || ok "… with no -wal beside it"
check "the copy holds every application" "$(q "$T/b1.db" 'SELECT count(*) FROM applications')" \
    "$(q "$DB" 'SELECT count(*) FROM applications')"
out=$(KUMO_USER=kato "$KUMO" --db "$T/b1.db" audit verify 2>&1); rc=$?
check "kumo audit verify on the copy: whole (exit 0)" "$rc" 0
ls -a "$T" | grep -q '^\.kumo-tmp-' && ng "no temporary folder is left" "$(ls -a "$T")" || ok "no temporary folder is left"
as takahashi backup -o "$T/no.db"
check "the 統括 may not make a backup (exit 3)" "$rc" 3
has "… told who may" "$out" "システム管理者が行います"
[ -e "$T/no.db" ] && ng "… and no file is made" || ok "… and no file is made"
KUMO_USER=kato "$KUMO" --db "$DB" backup -o - >"$T/stdout.db" 2>"$T/err"; rc=$?
check "backup -o - writes the copy to standard output" "$rc:$(q "$T/stdout.db" 'PRAGMA integrity_check')" "0:ok"
has "… the notice on stderr" "$(cat "$T/err")" "バックアップ 標準出力 を作成しました"
out=$(script -qfec "KUMO_USER=kato '$KUMO' --db '$DB' backup -o -" /dev/null 2>&1 </dev/null); rc=$?
check "backup -o - onto a terminal is refused (exit 2)" "$rc" 2
as kato backup
check "backup without -o is a usage error (exit 2)" "$rc" 2

# ---- a backup while another process writes ----
# the writer adds 部局 one after another through kumo (each a write transaction); its failures go to a file
writes() {
    local i=0
    while :; do
        i=$((i + 1))
        KUMO_USER=kato "$KUMO" -q --db "$DB" dept add "並行部局$i" >/dev/null 2>>"$T/writer.err" || echo "$i" >>"$T/writer.fail"
    done
}
: >"$T/writer.err"
before=$(q "$DB" "SELECT count(*) FROM departments")
writes &
WRITER=$!
# wait (without a fixed sleep) until the writer has written
for _ in $(seq 1 400); do
    [ "$(q "$DB" "SELECT count(*) FROM departments")" -gt "$before" ] && break
done
for n in 1 2 3; do
    KUMO_USER=kato "$KUMO" -q --db "$DB" backup -o "$T/live$n.db" >"$T/live$n.out" 2>&1 ||
        ng "backup $n while writing exits 0" "$(cat "$T/live$n.out")"
done
during=$(q "$DB" "SELECT count(*) FROM departments")
kill "$WRITER" 2>/dev/null
wait "$WRITER" 2>/dev/null
WRITER=""
check "the writer kept writing while the backups ran" "$([ "$during" -gt "$before" ] && echo yes)" yes
check "… and none of its writes failed" "$(cat "$T/writer.fail" 2>/dev/null | wc -l | tr -d ' ')" 0
for n in 1 2 3; do
    check "backup $n taken during writes passes integrity_check" "$(q "$T/live$n.db" 'PRAGMA integrity_check')" ok
    out=$(KUMO_USER=kato "$KUMO" --db "$T/live$n.db" audit verify 2>&1); rc=$?
    check "backup $n taken during writes: its audit chain is whole (a consistent snapshot)" "$rc" 0
    got=$(q "$T/live$n.db" "SELECT count(*) FROM departments")
    check "backup $n holds the 部局 of one moment (between before and after)" \
        "$([ "$got" -ge "$before" ] && [ "$got" -le "$(q "$DB" "SELECT count(*) FROM departments")" ] && echo yes)" yes
done

# ---- restore ----
as kato backup -o "$T/restore-from.db"
as kato dept add 復元後に消える部局
as kato restore "$T/restore-from.db"
check "restore without --yes only says what it would do (exit 2)" "$rc" 2
has "… naming what it replaces" "$out" "$DB を置き換えます"
check "… and changes nothing" "$(q "$DB" "SELECT count(*) FROM departments WHERE name = '復元後に消える部局'")" 1
as takahashi restore "$T/restore-from.db" --yes
check "the 統括 may not restore (exit 3)" "$rc" 3
as kato restore "$T/restore-from.db" --yes
check "the システム管理者 restores with --yes (exit 0)" "$rc" 0
has "… naming where the replaced database was kept" "$out" "置き換えたデータベースは $DB.replaced-"
check "the database is the backup's again (the 部局 added after it is gone)" \
    "$(q "$DB" "SELECT count(*) FROM departments WHERE name = '復元後に消える部局'")" 0
kept=$(ls "$DB".replaced-* 2>/dev/null | head -n 1)
check "the replaced database is kept, with that 部局" "$(q "$kept" "SELECT count(*) FROM departments WHERE name = '復元後に消える部局'")" 1
check "… intact" "$(q "$kept" 'PRAGMA integrity_check')" ok
out=$(KUMO_USER=kato "$KUMO" --db "$DB" audit verify 2>&1); rc=$?
check "after the restore the audit trail is whole" "$rc" 0
check "… and its last record is the restore" "$(q "$DB" "SELECT action FROM audit ORDER BY seq DESC LIMIT 1")" "データベース復元"
as kato show R8-0001
check "the restored database works" "$rc" 0

# refused: not a kumo database, a damaged file, a copy whose trail was edited, a missing file
printf 'not a database' >"$T/text.db"
as kato restore "$T/text.db" --yes
check "restore from a file that is not a database (exit 3)" "$rc" 3
has "… says so" "$out" "kumo のデータベースではありません"
q "$T/other.db" "CREATE TABLE t(x)" >/dev/null
as kato restore "$T/other.db" --yes
check "restore from another program's database (exit 3)" "$rc" 3
cp "$T/b1.db" "$T/tampered.db"
# (the search index's trigger on a 部局's name needs kumo's SQL function, which the sqlite3 shell has not: dropped first)
q "$T/tampered.db" "DROP TRIGGER IF EXISTS dept_search_au; UPDATE departments SET name = '改ざん' WHERE id = 1" >/dev/null
as kato restore "$T/tampered.db" --yes
check "restore from a copy edited behind kumo's back (exit 3)" "$rc" 3
has "… naming the audit trail" "$out" "監査証跡が記録と一致しません"
cp "$T/b1.db" "$T/broken.db"
size=$(stat -c %s "$T/broken.db")
dd if=/dev/zero of="$T/broken.db" bs=4096 seek=3 count=8 conv=notrunc 2>/dev/null
as kato restore "$T/broken.db" --yes
check "restore from a damaged copy (exit 3)" "$rc" 3
check "… and the database is untouched" "$(q "$DB" 'PRAGMA integrity_check')" ok
as kato restore "$T/none.db" --yes
check "restore from a missing file (exit 3)" "$rc" 3
as kato restore
check "restore without a file is a usage error (exit 2)" "$rc" 2

# a backup of a database whose trail does not fit: the copy is kept (it is what the database holds), exit 1
q "$DB" "DROP TRIGGER IF EXISTS dept_search_au; UPDATE departments SET name = '裏で変更' WHERE id = 2" >/dev/null
as kato backup -o "$T/of-tampered.db"
check "backup of a database edited behind kumo's back: made, exit 1" "$rc:$([ -s "$T/of-tampered.db" ] && echo made)" "1:made"
has "… saying the trail does not fit" "$out" "監査証跡と記録が一致しません"
[ "$size" -gt 0 ] || ng "the copy has a size"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
