#!/usr/bin/env bash
# `kumo due` for cron (SPEC "Command line", issue 11): one tab-separated line per item and a summary line; exit 1
# when something is overdue (SPEC), exit 0 when the items are only coming due; nothing at all and exit 0 when
# nothing is (cron mails only output); --format tsv
# a headed TSV for scripts; 2 on a usage error, 3 when it cannot run. Run by tests/run.sh (hermetic: KUMO_TODAY=2026-11-23,
# the demo's anchor date); runnable alone with KUMO_BIN=./kumo bash tests/e2e/test_due.sh.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-due.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
hasnt() { if grep -qF -- "$3" <<<"$2"; then ng "$1" "unexpected [$3] in:
$2"; else ok "$1"; fi; }

"$KUMO" --db "$T/demo.db" demo >/dev/null || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# the demo: 2 overdue reviews and a passed 利用終了予定日 (オンライン会議サービス), one review due in 22 days
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due); rc=$?
check "demo: exit 1 when something is overdue" "$rc" 1
has "demo: overdue review line" "$out" $'確認期限超過\tAP-R7-0001\t電子申請サービス\t総務部\t吉田 亮\t2026-05-20\t187日超過'
has "demo: passed end date line" "$out" $'利用終了予定日超過\tAP-R6-0001\tオンライン会議サービス\t市民生活部\t渡辺 直子\t2026-03-31\t237日超過'
has "demo: review due within 30 days" "$out" $'確認期限間近\tAP-R7-0003\t施設予約サービス\t教育委員会事務局\t松本 由美\t2026-12-15\tあと22日'
has "demo: the 事後報告 of the emergency approval, to the 統括 (004 §7-4(2))" "$out" $'例外措置事後報告待ち EX-R8-0002\tAP-R8-0003\t災害情報共有サービス\t総務部\t佐藤 一郎\t2026-11-20\t3日超過'
# ended services whose 廃棄・削除完了報告 is not accepted, once their 終了日 has passed (規定003 §4(7))
has "demo: a 廃棄・削除完了報告 not filed" "$out" $'廃棄・削除完了報告未提出\tAP-R7-0005\t庁内チャットサービス\t市民生活部\t山本 翔\t2026-09-30\t54日超過'
has "demo: a 廃棄・削除完了報告 awaiting 受理" "$out" $'廃棄・削除完了報告受理待ち\tAP-R7-0006\tイベント申込受付サービス\t市民生活部\t山本 翔\t2026-03-31\t237日超過'
check "demo: one line per item plus the summary" "$(wc -l <<<"$out" | tr -d ' ')" 8
has "demo: summary line" "$(tail -n 1 <<<"$out")" "期限超過 6件（確認期限 2件、利用終了予定日 1件、導入・構築時確認 0件、例外措置 1件、廃棄・削除完了報告 2件）、30日以内の確認期限 1件（基準日 2026-11-23、全体）"

# --within is respected: 2026-12-15 is 22 days after 2026-11-23
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --within 22)
has "--within 22 lists the review due on 2026-12-15" "$out" "AP-R7-0003"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --within 21); rc=$?
hasnt "--within 21 leaves it out" "$out" "AP-R7-0003"
check "--within 21 still exits 1 (overdue items remain)" "$rc" 1
has "--within 21 summary" "$out" "21日以内の確認期限 0件"

# --mine: the 情報セキュリティ責任者 of 教育委員会事務局 has only a review due soon: listed, exit 0 (SPEC: exit 1
# only when something is overdue)
out=$(KUMO_USER=matsumoto "$KUMO" --db "$T/demo.db" due --mine); rc=$?
check "--mine with only a review due soon exits 0" "$rc" 0
has "--mine: the summary counts no overdue item" "$out" "期限超過 0件"
out=$(KUMO_USER=matsumoto "$KUMO" --db "$T/demo.db" due --mine --format tsv); rc=$?
check "--mine --format tsv with only a review due soon: exit 0, header and the one item" \
    "$rc:$(wc -l <<<"$out" | tr -d ' ')" "0:2"
has "--mine lists their own service" "$out" "AP-R7-0003"
hasnt "--mine leaves out other 部局" "$out" "AP-R7-0001"
out=$(KUMO_USER=yoshida "$KUMO" --db "$T/demo.db" due); rc=$?
check "a 職員等 sees only the services they manage (exit 1: their review is overdue)" "$rc" 1
check "a 職員等 gets one item and the summary" "$(wc -l <<<"$out" | tr -d ' ')" 2

