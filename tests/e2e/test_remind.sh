#!/usr/bin/env bash
# kumo remind (issue 11 "cron and mail"): one mail per manager / 部局長 / approver through the sendmail interface
# (a fake sendmail here saves each message and its arguments), read back with python3's email module: the MIME
# headers Japanese needs (UTF-8 base64 body, RFC 2047 subject and name, Date, Message-ID, From from the setting);
# each item once per stage — 30, 7, 0 days before, then weekly while overdue — over simulated days (KUMO_TODAY),
# remembered so that a rerun sends nothing; --dry-run sends and records nothing; a failing sendmail is reported
# (exit 3) and its items go again next time; settings and addresses checked; with more items than a mail lists
# (REMIND_LIST_MAX a section, issue 10), the most urgent are listed and remembered, the rest counted and named by the
# next runs. Run by tests/run.sh; alone:
# KUMO_BIN=./kumo bash tests/e2e/test_remind.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
case "$KUMO" in /*) ;; *) KUMO=$PWD/$KUMO ;; esac
export TZ=Asia/Tokyo LANG=C.UTF-8
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW KUMO_TODAY
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-remind.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
DB=$T/d.db OUT=$T/out
mkdir -p "$OUT"
# the fake sendmail: each message and its arguments in files of their own, numbered in order
cat >"$T/sendmail" <<EOF
#!/bin/sh
f=\$(mktemp "$OUT/m.XXXXXXXX")
printf '%s\n' "\$@" >"\$f.args"
cat >"\$f.eml"
rm -f "\$f"
EOF
chmod 755 "$T/sendmail"
printf '#!/bin/sh\ncat >/dev/null\nexit 75\n' >"$T/failing"
chmod 755 "$T/failing"
as() { local who=$1 day=$2; shift 2; out=$(KUMO_TODAY=$day KUMO_USER=$who "$KUMO" --db "$DB" "$@" 2>&1); rc=$?; }
# the messages sent to an address since the last call, as one line each: subject | body lines joined
newmail() {
    python3 - "$OUT" "$1" <<'PY'
import email, glob, os, sys
from email import policy
out, addr = sys.argv[1], sys.argv[2]
seen = set(open(os.path.join(out, ".seen")).read().split()) if os.path.exists(os.path.join(out, ".seen")) else set()
for f in sorted(glob.glob(os.path.join(out, "*.eml"))):
    if f in seen:
        continue
    m = email.message_from_binary_file(open(f, "rb"), policy=policy.default)
    if addr in str(m["To"]):
        body = m.get_content().replace("\n", " ")
        print(f"{m['Subject']} | {body}")
        seen.add(f)
open(os.path.join(out, ".seen"), "w").write("\n".join(sorted(seen)))
PY
}
count() { newmail "$1" | grep -c . ; }

KUMO_TODAY=2026-11-13 "$KUMO" -q --db "$DB" demo || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# ---- settings and addresses ----
as kato 2026-11-13 remind
check "without a From address remind refuses (exit 3)" "$rc" 3
has "… saying which setting" "$out" "kumo setting set mail_from"
as kato 2026-11-13 setting set mail_from 'not an address'
check "a From that is not an address is refused (exit 3)" "$rc" 3
as kato 2026-11-13 setting set mail_from kumo@mirai.example.jp
check "setting mail_from" "$rc" 0
as kato 2026-11-13 setting set sendmail relative/sendmail
check "a relative sendmail is refused (exit 3)" "$rc" 3
cp "$T/sendmail" "$T/open-sendmail"; chmod 777 "$T/open-sendmail"
as kato 2026-11-13 setting set sendmail "$T/open-sendmail"
check "a sendmail anyone may rewrite is refused (exit 3)" "$rc" 3
has "… saying why" "$out" "所有者以外も書き換えられる"
as kato 2026-11-13 setting set sendmail "$T/sendmail"
check "setting sendmail" "$rc" 0
as sato 2026-11-13 setting set mail_from x@example.jp
check "a 情報セキュリティ責任者 may not change settings (exit 3)" "$rc" 3
as kato 2026-11-13 setting set colour blue
check "an unknown setting is a usage error (exit 2)" "$rc" 2
as kato 2026-11-13 setting list
has "setting list shows the From" "$out" $'mail_from\tkumo@mirai.example.jp'
as kato 2026-11-13 user set matsumoto --mail 'matsumoto at example'
check "an address that is not one is a usage error (exit 2)" "$rc" 2
for u in matsumoto takahashi yoshida sato watanabe tanaka nakamura yamamoto; do
    as kato 2026-11-13 -q user set "$u" --mail "$u@mirai.example.jp" || ng "user set $u --mail"
done
as kato 2026-11-13 user list
has "user list shows the address" "$out" "matsumoto@mirai.example.jp"
as kato 2026-11-13 user add nakano 中野 --role staff --dept 総務部 --mail nakano@mirai.example.jp
check "user add --mail" "$rc" 0
as sato 2026-11-13 remind
check "a 情報セキュリティ責任者 may not send the reminders (exit 3)" "$rc" 3

# ---- a dry run sends and remembers nothing ----
as kato 2026-11-15 remind --dry-run
check "remind --dry-run (exit 0)" "$rc" 0
has "… shows the mail to matsumoto" "$out" "松本 由美 <matsumoto@mirai.example.jp>"
has "… with the item" "$out" "AP-R7-0003 施設予約サービス（教育委員会事務局）: 利用状況確認の期限 2026-12-15 まであと30日"
check "… and sends nothing" "$(ls "$OUT"/*.eml 2>/dev/null | wc -l | tr -d ' ')" 0

# ---- the stages of AP-R7-0003 (matsumoto: its manager and 部局長; 次回利用状況確認期限 2026-12-15) ----
as kato 2026-11-14 remind
check "31 days before: remind runs (exit 0)" "$rc" 0
check "31 days before: nothing for matsumoto" "$(count matsumoto@)" 0
as kato 2026-11-15 remind
mails=$(newmail matsumoto@)
check "30 days before: one mail" "$(grep -c . <<<"$mails")" 1
has "… subject" "$mails" "【kumo】期限の近い項目のお知らせ（1件）"
has "… the item, 30 days left" "$mails" "利用状況確認の期限 2026-12-15 まであと30日"
as kato 2026-11-15 remind
check "the same day again: nothing (remembered)" "$rc:$(count matsumoto@)" "0:0"
check "… and nothing printed for cron" "$out" ""
# 庁内チャットサービス ended on 2026-09-30 and its 廃棄・削除完了報告 is still to come (規定003 §4(7)): its manager
# heard on the first run (2026-11-14, 45 days after)
mails=$(newmail yamamoto@)
has "the manager of a service 終了処理中 is told its 廃棄・削除完了報告 is due" "$mails" \
    "AP-R7-0005 庁内チャットサービス（市民生活部）: 終了日 2026-09-30 から45日、廃棄・削除完了報告が未提出です"
as kato 2026-11-20 remind
check "25 days before: nothing (30 already sent)" "$(count matsumoto@)" 0
as kato 2026-12-08 remind
mails=$(newmail matsumoto@)
check "7 days before: one mail" "$(grep -c . <<<"$mails")" 1
has "… 7 days left" "$mails" "まであと7日"
as kato 2026-12-12 remind
check "3 days before: nothing" "$(count matsumoto@)" 0
as kato 2026-12-15 remind
mails=$(newmail matsumoto@)
check "the day: one mail" "$(grep -c . <<<"$mails")" 1
has "… 本日" "$mails" "利用状況確認の期限 2026-12-15 は本日です"
as kato 2026-12-18 remind
check "3 days overdue: nothing (the day's mail covers the week)" "$(count matsumoto@)" 0
as kato 2026-12-22 remind
mails=$(newmail matsumoto@)
check "7 days overdue: one mail" "$(grep -c . <<<"$mails")" 1
has "… overdue subject" "$mails" "【kumo】期限を過ぎた項目があります（1件）"
has "… 7 days past" "$mails" "を7日過ぎています"
as kato 2026-12-28 remind
check "13 days overdue: nothing" "$(count matsumoto@)" 0
as kato 2026-12-29 remind
check "14 days overdue: one mail (weekly)" "$(count matsumoto@)" 1
as kato 2026-12-29 remind
check "… and not twice" "$(count matsumoto@)" 0

# ---- one mail per person, decisions for the approver ----
mails=$(newmail takahashi@)
has "the approver was told of the applications waiting for a decision" "$mails" "承認を待っている申請"
has "… naming one" "$mails" "健診予約システム（健康福祉部、申請日 2026-11-16"
check "one mail per person a day: the approver's mails were on different days" \
    "$(grep -h '^takahashi@' "$OUT"/*.args | wc -l | tr -d ' ')" "$(grep -c . <<<"$mails")"
as kato 2026-12-29 remind
check "… and none again today" "$(count takahashi@)" 0
# a missed week: the next run sends the stage it has reached, once
cp "$DB" "$T/skip.db"
# ---- the message itself ----
python3 - "$OUT" <<'PY' >"$T/mime.txt" 2>&1
import email, email.utils, glob, os, re, sys
from email import policy
out = sys.argv[1]
problems = []
ids = set()
files = sorted(glob.glob(os.path.join(out, "*.eml")))
for f in files:
    raw = open(f, "rb").read()
    head = raw.split(b"\n\n", 1)[0].decode("ascii")   # headers are ASCII only
    for line in head.split("\n"):
        if len(line) > 78: problems.append(f"{f}: header line longer than 78: {line}")
    for w in re.findall(r"=\?[^?]+\?[BQ]\?[^?]*\?=", head):
        if len(w) > 75: problems.append(f"{f}: encoded-word longer than 75: {w}")
    m = email.message_from_bytes(raw, policy=policy.default)
    if m["From"] != "kumo@mirai.example.jp": problems.append(f"{f}: From {m['From']}")
    if m.get_content_type() != "text/plain" or m.get_content_charset() != "utf-8": problems.append(f"{f}: {m['Content-Type']}")
    if m["Content-Transfer-Encoding"] != "base64": problems.append(f"{f}: CTE {m['Content-Transfer-Encoding']}")
    if m["MIME-Version"] != "1.0": problems.append(f"{f}: MIME-Version")
    if m["Auto-Submitted"] != "auto-generated": problems.append(f"{f}: Auto-Submitted")
    d = email.utils.parsedate_to_datetime(m["Date"])
    if d.utcoffset() is None or d.utcoffset().total_seconds() != 9 * 3600: problems.append(f"{f}: Date {m['Date']}")
    mid = m["Message-ID"]
    if not re.fullmatch(r"<[^@<> ]+@mirai\.example\.jp>", mid or ""): problems.append(f"{f}: Message-ID {mid}")
    if mid in ids: problems.append(f"{f}: Message-ID used twice {mid}")
    ids.add(mid)
    if not str(m["Subject"]).startswith("【kumo】"): problems.append(f"{f}: Subject {m['Subject']}")
    to = m["To"]
    if not to.addresses or not to.addresses[0].display_name: problems.append(f"{f}: To {to}")
    body = m.get_content()
    if not body.startswith(to.addresses[0].display_name + " 様"): problems.append(f"{f}: body begins {body[:20]!r}")
    args = open(f[:-4] + ".args").read().split("\n")
    if args[:3] != ["-oi", "--", to.addresses[0].addr_spec]: problems.append(f"{f}: sendmail arguments {args}")
print(f"{len(files)} messages")
for p in problems: print(p)
PY
mime=$(cat "$T/mime.txt")
check "every message: MIME headers, encoded subject and name, Date +09:00, unique Message-ID, sendmail -oi -- ADDR" \
    "$(grep -vc 'messages$' <<<"$mime")" 0
[ "$(grep -o '^[0-9]*' <<<"$mime")" -gt 5 ] && ok "… ($(head -n 1 <<<"$mime"))" || ng "… messages were checked" "$mime"
grep -q '^Subject: =?UTF-8?B?' "$OUT"/*.eml && ok "the subject is an RFC 2047 encoded-word" || ng "the subject is an RFC 2047 encoded-word"

# ---- a missed week: the stage reached is sent once, not every stage missed ----
DB=$T/skip.db
rm -f "$OUT"/*.eml "$OUT"/*.args "$OUT/.seen"
as kato 2027-01-20 remind
mails=$(newmail matsumoto@)
check "after days without cron: one mail with the stage reached" "$(grep -c . <<<"$mails")" 1
has "… 36 days past" "$mails" "を36日過ぎています"

# ---- a sendmail that fails: exit 3, nothing remembered, sent next time ----
as kato 2027-01-20 setting set sendmail "$T/failing"
as kato 2027-01-27 remind
check "sendmail failing: exit 3" "$rc" 3
has "… naming sendmail and its status" "$out" "終了コード 75"
as kato 2027-01-27 setting set sendmail "$T/sendmail"
as kato 2027-01-27 remind
check "the next run sends what failed" "$(count matsumoto@)" 1

# ---- no address: said, the others sent ----
as kato 2027-01-27 user set yoshida --mail ''
as kato 2027-02-03 remind
check "a user without an address: remind still exits 0" "$rc" 0
has "… and names them" "$out" "メールアドレスのない利用者"
has "… yoshida among them" "$out" "yoshida"
out=$(KUMO_USER=kato "$KUMO" --db "$DB" audit verify 2>&1); rc=$?
check "the audit trail is whole after the mail" "$rc" 0
check "each mail is an audit record" "$(sqlite3 "$DB" "SELECT count(*) > 0 FROM audit WHERE action = '期限通知メール送信'")" 1

# ---- the yearly review of the regulation (規定003 §5): due 2027-02-10, a year after 2026-02-10 — to the 統括 and
# the CISO, not to a 情報セキュリティ責任者 ----
as takahashi 2027-02-03 regulation review --date 2026-02-10 --outcome 改訂不要 --note 照合した
check "the 統括 records a review of the regulation" "$rc" 0
as kato 2027-02-03 remind
has "the 統括 is reminded of the regulation's review 7 days before" "$(newmail takahashi@)" \
    "規定の見直し（確認事項テンプレート、規定003 §5）: 見直し期限 2027-02-10 まであと7日"
has "…and the CISO" "$(newmail nakamura@)" "見直し期限 2027-02-10 まであと7日"
mails=$(newmail matsumoto@)
if grep -qF "規定の見直し" <<<"$mails"; then ng "a 情報セキュリティ責任者 is not told of it" "$mails"; else ok "a 情報セキュリティ責任者 is not told of it"; fi

# ---- more due items than a mail lists: REMIND_LIST_MAX a section, the most urgent first, 「・ほか N件」, the subject
# counting all; only the listed ones remembered (reminders, the audit comment), the rest named by the next runs ----
DB=$T/many.db
KUMO_TODAY=2026-11-23 "$KUMO" -q --db "$DB" demo --rows 1500 || ng "kumo demo --rows 1500"
as kato 2026-11-23 -q setting set mail_from kumo@mirai.example.jp
as kato 2026-11-23 -q setting set sendmail "$T/sendmail"
for u in watanabe takahashi; do as kato 2026-11-23 -q user set "$u" --mail "$u@mirai.example.jp"; done
rm -f "$OUT"/*.eml "$OUT"/*.args "$OUT/.seen"
many=$(python3 - "$KUMO" "$DB" "$OUT" <<'PY'
import email, glob, os, re, sqlite3, subprocess, sys
from email import policy
kumo, db, out = sys.argv[1:4]
cap = int(re.search(r"#define REMIND_LIST_MAX (\d+)", open("app/remind.h").read()).group(1))
env = dict(os.environ, KUMO_TODAY="2026-11-23", KUMO_USER="kato")
con = sqlite3.connect(db)
def ok(name, cond, detail=""):
    print(("ok   - " if cond else "FAIL - ") + name + ("" if cond else f"\n       {detail}"))
def key(item):
    """the number a mail line begins with, for a remembered item"""
    kind, _, ref = item.partition(":")
    if kind == "decision":
        return con.execute("SELECT app_no FROM applications WHERE id = ?", (int(ref),)).fetchone()[0]
    if kind in ("review", "end", "build", "disposal"):
        return con.execute("SELECT approval_no FROM services WHERE id = ?", (int(ref),)).fetchone()[0]
    if kind.startswith("exception-"):   # an exception's line begins with its service's 承認番号
        return con.execute("SELECT s.approval_no FROM exceptions e JOIN services s ON s.id = e.service_id "
                           "WHERE e.exc_no = ?", (ref,)).fetchone()[0]
    return item
def remembered(login):
    return {r[0]: r[1] for r in con.execute("SELECT item, ref_date FROM reminders JOIN users u ON u.id = user_id "
                                            "WHERE u.login = ?", (login,))}
def parse(body):
    """section title -> (count in its heading, listed lines, N of ほか N件 or None)"""
    secs, cur = {}, None
    for line in body.split("\n"):
        m = re.match(r"■ (.+)（(\d+)件）$", line)
        if m:
            cur = m.group(1)
            secs[cur] = [int(m.group(2)), [], None]
        elif cur and (m := re.match(r"・ほか ([\d,]+)件（", line)):
            secs[cur][2] = int(m.group(1).replace(",", ""))
        elif cur and line.startswith("・"):
            secs[cur][1].append(line[1:])
        elif not line:
            cur = None
    return secs
# who is checked in which section: a 部局長 and manager of many services, the 統括 of many decisions
WATCH = [("watanabe", "期限を過ぎているもの"), ("takahashi", "承認を待っている申請")]
seen, audit_seq = set(), con.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0]
hist = {w: [] for w in WATCH}   # per run: (heading count, listed, others, ref dates in mail order)
named = {w: set() for w in WATCH}
for run in range(1, 8):
    rc = subprocess.run([kumo, "--db", db, "remind"], env=env, capture_output=True).returncode
    ok(f"many items: run {run} exits 0", rc == 0, f"exit {rc}")
    mails = {}
    for f in sorted(set(glob.glob(os.path.join(out, "*.eml"))) - seen):
        seen.add(f)
        m = email.message_from_binary_file(open(f, "rb"), policy=policy.default)
        mails[m["To"].addresses[0].username] = m
    audits = {r[0]: r[1] for r in con.execute("SELECT entity_no, comment FROM audit WHERE seq > ? AND action = "
                                              "'期限通知メール送信'", (audit_seq,))}
    audit_seq = con.execute("SELECT max(seq) FROM audit").fetchone()[0]
    for login, title in WATCH:
        before = {i for i in named[login, title]}
        m = mails.get(login)
        if not m:
            hist[login, title].append(None)
            continue
        secs = parse(m.get_content())
        subject = int(re.search(r"（(\d+)件）$", str(m["Subject"])).group(1))
        ok(f"run {run}, {login}: the subject counts every item of every section", subject == sum(s[0] for s in secs.values()),
           f"subject {subject}, sections {[(t, s[0]) for t, s in secs.items()]}")
        for t, (total, listed, others) in secs.items():
            ok(f"run {run}, {login}, {t}: lists min(count, {cap}) items", len(listed) == min(total, cap),
               f"{len(listed)} listed of {total}")
            ok(f"run {run}, {login}, {t}: 「・ほか N件」 says the rest", others == (total - len(listed) if total > cap else None),
               f"ほか {others}, {total} in all, {len(listed)} listed")
        rem = remembered(login)
        new = {i: d for i, d in rem.items() if i not in before}
        listed_all = [l.split(" ")[0] for s in secs.values() for l in s[1]]
        ok(f"run {run}, {login}: what is remembered as sent is what the mail listed, no more",
           sorted(key(i) for i in new) == sorted(listed_all), f"{len(new)} remembered, {len(listed_all)} listed")
        comment = [re.sub(r"（.*", "", l) for l in audits.get(login, "").split("\n") if l]
        ok(f"run {run}, {login}: the audit record names the items listed", sorted(comment) == sorted(new),
           f"{len(comment)} in the comment, {len(new)} remembered")
        named[login, title] |= set(new)
        if title in secs:
            # the date of each line as remembered (the line's first date, which must be one remembered for its number)
            by_key = {}
            for i, d in new.items():
                by_key.setdefault(key(i), set()).add(d)
            def ref(l):
                m = re.search(r"\d{4}-\d\d-\d\d", l)
                return m.group(0) if m and m.group(0) in by_key.get(l.split(" ")[0], ()) else "?"
            total, listed, others = secs[title]
            hist[login, title].append((total, listed, others, [ref(l) for l in listed]))
        else:
            hist[login, title].append(None)
    if not mails:
        break
for (login, title), runs in hist.items():
    first = runs[0]
    ok(f"{login}, {title}: more than {cap} items to begin with (the case is tested)", first and first[0] > cap,
       f"{first and first[0]}")
    if not first:
        continue
    dates = [d for r in runs if r for d in r[3]]
    ok(f"{login}, {title}: the most urgent first (earliest date), within a mail and from one run to the next",
       dates == sorted(dates) and "?" not in dates, " ".join(dates[:5]) + " …")
    prev = None
    for i, r in enumerate(runs):
        if prev and prev[2]:
            ok(f"{login}, {title}: run {i + 1} names what run {i} did not (its count is the rest)",
               r is not None and r[0] == prev[2], f"run {i} left {prev[2]}, run {i + 1}: {r and r[0]}")
        prev = r
    listed = [k for r in runs if r for k in r[1]]
    ok(f"{login}, {title}: over the runs every item was named, each once", len(listed) == len(set(listed)) == first[0],
       f"{len(listed)} named ({len(set(listed))} different) of {first[0]}")
    ok(f"{login}: the last run sends nothing", runs[-1] is None)
PY
)
echo "$many"
pass=$((pass + $(grep -c '^ok ' <<<"$many"))) fail=$((fail + $(grep -c '^FAIL ' <<<"$many")))
[ "$(grep -c '^ok ' <<<"$many")" -gt 20 ] || ng "the many-items checks ran" "$many"

# ---- a backlog larger than a mail, week after week: the overdue items come again each week, and a full section lists
# first those never mailed, then those mailed longest ago — the oldest hundred are not listed every week while the
# rest are never named ----
DB=$T/backlog.db
KUMO_TODAY=2026-11-23 "$KUMO" -q --db "$DB" demo --rows 1500 || ng "kumo demo --rows 1500 (backlog)"
as kato 2026-11-23 -q setting set mail_from kumo@mirai.example.jp
as kato 2026-11-23 -q setting set sendmail "$T/sendmail"
as kato 2026-11-23 -q user set watanabe --mail watanabe@mirai.example.jp
backlog=$(python3 - "$KUMO" "$DB" <<'PY'
import os, re, sqlite3, subprocess, sys
kumo, db = sys.argv[1:3]
cap = int(re.search(r"#define REMIND_LIST_MAX (\d+)", open("app/remind.h").read()).group(1))
con = sqlite3.connect(db)
def ok(name, cond, detail=""):
    print(("ok   - " if cond else "FAIL - ") + name + ("" if cond else f"\n       {detail}"))
def rows():
    return set(con.execute("SELECT item, ref_date, stage FROM reminders JOIN users u ON u.id = user_id "
                           "WHERE u.login = 'watanabe'"))
named, runs = set(), []
for day in ("2026-11-23", "2026-11-30", "2026-12-07"):
    before = rows()
    env = dict(os.environ, KUMO_TODAY=day, KUMO_USER="kato")
    rc = subprocess.run([kumo, "--db", db, "remind"], env=env, capture_output=True).returncode
    ok(f"backlog: remind on {day} exits 0", rc == 0, f"exit {rc}")
    # the overdue items this run listed (a service's, its date before the day), as item and date
    new = {(i, d) for i, d, _ in rows() - before if d < day and not i.startswith("decision:")}
    runs.append((day, new, set(named)))
    named |= new
(d1, r1, _), (d2, r2, n2), (d3, r3, n3) = runs
ok(f"backlog: the first mail lists a full section of overdue items ({cap})", len(r1) == cap, f"{len(r1)} listed")
ok(f"backlog: a week later the {cap} listed are items never mailed, not the oldest {cap} again",
   len(r2) == cap and not (r2 & r1), f"{len(r2)} listed, {len(r2 & r1)} of them listed on {d1} too")
never = {x for x in r3 if x not in n3}
ok(f"backlog: on {d3} the items never mailed come first, then those mailed on {d1} (longest ago), none of {d2}'s",
   len(r3) == cap and not (r3 & r2) and len(never) < cap and len(r3 & r1) == cap - len(never),
   f"{len(r3)} listed: {len(never)} never mailed, {len(r3 & r1)} of {d1}, {len(r3 & r2)} of {d2}")
PY
)
echo "$backlog"
pass=$((pass + $(grep -c '^ok ' <<<"$backlog"))) fail=$((fail + $(grep -c '^FAIL ' <<<"$backlog")))
[ "$(grep -c '^ok ' <<<"$backlog")" -ge 3 ] || ng "the backlog checks ran" "$backlog"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
