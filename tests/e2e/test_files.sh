#!/usr/bin/env bash
# The files kumo makes and leaves (issue 8, "Robustness found under faults and load"): an export never writes
# through a link planted at its destination, takes the user's umask, and sweeps the private folders a killed export
# left (only kumo's own naming, only unlocked, never through a link); init and demo appear whole or not at all and
# sweep their own leftovers; a failed demo leaves no file; `demo --rows ''` is refused; messages never pass a raw
# control character to the terminal; the import report says unknown columns in one line and refuses a damaged
# 承認番号 header; a database kumo may only read opens read-only and says why a write cannot be done.
# Run by tests/run.sh; runnable alone with KUMO_BIN=./kumo bash tests/e2e/test_files.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=$(cd "$(dirname "${KUMO_BIN:-./kumo}")" && pwd)/$(basename "${KUMO_BIN:-./kumo}")
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-files.XXXXXX") || exit 2
HOLD=""
trap '[ -n "$HOLD" ] && kill "$HOLD" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
yes_if() { if eval "$2"; then ok "$1"; else ng "$1" "not true: $2"; fi; }

DB=$T/demo.db
"$KUMO" --db "$DB" demo >/dev/null || ng "kumo demo"
export KUMO_USER=kobayashi   # 監査: reads and exports everything

# ---- exports ----
out_dir=$T/out
mkdir -p "$out_dir"
echo "keep me" >"$T/victim.txt"
ln -s "$T/victim.txt" "$out_dir/reg.csv"
"$KUMO" --db "$DB" export register --csv -o "$out_dir/reg.csv" >/dev/null 2>&1
check "export: a link planted at the destination is not followed (its target unchanged)" "$(cat "$T/victim.txt")" "keep me"
yes_if "export: the link itself is replaced by the file" "[ -f '$out_dir/reg.csv' ] && [ ! -L '$out_dir/reg.csv' ]"

(umask 027 && "$KUMO" --db "$DB" export register -o "$out_dir/reg.xlsx" >/dev/null 2>&1)
check "export: the user's umask decides the permissions (027 → 640)" "$(stat -c %a "$out_dir/reg.xlsx")" 640
(umask 022 && "$KUMO" --db "$DB" export register --csv -o "$out_dir/reg2.csv" >/dev/null 2>&1)
check "export: umask 022 → 644" "$(stat -c %a "$out_dir/reg2.csv")" 644

# leftovers of a killed export: kumo's private folders, old and unlocked, are swept by the next export there
mkdir "$out_dir/.kumo-tmp-OLDone1" && echo partial >"$out_dir/.kumo-tmp-OLDone1/reg.xlsx"
touch -d '1 hour ago' "$out_dir/.kumo-tmp-OLDone1"
mkdir -p "$T/elsewhere" && echo precious >"$T/elsewhere/file"
ln -s "$T/elsewhere" "$out_dir/.kumo-tmp-LINKtwo"
echo mine >"$out_dir/report.xlsx.tmpABC123"
"$KUMO" --db "$DB" export register --csv -o "$out_dir/reg3.csv" >/dev/null 2>&1
yes_if "export: a killed export's private folder is swept" "[ ! -e '$out_dir/.kumo-tmp-OLDone1' ]"
check "export: a link named like a private folder is not followed" "$(cat "$T/elsewhere/file" 2>&1)" precious
yes_if "export: … and is not kumo's to remove" "[ -L '$out_dir/.kumo-tmp-LINKtwo' ]"
yes_if "export: files of other naming are left alone" "[ -f '$out_dir/report.xlsx.tmpABC123' ]"
left=$(find "$out_dir" -maxdepth 1 -name '.kumo-tmp-*' -type d | wc -l)
check "export: no private folder of its own is left after a finished export" "$left" 0
out=$("$KUMO" --db "$DB" export register --csv -o "$out_dir/" 2>&1); rc=$?
yes_if "export: a folder as the destination is refused" "[ $rc -ne 0 ]"
has "… saying it is a folder" "$out" "フォルダです"

# ---- init and demo appear whole ----
idir=$T/init
mkdir -p "$idir"
: >"$idir/.kumo-new-STALE1" && : >"$idir/.kumo-new-STALE1-wal"
touch -d '1 hour ago' "$idir/.kumo-new-STALE1" "$idir/.kumo-new-STALE1-wal"
: >"$idir/.kumo-new-LIVE22"
touch -d '1 hour ago' "$idir/.kumo-new-LIVE22"
flock "$idir/.kumo-new-LIVE22" sleep 60 &
HOLD=$!
for _ in $(seq 50); do grep -q "$(stat -c %i "$idir/.kumo-new-LIVE22")" /proc/locks 2>/dev/null && break; sleep 0.1; done
"$KUMO" --db "$idir/kumo.db" init --org テスト市 >/dev/null 2>&1
yes_if "init: a killed build's temporary database is swept" "[ ! -e '$idir/.kumo-new-STALE1' ] && [ ! -e '$idir/.kumo-new-STALE1-wal' ]"
yes_if "init: one a live build holds is left alone" "[ -e '$idir/.kumo-new-LIVE22' ]"
kill "$HOLD" 2>/dev/null; wait "$HOLD" 2>/dev/null; HOLD=""
check "init: the database is complete" "$(sqlite3 "$idir/kumo.db" 'PRAGMA integrity_check')" ok
n=$(find "$idir" -name '.kumo-new-*' ! -name '.kumo-new-LIVE22' | wc -l)
check "init: no temporary file of its own is left" "$n" 0