# the yearly review of the regulation (規定003 §5), a year after the last one: listed for the 統括 and the CISO from 30
# days before, overdue once past (a copy of the demo: the review recorded on 2026-11-20, due 2027-11-20)
cp "$T/demo.db" "$T/reg.db"
KUMO_USER=takahashi "$KUMO" --db "$T/reg.db" regulation review --date 2026-11-20 --outcome 改訂不要 --note 照合した \
    >/dev/null 2>&1 || ng "regulation review"
REGNAME='規定の見直し（確認事項テンプレート、規定003 §5）'
out=$(KUMO_TODAY=2027-11-01 KUMO_USER=takahashi "$KUMO" --db "$T/reg.db" due --format tsv)
has "the regulation's review due within 30 days (tsv: its kind, no 承認番号, the 統括, the date, days)" "$out" \
    $'regulation_review_due\t規定の見直し期限間近\t\t'"$REGNAME"$'\t\t統括情報セキュリティ責任者\t2027-11-20\t-19'
check "…the tsv keeps its columns" "$(head -n 1 <<<"$out")" $'kind\tlabel\tapproval_no\tservice\tdept\tmanager\tdate\tdays'
hasnt "not before the window" "$(KUMO_TODAY=2027-10-20 KUMO_USER=takahashi "$KUMO" --db "$T/reg.db" due)" "規定の見直し"
out=$(KUMO_TODAY=2027-12-01 KUMO_USER=nakamura "$KUMO" --db "$T/reg.db" due)
has "past its date: overdue, for the CISO too" "$out" $'規定の見直し期限超過\t\t'"$REGNAME"$'\t\t統括情報セキュリティ責任者\t2027-11-20\t11日超過'
has "…counted overdue in the summary" "$(tail -n 1 <<<"$out")" "、規定の見直し 1件）"
hasnt "a 情報セキュリティ責任者 is not reminded of it" \
    "$(KUMO_TODAY=2027-12-01 KUMO_USER=matsumoto "$KUMO" --db "$T/reg.db" due)" "規定の見直し"
hasnt "nor 監査" "$(KUMO_TODAY=2027-12-01 KUMO_USER=kobayashi "$KUMO" --db "$T/reg.db" due)" "規定の見直し"

# usage errors exit 2, not 1
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --within abc >/dev/null 2>&1; rc=$?
check "--within abc is a usage error (exit 2)" "$rc" 2
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --within -5 >/dev/null 2>&1; rc=$?
check "--within -5 is a usage error (exit 2)" "$rc" 2
"$KUMO" --db "$T/none.db" due >/dev/null 2>&1; rc=$?
check "a missing database exits 3" "$rc" 3

# a fresh database: nothing due, exit 0 and not a byte on stdout or stderr (cron sends no mail)
"$KUMO" --db "$T/fresh.db" init --org テスト市 >/dev/null || ng "kumo init"
"$KUMO" --db "$T/fresh.db" due >"$T/out" 2>"$T/err"; rc=$?
check "fresh database: exit 0" "$rc" 0
check "fresh database: nothing on stdout" "$(wc -c <"$T/out" | tr -d ' ')" 0
check "fresh database: nothing on stderr" "$(wc -c <"$T/err" | tr -d ' ')" 0
"$KUMO" --db "$T/fresh.db" due --format tsv >"$T/out" 2>&1; rc=$?
check "fresh database, tsv: exit 0 and nothing printed" "$rc:$(wc -c <"$T/out" | tr -d ' ')" "0:0"

