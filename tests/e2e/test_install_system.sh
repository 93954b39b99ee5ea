#!/usr/bin/env bash
# Many OS users on one server (issue 8, "Deployment for many users on one host"), as root (CI runs the tests as
# root; elsewhere this prints a SKIP line): `make install-system` into a temporary PREFIX and STATEDIR with a group
# of its own, `kumo init --admin`, and two OS users made for the test who are not in the group. It shows that each
# works through kumo, neither can open the database with sqlite3 (or anything else), the database and its -wal/-shm
# are 0660 in the group, an export lands owned by its user with the user's umask, kumo opens no file of the group's
# for a user (an import of the database itself, an export into the state folder), KUMO_USER, KUMO_TEMPLATE_DIR and
# ./templates steer nothing, --db elsewhere gives up the group, only root makes the shared database, and links
# planted at an export's destination or swapped in for its private folder are never followed. The users and the
# group are removed afterwards, also on failure. Run by tests/run.sh; alone: KUMO_BIN=./kumo bash tests/e2e/…
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
REPO=$PWD
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: test_install_system.sh needs root (make install-system, useradd); CI runs it as root"
    echo "RESULT: 0 passed, 0 failed"
    exit 0
fi
# make sanitize: LeakSanitizer refuses to run in a setgid process ("LeakSanitizer has encountered a fatal error"),
# and the installed binary is built with the same flags
if [ -n "${KUMO_BIN:-}" ] && ldd "$KUMO_BIN" 2>/dev/null | grep -q libasan; then
    echo "SKIP: test_install_system.sh: the address sanitizer does not run setgid (make sanitize); make test runs it"
    echo "RESULT: 0 passed, 0 failed"
    exit 0
fi
for tool in useradd userdel groupadd groupdel runuser getent flock; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: test_install_system.sh needs $tool"
        echo "RESULT: 0 passed, 0 failed"
        exit 0
    fi
