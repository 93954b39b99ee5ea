"""End to end through the terminal UI (issue: after approval).

The クラウドサービス管理者 (吉田, 電子申請サービス) records a 利用状況確認 with 変更あり (規定003 §4(8)); the
統括情報セキュリティ責任者 sees it on ホーム and records the response; the 部局の情報セキュリティ責任者 files the
終了連絡 with its 更改・廃棄時チェックリスト (§4(4)③, §4(7)); the 統括 accepts it (受理): the service is 終了処理中 in
the register export (checked with openpyxl), past its 終了日, until its 廃棄・削除完了報告 is accepted (§4(7)); then it
leaves the register but not the database.
"""
import os
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, answer_checklist, hermetic_env, kumo_bin, run_kumo  # noqa: E402

SERVICE = "電子申請サービス"


def open_service(t, search):
    """From ホーム: the 台帳, an incremental search, then the first row."""
    t.wait_for("ホーム")
    t.keys("r")
    t.wait_for("承認済みクラウドサービス台帳")
    t.keys("/")
    t.type(search)
    t.keys("Enter")
    t.wait_for("全 1 件")
    t.keys("Enter")
    t.wait_for(f"サービス ")


def fill_all(t):
    """Answers every item of the checklist screen 適合 (with the 確認内容 an item asks for)."""
    return answer_checklist(t)