# --format tsv: the documented header, one line per item, the code of the kind, days as a signed number
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --format tsv); rc=$?
check "tsv: exit 1 when something is due" "$rc" 1
check "tsv: the header line" "$(head -n 1 <<<"$out")" $'kind\tlabel\tapproval_no\tservice\tdept\tmanager\tdate\tdays'
has "tsv: an overdue review, days past the date" "$out" $'review_overdue\t確認期限超過\tAP-R7-0001\t電子申請サービス\t総務部\t吉田 亮\t2026-05-20\t187'
has "tsv: a review due soon, days left as a negative number" "$out" $'review_due\t確認期限間近\tAP-R7-0003\t施設予約サービス\t教育委員会事務局\t松本 由美\t2026-12-15\t-22'
has "tsv: a passed end date" "$out" $'end_passed\t利用終了予定日超過\tAP-R6-0001'
has "tsv: the 事後報告 due, with the exception's number" "$out" $'exception_report_due\t例外措置事後報告待ち EX-R8-0002\tAP-R8-0003'
has "tsv: a 廃棄・削除完了報告 not filed" "$out" $'disposal_due\t廃棄・削除完了報告未提出\tAP-R7-0005'
has "tsv: a 廃棄・削除完了報告 awaiting 受理" "$out" $'disposal_report_pending\t廃棄・削除完了報告受理待ち\tAP-R7-0006'
check "tsv: header and 7 items, no summary" "$(wc -l <<<"$out" | tr -d ' ')" 8
check "tsv: every line has 8 columns" "$(awk -F'\t' 'NF != 8' <<<"$out" | wc -l | tr -d ' ')" 0
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --format csv >/dev/null 2>&1; rc=$?
check "--format csv is a usage error (exit 2)" "$rc" 2

# once the overdue items are dealt with, the demo exits 0
# A checklist answered item by item as a file (kumo checklist KEY gives its items): every item 適合 with its 確認内容.
answers_file() { KUMO_USER=takahashi "$KUMO" --db "$1" checklist "$2" | sed 's/^"\([^"]*\)","","",/"\1","適合","手順書・記録簿で確認",/' >"$3"; }
answers_file "$T/demo.db" operate "$T/operate.csv"
answers_file "$T/demo.db" retire "$T/retire.csv"
KUMO_USER=yoshida "$KUMO" --db "$T/demo.db" review AP-R7-0001 --date 2026-11-20 --status 継続 --answers-file "$T/operate.csv" >/dev/null ||
    ng "review AP-R7-0001"
KUMO_USER=watanabe "$KUMO" --db "$T/demo.db" terminate AP-R6-0001 --end-date 2026-03-31 --plan 作成済 \
    --notice-date 2026-03-01 --disposal 暗号化消去 --accounts-deleted --answers-file "$T/retire.csv" >/dev/null || ng "terminate AP-R6-0001"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due); rc=$?
check "a report awaiting 受理 past the end date still counts (exit 1)" "$rc" 1
has "…and says so" "$out" $'終了連絡受理待ち\tAP-R6-0001'
KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" terminate accept AP-R6-0001 >/dev/null || ng "terminate accept AP-R6-0001"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due)
has "accepted, its 廃棄・削除完了報告 is due (規定003 §4(7))" "$out" $'廃棄・削除完了報告未提出\tAP-R6-0001'
KUMO_USER=watanabe "$KUMO" --db "$T/demo.db" disposal AP-R6-0001 --date 2026-04-10 --worker 渡辺 --method 暗号化消去 \
    --confirmation 抹消措置の完了証明書 --evidence GM-1 --copies 削除済 --accounts-deleted >/dev/null || ng "disposal AP-R6-0001"
KUMO_USER=yamamoto "$KUMO" --db "$T/demo.db" disposal AP-R7-0005 --date 2026-10-10 --worker 山本 --method 上書き消去 \
    --confirmation 職員による作業完了の確認 --evidence 画面記録 --copies 該当なし --accounts-deleted >/dev/null ||
    ng "disposal AP-R7-0005"
for no in AP-R6-0001 AP-R7-0005 AP-R7-0006; do
    KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" disposal accept "$no" >/dev/null || ng "disposal accept $no"
done
KUMO_USER=nakamura "$KUMO" --db "$T/demo.db" exception report EX-R8-0002 --reason 台風対応として認める \
    --conditions 個人情報を登録しない --until 2027-03-31 --recheck 2027-02-26 >/dev/null || ng "exception report EX-R8-0002"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due); rc=$?
check "after the review, the 受理, the 廃棄・削除完了報告 and the 事後報告 only the review due soon is listed (exit 0: nothing overdue)" \
    "$rc:$(wc -l <<<"$out" | tr -d ' ')" "0:2"
has "… AP-R7-0003" "$out" "AP-R7-0003"
out=$(KUMO_USER=takahashi "$KUMO" --db "$T/demo.db" due --within 21 2>&1); rc=$?
check "nothing due within 21 days and nothing overdue: exit 0, silent" "$rc:$out" "0:"

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
