#!/usr/bin/env bash
# Filing and deciding headless (issue 9, "Every step headless"): a whole application driven by commands as the roles
# of the demo — new draft, its fields, its 確認事項 from a file item by item with their notes, the 検証結果, submission,
# the 統括's decision, a 変更申請 of the approved service and its approval — with the refusals the UI gives, in the same
# words: 兼務の禁止 (ポリシー004 §1(8)①), a 職員等 filing 機密性2 (§8-4(2)①), 規定003 §4(1)③ 低減策 not written,
# §4(1)⑥ answered other than 適合, §4(2)① 適合 with data stored abroad. Run by tests/run.sh (KUMO_TODAY=2026-11-23).
# Exit status: 0 done, 1 app check found something that blocks, 2 a usage error, 3 a refused step (cli/cli.h).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
KUMO=${KUMO_BIN:-./kumo}
export TZ=Asia/Tokyo LANG=C.UTF-8 KUMO_TODAY=${KUMO_TODAY:-2026-11-23}
export KUMO_TEMPLATE_DIR=${KUMO_TEMPLATE_DIR:-$PWD/templates}
unset KUMO_USER KUMO_DB KUMO_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/kumo-filing.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
DB="$T/demo.db"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   - $1"; }
ng() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ng "$1" "expected [$3], got [$2]"; fi; }
has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else ng "$1" "missing [$3] in:
$2"; fi; }
hasnt() { if grep -qF -- "$3" <<<"$2"; then ng "$1" "unexpected [$3] in:
$2"; else ok "$1"; fi; }
as() { local u=$1; shift; KUMO_USER=$u "$KUMO" --db "$DB" "$@" 2>&1; }

"$KUMO" --db "$DB" demo >/dev/null || { echo "kumo demo failed"; echo "RESULT: 0 passed, 1 failed"; exit 1; }

# ---- a 職員等 may not file 機密性2 (ポリシー004 §8-4(2)①): the draft is made, the 機密性 refused ----
out=$(as ito app new --conf 2); rc=$?
check "a 職員等 filing 機密性2 is refused" "$rc" 3
has "…with the rule" "$out" "職員等は機密性1の申請のみ行えます（ポリシー004 §8-4(2)①）"
out=$(as kobayashi app new); rc=$?
check "監査 makes no application" "$rc" 3
has "…and says so" "$out" "監査の役割では閲覧と出力のみできます"

# ---- the 情報セキュリティ責任者 (田中, 健康福祉部) files a 機密性2 application ----
id=$(KUMO_USER=tanaka "$KUMO" --db "$DB" app new --conf 2 --name "電子母子手帳サービス" 2>"$T/err"); rc=$?
check "app new prints the new draft's id" "$rc" 0
if [[ "$id" =~ ^[0-9]+$ ]]; then ok "…a number"; else ng "…a number" "got [$id] $(cat "$T/err")"; fi
out=$(as tanaka app fields)
has "app fields lists each field's key and label" "$out" $'location\tデータの保存場所\t選択\t機密性2以上\t国内|国外|不明'
set_field() { out=$(as tanaka app set "$id" "$1" "$2"); rc=$?; check "set $1" "$rc" 0; }
set_field contact "内線 2301"                    # by the form table's key …
set_field サービス提供者 "株式会社すこやかクラウド"  # … or by its Japanese label
set_field service_type SaaS
set_field purpose "妊娠・出産・子育ての記録と通知を電子化する"
set_field scope "母子健康手帳の交付・記録・通知"
set_field user_scope "子育て支援課の職員"
set_field user_count "１２"                      # full-width digits, as typed
set_field integ 2
set_field avail 2
set_field personal 有
set_field mynumber 無
set_field network インターネット接続系
set_field location 国外
set_field law 日本法・日本の裁判所
set_field contract 個別契約・SLA
set_field 利用開始予定日 令和9年4月1日
set_field renewal_date 2028-03-31
set_field procurement_ref "調達仕様書 別紙4"
out=$(as tanaka show "$id" 2>&1)
has "the 利用開始予定日 is stored as a date" "$out" $'利用開始予定日\t2027-04-01'
has "…and 利用者数 as a number" "$out" $'利用者数\t12'
out=$(as tanaka app set "$id" 機密性 3A); rc=$?
check "機密性3A is refused (規定003 §4(1)⑥)" "$rc" 3
has "…with the rule's text" "$out" "機密性3Aに相当する情報はクラウドサービスで取り扱わない"
out=$(as tanaka app set "$id" 保管場所 国内); rc=$?
check "an unknown field is a usage error" "$rc" 2
has "…that points at app fields" "$out" "kumo app fields"

# ---- the 確認事項 from a file, item by item ----
as tanaka show "$id" --answers >"$T/blank.csv"
has "show --answers prints the answers file's header" "$(head -1 "$T/blank.csv")" "code,answer,note,text"
has "…with the items of the current version (ポリシー004 §8-3(3)②(エ))" "$(cat "$T/blank.csv")" '"8-3(3)-2d"'
# every item 適合 with a note, except the six risks of §4(1)③ left without their 低減策
sed -e 's/^"\([^"]*\)","","",/"\1","適合","契約書・仕様書で確認",/' \
    -e 's/^"\(4(1)-3[a-f]\)","適合","契約書・仕様書で確認",/"\1","適合","",/' "$T/blank.csv" >"$T/answers.csv"
out=$(as tanaka app answer "$id" --file "$T/answers.csv"); rc=$?
check "app answer reads the file" "$rc" 0
has "…and says what it saved" "$out" "の回答を保存しました"
out=$(as tanaka app check "$id"); rc=$?
check "app check exits 1 while something blocks" "$rc" 1
has "規定003 §4(1)③: 低減策 not written is named" "$out" "! 確認事項 4(1)-3a は確認内容・対策の記入が必要です（低減策を確認内容に記入）"
has "…every one of the six" "$out" "4(1)-3f は確認内容・対策の記入が必要です"
has "規定003 §4(2)①: 4(2)-1 適合 with data stored abroad names both places" "$out" \
    "確認事項 4(2)-1 が「適合」ですが、申請書の「データの保存場所」は「国外」です"
out=$(as tanaka app submit "$id"); rc=$?
check "submission is refused while something blocks" "$rc" 3
has "…with the count and the first finding" "$out" "提出できません（"
# §4(1)⑥ admits 適合 only: the whole file is refused and nothing of it is saved
printf 'code,answer,note\n4(1)-3a,適合,提供者の取扱状況を四半期報告で確認\n4(1)-6,該当なし,扱わない\n' >"$T/bad.csv"
out=$(as tanaka app answer "$id" --file "$T/bad.csv"); rc=$?
check "4(1)-6 answered 該当なし is refused (規定003 §4(1)⑥)" "$rc" 3
has "…with the rule" "$out" "確認事項 4(1)-6 は「適合」のみ回答できます"
has "…and nothing of the file was saved" "$(as tanaka show "$id" --answers)" '"4(1)-3a","適合","",'
printf 'code,answer,note\n4(9)-1,適合,x\n' >"$T/unknown.csv"
out=$(as tanaka app answer "$id" --file "$T/unknown.csv"); rc=$?
check "an item the 確認事項 do not have is refused" "$rc" 3
has "…naming it" "$out" "確認事項に項目 4(9)-1 はありません"
# the 低減策 written, the data kept in Japan
sed -e 's/^"\(4(1)-3[a-f]\)","適合","",/"\1","適合","提供者の運用報告を四半期ごとに確認する",/' "$T/answers.csv" >"$T/answers2.csv"
out=$(as tanaka app answer "$id" --file "$T/answers2.csv"); rc=$?
check "the corrected answers are saved" "$rc" 0
set_field location 国内
out=$(as tanaka app check "$id"); rc=$?
check "app check exits 0 when nothing blocks" "$rc" 0
has "…and says so" "$out" "ありません"
# ポリシー004 §2(1): a 機密性3B asset needs its 取扱制限 on the form
set_field conf 3B
out=$(as tanaka app check "$id"); rc=$?
check "機密性3B without 取扱制限 blocks (ポリシー004 §2(1))" "$rc" 1
has "…naming the field and the rule" "$out" "「取扱制限」を入力してください: 機密性3Bの情報資産は"
set_field 取扱制限 "支給端末以外での作業の禁止、送信時の暗号化、復元不可能な廃棄"
out=$(as tanaka app check "$id"); rc=$?
check "…and written, nothing blocks" "$rc" 0
has "show prints the 取扱制限" "$(as tanaka show "$id")" $'取扱制限\t支給端末以外での作業の禁止、送信時の暗号化、復元不可能な廃棄'
set_field conf 2

# ---- submit, then nobody but the 統括 decides ----
out=$(as tanaka app submit "$id" --comment "調達仕様書 別紙4 を添付"); rc=$?
check "the applicant submits" "$rc" 0
no=$(grep -o 'R[0-9]*-[0-9]\{4\}' <<<"$out" | head -1)
has "…and gets a 申請番号 of 令和8年度" "$no" "R8-"
has "…for the 統括 to decide" "$out" "審査者: 統括情報セキュリティ責任者"
out=$(as tanaka decide "$no" approve --manager tanaka); rc=$?
check "the applicant may not decide their own application (兼務の禁止)" "$rc" 3
has "…with the rule" "$out" "申請者は自分の申請を審査・承認できません（兼務の禁止: ポリシー004 §1(8)①）"
out=$(as kobayashi decide "$no" approve); rc=$?
check "監査 may not decide" "$rc" 3
out=$(as sato decide "$no" approve); rc=$?
check "another 部局's 情報セキュリティ責任者 may not decide (nor see) it" "$rc" 3
has "…told it is not theirs to see" "$out" "この申請を閲覧する権限がありません"
out=$(as takahashi decide "$no" return); rc=$?
check "a 差戻し needs its reason" "$rc" 3
has "…naming it" "$out" "「差戻しの理由」を入力してください"
out=$(as takahashi decide "$no" maybe --comment x); rc=$?
check "an unknown decision is a usage error" "$rc" 2
out=$(as takahashi decide "$no" return --comment "利用者数の根拠を備考に記入してください"); rc=$?
check "the 統括 returns it" "$rc" 0
has "$no is 差戻し" "$(as tanaka show "$no")" $'状態\t差戻し'
set_field remarks "利用者数は子育て支援課の職員数"
out=$(as tanaka app submit "$no"); rc=$?
check "the applicant submits it again (by its 申請番号)" "$rc" 0
out=$(as takahashi decide "$no" approve --manager tanaka --due 2027-09-30 --comment "適切"); rc=$?
check "the 統括 approves" "$rc" 0
ap=$(grep -o 'AP-R[0-9]*-[0-9]\{4\}' <<<"$out" | head -1)
has "…recording the service under a 承認番号" "$ap" "AP-R8-"
has "…with the manager and the due date given" "$out" "クラウドサービス管理者 田中 美咲／次回利用状況確認期限 2027-09-30"
out=$(as tanaka app withdraw "$no"); rc=$?
check "a decided application cannot be withdrawn" "$rc" 3
has "…with the rule" "$out" "申請中（審査前）の申請だけを引き戻せます"

# ---- a 変更申請 of the approved service ----
out=$(as ito change "$ap"); rc=$?
check "a 職員等 of another 部局 may not open the service" "$rc" 3
cid=$(KUMO_USER=tanaka "$KUMO" --db "$DB" change "$ap" 2>"$T/err"); rc=$?
check "kumo change makes a 変更申請 and prints its id" "$rc" 0
if [[ "$cid" =~ ^[0-9]+$ ]]; then ok "…a number"; else ng "…a number" "got [$cid] $(cat "$T/err")"; fi
out=$(as tanaka change "$ap"); rc=$?
check "one open 変更申請 at a time" "$rc" 3
has "…naming it" "$out" "処理中の申請"
out=$(as tanaka app set "$cid" user_count 20); rc=$?
check "the 変更申請 is edited" "$rc" 0
has "the 変更申請 carries the answers over" "$(as tanaka show "$cid" --answers)" '"4(1)-3a","適合","提供者の運用報告を四半期ごとに確認する"'
out=$(as tanaka app submit "$cid"); rc=$?
check "the 変更申請 is submitted" "$rc" 0
cno=$(grep -o 'R[0-9]*-[0-9]\{4\}' <<<"$out" | head -1)
out=$(as takahashi decide "$cno" approve); rc=$?
check "the 統括 approves the 変更申請 (manager and due date kept by default)" "$rc" 0
has "…under the same 承認番号" "$out" "承認番号 $ap"
has "…keeping the manager and the due date" "$out" "クラウドサービス管理者 田中 美咲／次回利用状況確認期限 2027-09-30"

# ---- withdraw and delete ----
wid=$(KUMO_USER=sato "$KUMO" --db "$DB" app new --conf 1 --name "アンケート作成サービス" 2>/dev/null)
out=$(as sato app list --state 下書き)
has "app list shows the draft with its id" "$out" "$wid"$'\t\t下書き'
out=$(as tanaka app delete "$wid"); rc=$?
check "only the applicant deletes a draft" "$rc" 3
out=$(as sato app delete "$wid"); rc=$?
check "the applicant deletes the draft" "$rc" 0
hasnt "…and it is gone" "$(as sato app list --state 下書き)" "アンケート作成サービス"
out=$(as tanaka app delete "$no"); rc=$?
check "an application with a 申請番号 is never deleted" "$rc" 3
has "…with the reason" "$out" "申請番号のある申請は削除できません"

# ---- every step is in the audit trail, and nothing else changed the record ----
out=$(as kobayashi audit verify); rc=$?
check "the audit trail verifies after every step above" "$rc" 0

echo "RESULT: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