out=$("$KUMO" --db "$T/rows.db" demo --rows '' 2>&1); rc=$?
check "demo --rows '' is a usage error (exit 2)" "$rc" 2
yes_if "… and makes no file" "[ ! -e '$T/rows.db' ]"
mkdir -p "$T/empty-templates"
out=$(KUMO_TEMPLATE_DIR=$T/empty-templates "$KUMO" --db "$T/failed/demo.db" demo 2>&1); rc=$?
yes_if "a demo that fails (no templates) exits non-zero" "[ $rc -ne 0 ]"
n=$(find "$T/failed" -type f 2>/dev/null | wc -l)
check "… and leaves no file at all" "$n" 0

# ---- messages never pass raw control characters ----
esc=$'\e' bel=$'\a'
out=$(KUMO_USER=kato "$KUMO" --db "$DB" show "X${esc}]0;pwned${bel}Y" 2>&1)
yes_if "show ARG: no ESC or BEL reaches the terminal" "! grep -q \$'[\\e\\a]' <<<\"\$out\""
has "… the argument is shown with ? instead" "$out" "X?]0;pwned?Y"
out=$(KUMO_USER=kato "$KUMO" --db "$DB" user set "zz${esc}[2J" --name 名前 2>&1)
yes_if "user set LOGIN: no ESC reaches the terminal" "! grep -q \$'\\e' <<<\"\$out\""
out=$(KUMO_USER="bad${esc}[31m" "$KUMO" --db "$DB" due 2>&1)
yes_if "an unknown KUMO_USER: no ESC reaches the terminal" "! grep -q \$'\\e' <<<\"\$out\""
has "… named with ? instead" "$out" "bad?[31m"

# ---- the import report ----
python3 - "$T/wide.csv" <<'EOF'
import sys
cols = ["承認番号", "クラウドサービス名", "部局", "機密性", "承認日", "利用開始日"] + ["列%d" % i for i in range(20000)]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(",".join(cols) + "\n")
    f.write(",".join(["", "幅広サービス", "総務部", "2", "2026-04-01", "2026-04-01"] + [""] * 20000) + "\n")
EOF
out=$(KUMO_USER=kato "$KUMO" --db "$DB" import register "$T/wide.csv" --dry-run 2>&1); rc=$?
check "import: 20,000 unknown columns are a dry run that passes" "$rc" 0
check "import: … reported in a few lines, not one per column (取込元, the note, the summary, ドライラン)" "$(wc -l <<<"$out")" 4
has "… as one summary line" "$out" "台帳の列ではないため取り込まない列が 20000 列あります: 「列0」、「列1」、「列2」、「列3」、「列4」 ほか"
printf '\xef\xbb\xbf\xef\xbb\xbf承認番号,クラウドサービス名,部局,機密性,承認日,利用開始日\nAP-X-1,壊れ見出し,総務部,2,2026-04-01,2026-04-01\n' >"$T/bom2.csv"
out=$(KUMO_USER=kato "$KUMO" --db "$DB" import register "$T/bom2.csv" 2>&1); rc=$?
yes_if "import: a damaged 承認番号 header is an error" "[ $rc -ne 0 ]"
has "… naming the column" "$out" "「承認番号」の列のようですが"
check "… and nothing is written" "$(sqlite3 "$DB" "SELECT count(*) FROM services WHERE name = '壊れ見出し'")" 0

# ---- a database kumo may only read ----
ro=$T/ro
mkdir -p "$ro" && cp "$DB" "$ro/kumo.db"
chmod 0444 "$ro/kumo.db" && chmod 0555 "$ro"
as_reader=()
if [ "$(id -u)" -eq 0 ]; then
    # root writes through permission bits: read as nobody (the folders above must let nobody in)
    chmod 0755 "$T"
    as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
fi
out=$("${as_reader[@]}" env KUMO_USER=kobayashi "$KUMO" --db "$ro/kumo.db" due 2>&1); rc=$?
yes_if "read-only: 監査 reads a database kumo may only read (kumo due runs)" "[ $rc -le 1 ]"
has "… and sees the record" "$out" "AP-R6-0001"
out=$("${as_reader[@]}" env KUMO_USER=kato "$KUMO" --db "$ro/kumo.db" dept add 新しい部局 2>&1); rc=$?
yes_if "read-only: a write step fails" "[ $rc -ne 0 ]"
has "… saying the session is read-only and why" "$out" "読み取り専用で開いています（"
chmod 0755 "$ro"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