def register_names(env, db, path):
    run_kumo(["--db", db, "export", "register", "-o", path], dict(env, KUMO_USER="takahashi"))
    import openpyxl
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("クラウドサービス名")
    return [r[col] for r in ws.iter_rows(min_row=2, values_only=True)]


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-lc-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)
    state = {}

    def manager_reviews():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="yoshida"), cwd=tmp)
        try:
            scr = t.wait_for("確認期限超過")  # the overdue review shows on the manager's ホーム
            assert SERVICE in scr, scr
            open_service(t, SERVICE)
            t.keys("r")
            t.wait_for("利用状況確認 AP-")
            t.keys("Down", "Enter")            # 利用状況
            t.wait_for("利用状況を選んでください")
            t.keys("2")                        # 変更あり
            t.wait_for("「利用状況」を入力しました")
            t.keys("s")                        # the rules name the field that is missing
            t.wait_for("「変更の内容」を入力")
            t.keys("Down", "Down", "Down", "Enter")  # 変更の内容: a long text, the multi-line editor
            t.wait_for("Ctrl-S F2 保存")
            t.type("オンライン申請の様式を追加した")
            t.keys("C-s")
            t.keys("c")
            fill_all(t)
            t.keys("q")
            t.wait_for("必須未回答 0")
            t.keys("s")
            scr = t.wait_for("利用状況確認を記録しました")
            assert "変更あり" in scr and "（要対応）" in scr, scr
            # who will record the response, by name: the 統括, the CISO or 総務部's 情報セキュリティ責任者 (003 §4(8))
            said = re.sub(r"\s", "", "".join(scr.splitlines()))
            assert re.search(r"要対応:(高橋健|中村修|佐藤一郎)（[^）]+）ほか2名が対応を記録します", said), scr
            assert "2027-11-23" in scr, scr  # 確認日 2026-11-23 + 12 months
        finally:
            t.close()

    def approver_sees_and_responds():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            scr = t.wait_for("要対応の利用状況確認")
            block = scr[scr.index("要対応の利用状況確認"):]
            assert SERVICE in block, scr
            t.keys("q")  # ホーム asks before quitting
            t.wait_for("kumo を終了しますか")
            t.keys("n")
            open_service(t, SERVICE)
            t.wait_for("【導入・構築時確認】")
            # the review waiting for this user's response is selected, and its step is on the key bar
            scr = t.wait_for("a 対応を記録")
            t.keys("Enter")  # the review in full first
            t.wait_for("オンライン申請の様式を追加した")
            t.keys("q")
            t.wait_for("a でこの利用状況確認への対応を記録します")
            t.keys("a")
            t.wait_for("対応の内容（必須）")
            t.type("変更内容を確認した。様式の追加は承認の範囲内")
            t.keys("C-s")
            t.wait_for("対応を記録しました")
            t.keys("q")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("q")
            scr = t.wait_for("ホーム")
            assert "要対応の利用状況確認" not in scr or SERVICE not in scr[scr.index("要対応の利用状況確認"):].split("【")[0], scr
        finally:
            t.close()

    def dept_head_files_termination():
        state["before"] = register_names(env, db, os.path.join(tmp, "before.xlsx"))
        assert SERVICE in state["before"], state["before"]
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="sato"), cwd=tmp)
        try:
            open_service(t, SERVICE)
            t.keys("e")
            t.wait_for("終了連絡 AP-")
            rows = ["終了日", "移行計画書又は終了計画書", "不要の理由", "利用者への事前周知日", "情報の廃棄方法",
                    "廃棄の確認内容", "利用者アカウントの削除", "特権アカウントの削除", "特殊アカウントと資格情報"]
            cur = 0

            def goto(label):
                nonlocal cur
                i = rows.index(label)
                while cur < i:
                    t.keys("Down")
                    cur += 1

            def text(label, value):
                goto(label)
                t.keys("Enter")
                long = label in ("不要の理由", "廃棄の確認内容", "備考")   # FT_LONGTEXT in forms/service_form.c
                t.wait_for("Ctrl-S F2 保存" if long else "Enter 確定")
                t.keys("C-u")
                t.type(value)
                t.keys("C-s" if long else "Enter")
                t.wait_for(f"「{label}」を入力しました")

            def choice(label, n):
                goto(label)
                t.keys("Enter")
                t.wait_for(f"{label}を選んでください")
                t.keys(str(n))
                t.wait_for(f"「{label}」を入力しました")

            text("終了日", "2026-12-31")
            choice("移行計画書又は終了計画書", 1)   # 作成済
            text("利用者への事前周知日", "2026-11-30")
            choice("情報の廃棄方法", 1)             # 暗号化消去 (機密性2以上: required)
            # 削除済: the checklist's 4(7)-3a–3c 「削除している」 適合 then says the same (規定003 §4(7)③)
            choice("利用者アカウントの削除", 1)
            choice("特権アカウントの削除", 1)
            choice("特殊アカウントと資格情報", 1)
            t.keys("c")
            t.wait_for("回答 0/")
            # a 不適合 here is what remains before the 終了 (規定003 §4(7)), not an 例外措置 awaiting the CISO
            t.keys("2")
            t.wait_for("Ctrl-S F2 保存")
            t.type("終了計画書は12月に作成する")
            t.keys("C-s")
            scr = "".join(t.wait_for("扱い: 終了までの残作業").splitlines())
            assert "完了は廃棄・" in scr and "規定003 §4(7)" in scr, scr
            assert "承認の前にCISO" not in scr, scr
            t.keys("0")
            fill_all(t)
            t.keys("q")
            t.wait_for("必須未回答 0")
            t.keys("s")
            scr = t.wait_for("終了連絡を提出しました")
            assert "受理待ち" in scr, scr
            # who will accept it, by name: the 統括 or the CISO, never its filer (003 §4(4)③, 004 §1(8))
            said = re.sub(r"\s", "", "".join(scr.splitlines()))
            assert "高橋健（統括情報セキュリティ責任者）又は中村修（CISO）の受理を待ちます" in said, scr
        finally:
            t.close()

    def approver_accepts():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            scr = t.wait_for("終了連絡（受理待ち）")
            assert SERVICE in scr[scr.index("終了連絡（受理待ち）"):], scr
            t.keys("q")
            t.wait_for("kumo を終了しますか")
            t.keys("n")
            open_service(t, SERVICE)
            scr = t.wait_for("【終了連絡】")
            # the report awaiting 受理 is selected when the screen opens; 受理 and 差戻し are on its key bar
            scr = t.wait_for("a 受理")
            assert "d 差戻し" in scr.splitlines()[-1], scr
            t.keys("Enter")
            t.wait_for("移行計画書又は終了計画書 作成済")
            t.keys("q")
            t.wait_for("a で受理、d で差し戻します")
            t.keys("a")
            t.wait_for("の終了連絡（佐藤 一郎 提出、終了日 2026-12-31）")
            t.keys("y")
            t.wait_for("受理のコメント（任意）")
            t.keys("C-s")
            scr = t.wait_for("受理しました")
            # the service is 終了処理中 until its 廃棄・削除完了報告 is accepted (規定003 §4(7))
            assert "は終了処理中です（終了日 2026-12-31）" in "".join(scr.splitlines()), scr
        finally:
            t.close()

    def leaves_register_when_disposal_accepted_not_database():
        # accepted: in the register as 終了処理中, with its 終了日, until its 廃棄・削除完了報告 is accepted
        still = register_names(env, db, os.path.join(tmp, "after.xlsx"))
        assert SERVICE in still, still
        import openpyxl
        ws = openpyxl.load_workbook(os.path.join(tmp, "after.xlsx")).worksheets[0]
        header = [c.value for c in ws[1]]
        row = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index("クラウドサービス名")] == SERVICE][0]
        assert row[header.index("状態")] == "終了処理中", row
        # past the 終了日 it stays there until the report is accepted
        later = dict(env, KUMO_TODAY="2027-01-08")
        assert SERVICE in register_names(later, db, os.path.join(tmp, "after2027.xlsx"))
        run_kumo(["--db", db, "disposal", "AP-R7-0001", "--date", "2027-01-06", "--worker", "企画部 吉田",
                  "--method", "暗号化消去", "--confirmation", "抹消措置の完了証明書", "--evidence", "証明書 MC-1",
                  "--copies", "削除済", "--accounts-deleted"], dict(later, KUMO_USER="yoshida"))
        run_kumo(["--db", db, "disposal", "accept", "AP-R7-0001"], dict(later, KUMO_USER="takahashi"))
        after = register_names(later, db, os.path.join(tmp, "after2027b.xlsx"))
        assert SERVICE not in after, after
        con = sqlite3.connect(db)
        rows = con.execute("SELECT status, terminated_on FROM services WHERE name = ?", (SERVICE,)).fetchall()
        con.close()
        assert rows == [("terminated", "2026-12-31")], rows

    def returned_report_comes_back_prefilled():
        online = "オンライン会議サービス"  # AP-R6-0001: 渡辺 manages it, past its 利用終了予定日
        # the 更改・廃棄時チェックリスト answered item by item, as a file (kumo checklist retire gives its items)
        blank = run_kumo(["--db", db, "checklist", "retire"], dict(env, KUMO_USER="watanabe")).stdout
        answers = os.path.join(tmp, "retire.csv")
        with open(answers, "w", encoding="utf-8") as f:
            f.write(re.sub(r'^"([^"]*)","","",', r'"\1","適合","終了計画書で確認",', blank, flags=re.M))
        run_kumo(["--db", db, "terminate", "AP-R6-0001", "--end-date", "2026-03-31", "--plan", "作成済",
                  "--notice-date", "2026-03-01", "--disposal", "暗号化消去", "--accounts-deleted",
                  "--answers-file", answers], dict(env, KUMO_USER="watanabe"))
        run_kumo(["--db", db, "terminate", "return", "AP-R6-0001", "--comment", "録画データの削除証明を添付してください"],
                 dict(env, KUMO_USER="takahashi"))
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="watanabe"), cwd=tmp)
        try:
            scr = t.wait_for("差し戻された終了連絡")
            assert online in scr[scr.index("差し戻された終了連絡"):], scr
            t.keys("q")
            t.wait_for("kumo を終了しますか")
            t.keys("n")
            open_service(t, online)
            t.keys("e")
            t.wait_for("差戻しの理由: 録画データの削除証明を添付してください")
            # what was sent comes back (waited for: the intro is drawn before the rows)
            scr = t.wait_for("暗号化消去")
            assert "2026-03-31" in scr, scr
            t.wait_for("回答 6/6")  # the checklist answers too
        finally:
            t.close()

    def stale_review_is_refused_and_keeps_input():
        # the 統括 fills a 利用状況確認 while the CISO designates another manager from the command line: the save is
        # refused (the service changed since the form opened), the form reads the service again and keeps what
        # was typed, and the next save records it
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            open_service(t, "施設予約サービス")
            t.keys("r")
            t.wait_for("利用状況確認 AP-")
            t.keys("Down", "Enter")            # 利用状況
            t.wait_for("利用状況を選んでください")
            t.keys("1")                        # 継続
            t.wait_for("「利用状況」を入力しました")
            t.keys("c")
            fill_all(t)
            t.keys("q")
            t.wait_for("必須未回答 0")
            r = run_kumo(["--db", db, "manager", "AP-R7-0003", "sato", "--reason", "人事異動"],
                         dict(env, KUMO_USER="nakamura"))
            assert r.returncode == 0, r.stderr
            t.keys("s")
            scr = t.wait_for("他の人がこのサービスを先に更新しました")
            flat = "".join(scr.splitlines())
            assert "入力内容はそのままです" in flat, scr
            assert "継続" in scr and "必須未回答 0" in scr, scr   # what was typed and answered is still there
            t.keys("s")
            t.wait_for("利用状況確認を記録しました")
        finally:
            t.close()
        con = sqlite3.connect(db)
        n = con.execute("SELECT count(*) FROM reviews r JOIN services s ON s.id = r.service_id "
                        "JOIN users u ON u.id = r.reviewer_id WHERE s.approval_no = 'AP-R7-0003' "
                        "AND u.login = 'takahashi'").fetchone()[0]
        con.close()
        assert n == 1, n

    def termination_filed_meanwhile_keeps_input():
        # 鈴木 (the manager of 地図作成サービス) fills its 終了連絡 while 佐藤 (its 部局's 情報セキュリティ責任者) files one
        # from the command line: 鈴木's s is refused naming who filed it and when, and what was typed stays on the form
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="suzuki"), cwd=tmp)
        try:
            open_service(t, "地図作成")
            t.keys("e")
            t.wait_for("終了連絡 AP-R8-0001")
            t.keys("Enter")                    # 終了日, in 和暦 with full-width digits
            t.wait_for("Enter 確定")
            t.keys("C-u")
            t.type("令和９年３月３１日")
            t.keys("Enter")
            t.wait_for("「終了日」を入力しました")
            blank = run_kumo(["--db", db, "checklist", "retire"], dict(env, KUMO_USER="sato")).stdout
            answers = os.path.join(tmp, "retire-map.csv")
            with open(answers, "w", encoding="utf-8") as f:
                f.write(re.sub(r'^"([^"]*)","","",', r'"\1","適合","終了計画書で確認",', blank, flags=re.M))
            run_kumo(["--db", db, "terminate", "AP-R8-0001", "--end-date", "2027-03-31", "--plan", "作成済",
                      "--notice-date", "2026-12-01", "--accounts-deleted", "--answers-file", answers],
                     dict(env, KUMO_USER="sato"))
            t.keys("s")
            scr = t.wait_for("が既にあります")
            said = re.sub(r"\s", "", "".join(scr.splitlines()))
            assert "受理待ちの終了連絡（佐藤一郎が2026-11-23に提出）が既にあります" in said, scr
            assert "令和９年３月３１日" in scr and "未記録の入力があります" in scr, scr
        finally:
            t.close()

    res.run("古い内容への保存は断られ入力は残り、読み直した後に記録できる", stale_review_is_refused_and_keeps_input)
    res.run("差し戻された終了連絡は提出者のホームに出て、送った内容のまま直せる", returned_report_comes_back_prefilled)
    res.run("管理者が変更ありの利用状況確認を記録する（規定003 §4(8)）", manager_reviews)
    res.run("統括がホームで要対応を確認し対応を記録する", approver_sees_and_responds)
    res.run("部局長が終了連絡を提出する（規定003 §4(4)③・§4(7)）", dept_head_files_termination)
    if "before" in state:
        res.run("統括が終了連絡を受理する", approver_accepts)
        res.run("受理したサービスは廃棄・削除完了報告の受理で台帳の出力から外れデータベースには残る（規定003 §4(7)）",
                leaves_register_when_disposal_accepted_not_database)
    res.run("終了連絡の記録が他の人の提出と重なると、誰がいつ提出したかを示し入力は残る", termination_filed_meanwhile_keeps_input)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
