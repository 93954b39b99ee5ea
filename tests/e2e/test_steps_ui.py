"""The steps issue 9 adds, through the terminal UI, on the demo database (KUMO_TODAY=2026-11-23).

導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)): the クラウドサービス管理者 (松本, 学習支援プラットフォーム)
sees 構築確認待ち in the register, opens the service, presses b, answers the 導入・構築時チェックリスト item by
item (one 不適合 with its 確認内容 typed in Japanese) and records it; the register then says 承認済.

例外措置 (ポリシー004 §7-4): the CISO (中村) finds R8-0009 on ホーム, opens its 審査 screen and permits the exception
with its reason and conditions typed in Japanese; the 統括 (高橋) then approves it with conditions.

The life of that service to its verified end (規定003 §4(5)(7); ポリシー004 §8-3(6)(8)): its manager records the
導入・構築時確認, files the 終了連絡; the 統括 accepts it and the service is 終了処理中; after the 終了日 the manager
files the 廃棄・削除完了報告 (暗号化消去, 抹消措置の完了証明書, every account 削除済) and the 統括 accepts it: 終了.
The CISO records the 事後報告 of the demo's emergency approval from ホーム (§7-4(2)), and it leaves the overdue list.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402


def open_service(t, search, status=None):
    """From ホーム: the 台帳, an incremental search, then the first row (whose 状態 may be checked first)."""
    t.wait_for("ホーム")
    t.keys("r")
    t.wait_for("承認済みクラウドサービス台帳")
    t.keys("/")
    t.type(search)
    t.keys("Enter")
    scr = t.wait_for("全 1 件")
    if status:
        assert status in scr, scr
    t.keys("Enter")
    t.wait_for("サービス ")


def scroll_until(t, text, limit=40):
    """Scrolls a list that is read as text (↓ one line at a time) until `text` shows."""
    for _ in range(limit):
        scr = t.screen()
        if text in scr or text in "".join(l.strip() for l in scr.splitlines()):
            return scr
        t.keys("Down")
        t.wait_stable()
    return t.wait_for(text, timeout=10)  # keys pressed under load are drawn late


def fill_form(t, rows, steps):
    """On a field form whose rows are `rows` (labels in order, the cursor on the first): each (label, value) is typed
    (a str; long texts end with Ctrl-S) or chosen (an int: the number of the choice)."""
    cur = 0
    for label, value, *rest in steps:
        i = rows.index(label)
        while cur < i:
            t.keys("Down")
            cur += 1
        t.keys("Enter")
        if isinstance(value, int):
            t.wait_for(f"{label}を選んでください")
            t.keys(str(value))
        else:
            long = bool(rest and rest[0])
            t.wait_for("Ctrl-S F2 保存" if long else "Enter 確定")
            t.keys("C-u")
            t.type(value)
            t.keys("C-s" if long else "Enter")
        t.wait_for(f"「{label}」を入力しました")


def answer_all(t):
    """The checklist screen (c): every item 適合, then back to the form."""
    t.keys("c")
    scr = t.wait_for("回答 0/")
    total = int(re.search(r"回答 0/(\d+)", scr).group(1))
    for _ in range(total):
        t.keys("1")
    t.wait_for(f"回答 {total}/{total}")
    t.keys("q")


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-steps-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)

    def manager_records_build_check():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="matsumoto"), cwd=tmp)
        try:
            open_service(t, "学習支援", status="構築確認待ち")
            scr = t.wait_for("【導入・構築時確認】 未記録")
            assert "b 構築時確認" in scr, scr
            t.keys("b")
            t.wait_for("導入・構築時確認 AP-R8-0002")
            t.keys("c")
            scr = t.wait_for("回答 0/")
            total = int(re.search(r"回答 0/(\d+)", scr).group(1))
            for _ in range(total - 1):
                t.keys("1")
            t.wait_for(f"回答 {total - 1}/{total}")
            t.keys("2")                       # the last item, 8-3(6)-3c: 不適合 asks for its 確認内容
            t.wait_for("確認内容・対策 8-3(6)-3c")
            t.type("復旧手順は十二月に整備する")
            t.keys("C-s")                     # 確認内容・対策: the multi-line editor saves with Ctrl-S
            t.wait_for(f"回答 {total}/{total}")
            t.keys("q")
            t.wait_for("不適合 1")
            t.keys("Down", "Enter")           # 備考: a long text (FT_LONGTEXT), the multi-line editor
            t.wait_for("Ctrl-S F2 保存")
            t.type("設定確認書と運用手順書で確認")
            t.keys("C-s")
            t.wait_for("「備考」を入力しました")
            t.keys("s")
            scr = t.wait_for("導入・構築時確認を記録しました")
            assert "2026-11-23" in scr and "不適合 1件" in scr, scr
            assert "b 構築時確認" not in scr, scr   # recorded once
            t.keys("q")
            scr = t.wait_for("承認済みクラウドサービス台帳")
            assert "構築確認待ち" not in scr, scr
        finally:
            t.close()

    def open_decide(t, app_no, heading):
        """From ホーム, the row of `app_no` under `heading`, then 審査 (a)."""
        scr = t.wait_for(heading)
        rows = [l for l in scr.splitlines() if l.startswith("  ") and " " in l.strip()]
        assert any(app_no in l for l in rows), scr
        while True:   # the first selectable row is selected: move down to the application
            t.keys("Enter")
            scr = t.wait_for("申請書兼許可書 R8-")
            if f"申請書兼許可書 {app_no}" in scr:
                break
            t.keys("q")
            t.wait_for("ホーム")
            t.keys("Down")
        t.keys("a")
        return t.wait_for("【例外措置を要する項目")

    def ciso_grants_exception():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="nakamura"), cwd=tmp)
        try:
            scr = t.wait_for("例外措置の許可待ち")
            assert "R8-0009" in scr[scr.index("例外措置の許可待ち"):], scr
            scr = open_decide(t, "R8-0009", "例外措置の許可待ち")
            assert "x 例外措置" in scr, scr
            scroll_until(t, "例外措置: CISOの許可待ち")   # where it stands closes the list of deviations
            t.keys("x")
            t.wait_for("許可する（理由")
            t.keys("Enter")
            t.wait_for("例外措置の理由（必須）")
            t.type("住民の相談を継続するため代替がない")
            t.keys("C-s")
            t.wait_for("例外措置の条件（必須）")
            t.type("相談記録は庁内サーバに保存する")
            t.keys("C-s")
            t.wait_for("有効期限")
            t.keys("C-u")
            t.type("２０２７年１１月２０日")      # 11 characters, as an IME types it: taken whole (issue 12)
            t.wait_for("11/20文字")
            t.keys("Enter")
            t.wait_for("次回確認日")
            t.keys("C-u")
            t.type("令和9年5月20日")
            t.keys("Enter")
            scr = t.wait_for("例外措置を許可しました（EX-R8-0003）")
            scr = scroll_until(t, "許可 EX-R8-0003（中村 修 2026-11-23）有効期限 2027-11-20")
            # the CISO who permitted it does not approve it (兼務の禁止)
            assert "a 承認" not in scr and "C 条件付承認" not in scr, scr
        finally:
            t.close()

    def approver_approves_after_exception():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            scr = open_decide(t, "R8-0009", "審査待ち")
            assert "E 緊急承認" not in scr, scr   # permitted: no emergency
            t.keys("C")
            t.wait_for("承認の条件・理由（必須）")
            t.type("相談記録を国内に保存し、半年ごとに運用を報告する")
            t.keys("C-s")
            t.wait_for("クラウドサービス管理者を指名してください")
            t.keys("Enter")
            t.wait_for("次回利用状況確認期限")
            t.keys("Enter")
            t.wait_for("条件付承認しますか")
            t.keys("y")
            scr = t.wait_for("条件付承認しました")
            assert "AP-R8-0004" in scr, scr
        finally:
            t.close()

    state = {}

    def manager_of_new_service():
        r = run_kumo(["--db", db, "show", "AP-R8-0004"], dict(env, KUMO_USER="takahashi"))
        m = re.search(r"^クラウドサービス管理者\t(.+)$", r.stdout, re.M)
        assert m, r.stdout
        logins = run_kumo(["--db", db, "user", "list"], dict(env, KUMO_USER="kato")).stdout
        state["manager"] = [l.split("\t")[0] for l in logins.splitlines() if l.split("\t")[1] == m.group(1)][0]

    def manager_records_build_check_then_files_termination():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER=state["manager"]), cwd=tmp)
        try:
            open_service(t, "オンライン相談", status="構築確認待ち")
            t.wait_for("【導入・構築時確認】 未記録")
            t.keys("b")
            t.wait_for("導入・構築時確認 AP-R8-0004")
            answer_all(t)
            t.keys("s")
            scr = t.wait_for("導入・構築時確認を記録しました")
            scr = t.wait_for("e 終了連絡")   # back on the service screen
            assert "構築確認待ち" not in scr.splitlines()[1] and "不適合 0件" in scr, scr
            # the 終了連絡 (規定003 §4(4)③): what will be deleted, the accounts still 削除予定
            t.keys("e")
            t.wait_for("終了連絡 AP-R8-0004")
            fill_form(t, ["終了日", "移行計画書又は終了計画書", "不要の理由", "利用者への事前周知日", "情報の廃棄方法",
                          "廃棄の確認内容", "利用者アカウントの削除", "特権アカウントの削除", "特殊アカウントと資格情報"],
                      [("終了日", "2027-01-29"), ("移行計画書又は終了計画書", 1), ("利用者への事前周知日", "2026-12-01"),
                       ("情報の廃棄方法", 1), ("廃棄の確認内容", "事業者の抹消証明書で確認する", True),
                       ("利用者アカウントの削除", 2), ("特権アカウントの削除", 2), ("特殊アカウントと資格情報", 2)])
            # 4(7)-1a…2a 適合; the accounts are 削除予定, so 4(7)-3a…3c (「削除している」) are 不適合 with what is
            # planned — 適合 with 削除予定 is refused as a contradiction (the 廃棄・削除完了報告 reports the deletion)
            t.keys("c")
            t.wait_for("回答 0/6")
            t.keys("1", "1", "1")
            t.wait_for("回答 3/6")
            for i, code in enumerate(("4(7)-3a", "4(7)-3b", "4(7)-3c")):
                t.keys("2")
                t.wait_for(f"確認内容・対策 {code}")
                t.type("終了日に削除し、廃棄・削除完了報告で報告する")
                t.keys("C-s")
                t.wait_for(f"回答 {4 + i}/6")
                t.keys("n")                       # the next item not yet answered
                t.wait_stable()
            t.keys("q")
            t.wait_for("必須未回答 0")
            t.keys("s")
            t.wait_for("終了連絡を提出しました")
        finally:
            t.close()

    def approver_accepts_termination():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            open_service(t, "オンライン相談")
            t.wait_for("a 受理")   # the report awaiting 受理 is selected
            t.keys("a")
            t.wait_for("の終了連絡（")
            t.keys("y")
            t.wait_for("受理のコメント（任意）")
            t.type("移行先を確認した")
            t.keys("C-s")
            scr = t.wait_for("受理しました")
            assert "終了処理中" in scr.splitlines()[1], scr
            assert "【廃棄・削除完了報告】" in scr and "未提出" in scr, scr
        finally:
            t.close()

    later = dict(env, KUMO_TODAY="2027-02-03")   # after the 終了日 2027-01-29

    def manager_files_disposal():
        t = Term([kumo_bin(), "--db", db], env=dict(later, KUMO_USER=state["manager"]), cwd=tmp)
        try:
            # overdue on ホーム once the 終了日 has passed (規定003 §4(7))
            scr = t.wait_for("削除報告待ち")
            assert "オンライン相談サービス" in scr, scr
            open_service(t, "オンライン相談", status="終了処理中")
            t.wait_for("f 削除完了報告")
            t.keys("f")
            scr = t.wait_for("廃棄・削除完了報告 AP-R8-0004")
            assert "暗号化消去" in scr, scr     # 機密性2: the method is proposed, the rule said
            rows = ["完了日", "担当者", "削除方法", "削除の確認", "証跡", "全ての複製（バックアップ等）",
                    "利用者アカウント", "特権アカウント", "特殊アカウントと資格情報", "備考"]
            fill_form(t, rows, [("完了日", "2027-02-01"), ("担当者", "健康福祉部 健康づくり課 相談担当"),
                                ("削除の確認", 1), ("証跡", "グローバルケア社 データ抹消証明書 第12号"),
                                ("全ての複製（バックアップ等）", 1), ("利用者アカウント", 1), ("特権アカウント", 1),
                                ("特殊アカウントと資格情報", 2)])
            t.keys("s")
            scr = t.wait_for("廃棄・削除完了報告を提出しました")
            # who will accept it, by name: the 統括 or the CISO for a 機密性2 service (ポリシー004 §8-3(8))
            said = re.sub(r"\s", "", "".join(scr.splitlines()))
            assert "高橋健（統括情報セキュリティ責任者）又は中村修（CISO）の受理を待ちます" in said, scr
        finally:
            t.close()

    def approver_accepts_disposal():
        t = Term([kumo_bin(), "--db", db], env=dict(later, KUMO_USER="takahashi"), cwd=tmp)
        try:
            scr = t.wait_for("廃棄・削除完了報告（受理待ち）")
            assert "オンライン相談サービス" in scr[scr.index("廃棄・削除完了報告（受理待ち）"):], scr
            open_service(t, "オンライン相談", status="終了処理中")
            t.wait_for("a 受理")
            t.keys("Enter")                  # the report, read before deciding
            t.wait_for("削除の確認 抹消措置の完了証明書")
            t.keys("q")
            t.keys("a")
            t.wait_for("の廃棄・削除完了報告（")
            t.keys("y")
            t.wait_for("受理の所見（任意）")
            t.type("抹消証明書の原本を確認した")
            t.keys("C-s")
            scr = t.wait_for("終了となりました")
            assert scr.splitlines()[1].rstrip().endswith("終了"), scr
        finally:
            t.close()
        names = run_kumo(["--db", db, "export", "register", "--csv", "-o", "-"], dict(later, KUMO_USER="takahashi")).stdout
        assert "オンライン相談サービス" not in names, names

    def ciso_records_emergency_report():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="nakamura"), cwd=tmp)
        try:
            scr = t.wait_for("ホーム")
            assert "事後報告" in scr and "災害情報共有サービス" in scr, scr
            t.keys("e")
            scr = t.wait_for("例外措置の一覧")
            # newest first: EX-R8-0003 (permitted above), then the emergency approval's EX-R8-0002
            lines = [l for l in scr.splitlines() if "EX-R" in l]
            assert "EX-R8-0003" in lines[0] and "EX-R8-0002" in lines[1] and "事後報告待ち" in lines[1], scr
            t.keys("Down", "Enter")
            t.wait_for("CISOへの事後報告: 未記録")
            t.keys("q")
            t.wait_for("この緊急承認の事後報告を記録しますか")
            t.keys("y")
            t.wait_for("例外措置の理由（必須）")
            t.keys("C-a", "C-k")   # the emergency's reason is offered: typed anew here
            t.type("台風対応のため事後に例外措置として認める")
            t.keys("C-s")
            t.wait_for("例外措置の条件（必須）")
            t.type("避難所の開設状況以外の個人情報を登録しない")
            t.keys("C-s")
            t.wait_for("有効期限")
            t.keys("C-u")
            t.type("2027-03-31")
            t.keys("Enter")
            t.wait_for("次回確認日")
            t.keys("C-u")
            t.type("2027-02-26")
            t.keys("Enter")
            t.wait_for("事後報告を記録しました")
        finally:
            t.close()
        r = run_kumo(["--db", db, "due"], dict(env, KUMO_USER="nakamura"), check=False)
        assert "事後報告" not in r.stdout, r.stdout

    def ciso_exports_the_register_of_exceptions_here():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="nakamura"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("e")
            t.wait_for("例外措置の一覧")
            t.keys("x")
            scr = t.wait_for("例外措置の一覧の出力先")
            out = os.path.join(tmp, "例外措置の一覧_20261123.xlsx")   # the current folder, as every export
            assert out in "".join(l.strip(" |") for l in scr.splitlines()) and "Tab 補完" in scr, scr
            t.keys("Enter")
            scr = t.wait_for("に出力しました")
            assert out + "に出力しました" in re.sub(r"\s", "", "".join(scr.splitlines())), scr
            assert os.path.getsize(out) > 0
        finally:
            t.close()

    def approver_sets_review_interval():
        # the interval is a governance setting: the 統括 sets it on the 台帳 (I), at most 12 months (規定003 §4(8))
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("r")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("I")
            t.wait_for("利用状況確認の間隔（月）")
            t.keys("C-u")
            t.type("13")
            t.keys("Enter")
            scr = t.wait_for("1〜12か月で入力してください")
            assert "規定003 §4(8)" in "".join(scr.splitlines()), scr
            t.keys("I")
            t.wait_for("利用状況確認の間隔（月）")
            t.keys("C-u")
            t.type("１２")
            t.keys("Enter")
            t.wait_for("利用状況確認の間隔を 12か月にしました")
        finally:
            t.close()
        # the システム管理者 is not offered it
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="kato"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("r")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("?")
            scr = t.wait_for("出力")
            assert "利用状況確認の間隔" not in scr, scr
        finally:
            t.close()
        r = run_kumo(["--db", db, "setting", "set", "review_interval_months", "6"], dict(env, KUMO_USER="kato"),
                     check=False)
        assert r.returncode == 3 and "統括情報セキュリティ責任者又はCISOが定めます" in r.stderr, (r.returncode, r.stderr)

    def regulation_review_on_home():
        # the yearly review of the regulation (規定003 §5) recorded on 2026-11-20 falls due on 2027-11-20: past it, the
        # 統括's ホーム lists it in its own section; a 部局の情報セキュリティ責任者's does not
        rdb = os.path.join(tmp, "reg.db")
        run_kumo(["--db", rdb, "demo"], env)
        run_kumo(["--db", rdb, "regulation", "review", "--date", "2026-11-20", "--outcome", "改訂不要", "--note", "照合した"],
                 dict(env, KUMO_USER="takahashi"))
        later = dict(env, KUMO_TODAY="2027-12-01")
        t = Term([kumo_bin(), "--db", rdb], env=dict(later, KUMO_USER="takahashi"), cwd=tmp)
        try:
            scr = t.wait_for("規定の見直し（規定003 §5")
            assert "見直し期限 2027-11-20（11日超過）。kumo regulation review で記録" in scr, scr
        finally:
            t.close()
        t = Term([kumo_bin(), "--db", rdb], env=dict(later, KUMO_USER="sato"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            scr = t.wait_stable()
            assert "規定の見直し" not in scr, scr
        finally:
            t.close()

    res.run("規定の見直しの期限が過ぎると統括のホームに出る（規定003 §5）", regulation_review_on_home)
    res.run("統括が利用状況確認の間隔を台帳で設定する（12か月以内、システム管理者は不可）", approver_sets_review_interval)
    res.run("管理者が導入・構築時確認を記録する（規定003 §4(5)・ポリシー004 §8-3(6)④）", manager_records_build_check)
    res.run("CISOが例外措置を許可する（ポリシー004 §7-4(1)）", ciso_grants_exception)
    res.run("統括が例外措置の許可後に条件付承認する", approver_approves_after_exception)
    res.run("承認したサービスの管理者", manager_of_new_service)
    res.run("管理者が導入・構築時確認を記録し終了連絡を提出する（規定003 §4(5)・§4(4)③）",
            manager_records_build_check_then_files_termination)
    res.run("統括が終了連絡を受理し、サービスは終了処理中", approver_accepts_termination)
    res.run("終了日の後、管理者が廃棄・削除完了報告を提出する（規定003 §4(7)・ポリシー004 §8-3(8)）", manager_files_disposal)
    res.run("統括が廃棄・削除完了報告を受理し、サービスは終了（台帳から外れる）", approver_accepts_disposal)
    res.run("CISOが緊急承認の事後報告を記録する（ポリシー004 §7-4(2)）", ciso_records_emergency_report)
    res.run("CISOが例外措置の一覧を今のフォルダに出力する（Tab で補完できる出力先）", ciso_exports_the_register_of_exceptions_here)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