done
export TZ=Asia/Tokyo LANG=C.UTF-8
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d /tmp/kumo-sys.XXXXXX) || exit 2
chmod 0755 "$T"
G=kumot$$ A=kumoa$$ B=kumob$$
SWAPPER=""
cleanup() {
    [ -n "$SWAPPER" ] && kill "$SWAPPER" 2>/dev/null
    runuser -u "$A" -- tmux -S "$T/home-$A/tmux" kill-server 2>/dev/null
    for u in "$A" "$B"; do getent passwd "$u" >/dev/null && userdel "$u" 2>/dev/null; done
    for g in "$A" "$B" "$G"; do getent group "$g" >/dev/null && groupdel "$g" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
yes_if() { if eval "$2"; then ok "$1"; else ng "$1" "not true: $2"; fi; }
finish() { echo "RESULT: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

# ---- install ----
PREFIX=$T/prefix STATE=$T/state
# a build of its own with the default flags (not the sanitizer build's: the variables of a make that runs the tests
# are not passed on)
out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$REPO" --no-print-directory -j2 install-system PREFIX="$PREFIX" STATEDIR="$STATE" KUMO_GROUP="$G" \
    BUILD="$T/build" BIN="$T/build/kumo" 2>&1); rc=$?
check "make install-system exits 0" "$rc" 0
[ "$rc" -eq 0 ] || { printf '%s\n' "$out" | tail -20; finish; }
K=$PREFIX/bin/kumo
yes_if "the group $G was made" "getent group $G >/dev/null"
check "the binary is root:$G, setgid (2755)" "$(stat -c '%U:%G %a' "$K")" "root:$G 2755"
check "the state folder is root:$G 2770" "$(stat -c '%U:%G %a' "$STATE")" "root:$G 2770"
yes_if "templates and the man page are installed" "[ -f '$PREFIX/share/kumo/templates/index.csv' ] && [ -f '$PREFIX/share/man/man1/kumo.1' ]"

for u in "$A" "$B"; do
    useradd -M -d "$T/home-$u" -s /bin/sh "$u" || { ng "useradd $u"; finish; }
    mkdir -p "$T/home-$u" && chown "$u:" "$T/home-$u" && chmod 0700 "$T/home-$u"
done
yes_if "the users are not in the group" "! id -nG $A | grep -qw $G && ! id -nG $B | grep -qw $G"
as() { local u=$1; shift; (cd "$T/home-$u" && runuser -u "$u" -- "$@"); }

# ---- only root makes the shared database ----
out=$(as "$A" "$K" init --org 乗っ取り市 2>&1); rc=$?
yes_if "a user cannot make the shared database (and become its admin)" "[ $rc -ne 0 ] && [ ! -e '$STATE/kumo.db' ]"
has "… told that only root makes it" "$out" "作成できるのは root だけです"
out=$("$K" init --org 試験市 --admin "$A" --name "管理 太郎" 2>&1); rc=$?
check "root: kumo init --org --admin exits 0" "$rc" 0
has "… naming the admin" "$out" "システム管理者: $A"
check "the database is root:$G 0660" "$(stat -c '%U:%G %a' "$STATE/kumo.db")" "root:$G 660"

# ---- each user works through kumo ----
out=$(as "$A" "$K" dept add 総務部 2>&1); rc=$?
check "$A (admin) adds a 部局 through kumo" "$rc" 0
out=$(as "$A" "$K" user add "$B" "統括 次郎" --role approver --dept 総務部 2>&1); rc=$?
check "$A adds $B as 統括情報セキュリティ責任者" "$rc" 0
# the real date (a privileged run reads no KUMO_TODAY): approved two days ago, reviewed yesterday
approved=$(date -d '2 days ago' +%F) reviewed=$(date -d yesterday +%F)
printf '承認番号,クラウドサービス名,サービス提供者,部局,機密性,承認日,利用開始日\nAP-SYS-0001,共有サービス,株式会社共有,総務部,2,%s,%s\n' \
    "$approved" "$approved" >"$T/home-$A/reg.csv"
chown "$A:" "$T/home-$A/reg.csv" && chmod 0600 "$T/home-$A/reg.csv"
out=$(as "$A" "$K" import register reg.csv 2>&1); rc=$?
check "$A imports a register from a file only $A may read" "$rc" 0
# a template folder in the working folder and KUMO_TEMPLATE_DIR must steer nothing: both are broken here
mkdir -p "$T/home-$B/templates" "$T/home-$B/evil"
echo 'key,file' >"$T/home-$B/templates/index.csv"
echo 'broken "quote' >"$T/home-$B/evil/index.csv"
chown -R "$B:" "$T/home-$B"
# the 運用・保守時チェックリスト answered item by item in a file of $B's own (kumo checklist gives its items)
as "$B" "$K" checklist operate 2>/dev/null | sed 's/^"\([^"]*\)","","",/"\1","適合","手順書で確認",/' >"$T/home-$B/operate.csv"
chown "$B:" "$T/home-$B/operate.csv" && chmod 0600 "$T/home-$B/operate.csv"
out=$(as "$B" env KUMO_TEMPLATE_DIR="$T/home-$B/evil" "$K" review AP-SYS-0001 --date "$reviewed" --status 継続 \
      --answers-file "$T/home-$B/operate.csv" 2>&1); rc=$?
check "$B records a 利用状況確認 through kumo (./templates and KUMO_TEMPLATE_DIR ignored)" "$rc" 0
out=$(as "$B" "$K" review list AP-SYS-0001 2>&1)
has "… and it is in the record" "$out" "統括 次郎"

# ---- nobody reaches the file but through kumo ----
out=$(as "$A" sqlite3 "$STATE/kumo.db" 'SELECT count(*) FROM users' 2>&1); rc=$?
yes_if "$A cannot open the database with sqlite3" "[ $rc -ne 0 ]"
out=$(as "$B" sqlite3 "$STATE/kumo.db" 'SELECT count(*) FROM users' 2>&1); rc=$?
yes_if "$B cannot open the database with sqlite3" "[ $rc -ne 0 ]"
yes_if "$B cannot read it at all" "! as $B cat '$STATE/kumo.db' >/dev/null 2>&1"
out=$(as "$A" "$K" import register "$STATE/kumo.db" 2>&1); rc=$?
yes_if "kumo opens no file of the group's for a user (import of the database itself)" "[ $rc -ne 0 ]"
has "… refused for want of the user's own rights" "$out" "読む権限がありません"
out=$(as "$B" "$K" export register -o "$STATE/leak.xlsx" 2>&1); rc=$?
yes_if "kumo makes no file in the state folder for a user" "[ $rc -ne 0 ] && [ ! -e '$STATE/leak.xlsx' ]"

# ---- an export is the user's ----
out=$(as "$B" sh -c "umask 027 && '$K' export register -o '$T/home-$B/台帳.xlsx'" 2>&1); rc=$?
check "$B exports the register" "$rc" 0
check "the export is owned by $B with $B's group and umask (640)" "$(stat -c '%U:%G %a' "$T/home-$B/台帳.xlsx")" "$B:$B 640"

# ---- the backup and the trail, through kumo only ----
out=$(as "$A" sh -c "umask 077 && '$K' backup -o '$T/home-$A/控え.db'" 2>&1); rc=$?
check "$A (admin) backs the shared database up through kumo" "$rc" 0
check "… into a file of $A's own (owner, group, umask: 600)" "$(stat -c '%U:%G %a' "$T/home-$A/控え.db" 2>&1)" "$A:$A 600"
check "… that is a whole database" "$(as "$A" sqlite3 "$T/home-$A/控え.db" 'PRAGMA integrity_check' 2>&1)" ok
out=$(as "$B" "$K" audit verify 2>&1); rc=$?
check "$B (統括) verifies the audit trail through kumo" "$rc" 0
out=$(as "$B" "$K" audit export -o "$T/home-$B/監査証跡.xlsx" 2>&1); rc=$?
check "$B exports the audit trail" "$rc" 0
check "… as $B's own file" "$(stat -c '%U:%G' "$T/home-$B/監査証跡.xlsx" 2>&1)" "$B:$B"
out=$(as "$A" "$K" restore "$T/home-$A/控え.db" --yes 2>&1); rc=$?
check "$A restores the shared database from that copy through kumo" "$rc" 0
check "… which stays root:$G 0660" "$(stat -c '%U:%G %a' "$STATE/kumo.db")" "root:$G 660"
out=$(as "$B" "$K" review list AP-SYS-0001 2>&1); rc=$?
check "… and $B works on it as before" "$rc" 0
has "… the record is there" "$out" "統括 次郎"

# ---- no variable or option steers a privileged run ----
out=$(as "$B" env KUMO_USER="$A" "$K" dept add 乗っ取り部 2>&1); rc=$?
yes_if "KUMO_USER is not honoured ($B stays $B: no 部局 added)" "[ $rc -ne 0 ]"
out=$(as "$A" "$K" dept list 2>&1)
yes_if "… nothing was added" "! grep -q 乗っ取り部 <<<\"\$out\""
out=$(as "$B" "$K" --db "$STATE/./kumo.db" dept list 2>&1); rc=$?
yes_if "--db naming another path gives the group up first: the shared file cannot be opened so" "[ $rc -ne 0 ]"
out=$(as "$A" env KUMO_DB="$T/home-$A/own.db" "$K" init --org 個人市 2>&1); rc=$?
check "KUMO_DB elsewhere: $A makes a database of $A's own" "$rc" 0
check "… with $A's rights only (owner and group $A)" "$(stat -c '%U:%G' "$T/home-$A/own.db")" "$A:$A"

# ---- the -wal and -shm follow the database: 0660 in the group ----
if command -v tmux >/dev/null 2>&1; then
    runuser -u "$A" -- tmux -S "$T/home-$A/tmux" new-session -d -x 80 -y 24 "cd '$T/home-$A' && '$K'"
    for _ in $(seq 100); do [ -e "$STATE/kumo.db-shm" ] && break; sleep 0.1; done
    check "while $A's kumo is open, -wal is 0660 in the group" "$(stat -c '%G %a' "$STATE/kumo.db-wal" 2>&1)" "$G 660"
    check "… and -shm too" "$(stat -c '%G %a' "$STATE/kumo.db-shm" 2>&1)" "$G 660"
    scr=""
    for _ in $(seq 50); do
        scr=$(runuser -u "$A" -- tmux -S "$T/home-$A/tmux" capture-pane -p 2>/dev/null)
        grep -q ホーム <<<"$scr" && break
        sleep 0.1
    done
    has "the screen opens in a privileged run, as $A" "$scr" "管理 太郎（システム管理者"
    runuser -u "$A" -- tmux -S "$T/home-$A/tmux" kill-server 2>/dev/null
fi

# ---- links planted by another user are never followed ----
SHARED=$T/shared
mkdir -p "$SHARED" && chmod 0777 "$SHARED"   # shared and not sticky: each user may rename the other's entries
echo "$A's own" >"$T/home-$A/victim.txt"
mkdir -p "$T/home-$A/victim-dir"
chown -R "$A:" "$T/home-$A"
runuser -u "$B" -- ln -s "$T/home-$A/victim.txt" "$SHARED/台帳.csv"
out=$(as "$A" "$K" export register --csv -o "$SHARED/台帳.csv" 2>&1); rc=$?
check "$A exports over a link $B planted at the destination" "$rc" 0
check "… the link's target is untouched" "$(cat "$T/home-$A/victim.txt")" "$A's own"
check "… the destination is $A's own file now" "$(stat -c '%U %F' "$SHARED/台帳.csv")" "$A regular file"
# B swaps every private folder that appears for a link into A's home, as fast as it can
runuser -u "$B" -- bash -c "
    cd '$SHARED' || exit
    while :; do
        for d in .kumo-tmp-*; do
            [ -d \"\$d\" ] && [ ! -L \"\$d\" ] || continue
            mv \"\$d\" \"moved\$RANDOM\" 2>/dev/null && ln -s '$T/home-$A/victim-dir' \"\$d\" 2>/dev/null
        done
    done" 2>/dev/null &
SWAPPER=$!
done_ok=0
for i in $(seq 20); do
    as "$A" "$K" export register -o "$SHARED/swap$i.xlsx" >/dev/null 2>&1 && done_ok=$((done_ok + 1))
done
kill "$SWAPPER" 2>/dev/null
wait "$SWAPPER" 2>/dev/null
SWAPPER=""
check "a private folder swapped for a link: nothing is written through it" "$(find "$T/home-$A/victim-dir" -mindepth 1 | wc -l)" 0
n_other=$(find "$SHARED" -name 'swap*.xlsx' ! -user "$A" | wc -l)
check "… and every export that finished is $A's file" "$n_other" 0
echo "# $done_ok of 20 exports finished while $B swapped $(find "$SHARED" -maxdepth 1 -name 'moved*' | wc -l) private folders"

finish
