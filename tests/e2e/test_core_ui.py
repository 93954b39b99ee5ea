"""End to end through the terminal UI (issue: kumo core).

A 情報セキュリティ責任者 (tanaka, 健康福祉部) creates an application typing 「電子申請サービス」, answers the
確認事項, submits; the 統括情報セキュリティ責任者 (takahashi) approves it and designates the クラウドサービス管理者;
the register is exported from the 台帳 screen and opened with openpyxl: the row is there, its dates are dates.
Also: 3A refused with the rule's text (003 §4(1)⑥), a 職員等 cannot raise 機密性 to 2 (004 §8-4(2)①),
search in Japanese, resize and the too-small screen.
"""
import datetime
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, answer_checklist, hermetic_env, kumo_bin, run_kumo  # noqa: E402

# Field rows of the application screen, in form order (forms/form.c FIELDS); the cursor starts on クラウドサービス名.
FIELDS = ["申請区分", "申請課", "連絡先", "クラウドサービス名", "サービス提供者", "サービス区分", "URL", "利用目的",
          "利用する業務の範囲", "利用者の範囲", "利用者数", "機密性", "完全性", "可用性", "取扱制限", "個人情報の有無",
          "特定個人情報の有無", "PIAの要否・実施状況", "接続するネットワーク", "データの保存場所", "準拠法・裁判管轄",
          "第三者認証", "契約形態", "利用開始予定日", "利用終了予定日", "次回更新日（終了日未定時）",
          "調達時のセキュリティ要件確認結果", "備考"]
PROVIDER = "株式会社テスト自治体クラウド"
LONG = {"利用目的", "利用する業務の範囲", "備考"}   # FT_LONGTEXT in forms/form.c


class Editor:
    def __init__(self, term):
        self.t = term
        self.cur = FIELDS.index("クラウドサービス名")

    def goto(self, label):
        idx = FIELDS.index(label)
        while self.cur < idx:
            self.t.keys("Down")
            self.cur += 1
        while self.cur > idx:
            self.t.keys("Up")
            self.cur -= 1

    def text(self, label, value):
        self.goto(label)
        self.t.keys("Enter")
        long = label in LONG                 # the multi-line editor: Enter breaks the line, Ctrl-S saves
        self.t.wait_for("Ctrl-S F2 保存" if long else "Enter 確定")
        self.t.keys("C-u")
        self.t.type(value)
        self.t.keys("C-s" if long else "Enter")
        self.t.wait_for(f"「{label}」を保存しました")

    def choice(self, label, number):
        """Picks the number-th choice (1-based) of the list."""
        self.goto(label)
        self.t.keys("Enter")
        self.t.wait_for(f"{label}を選んでください")
        self.t.keys(str(number))
        self.t.wait_for(f"「{label}」を保存しました")


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)
    out_xlsx = os.path.join(tmp, "台帳.xlsx")
    state = {}

    def applicant_files():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            scr = t.wait_for("田中 美咲")
            assert "情報セキュリティ責任者" in scr
            t.keys("n")
            t.wait_for("下書きを作成しました")
            e = Editor(t)
            e.text("クラウドサービス名", "電子申請サービス")
            scr = t.screen()
            assert "電子申請サービス" in scr, scr
            e.text("連絡先", "内線 5678")
            e.text("サービス提供者", PROVIDER)
            e.choice("サービス区分", 3)   # SaaS
            e.text("利用目的", "住民からの各種申請をオンラインで受け付ける")
            e.text("利用する業務の範囲", "申請の受付と審査")
            e.text("利用者の範囲", "健康福祉部の職員")
            e.text("利用者数", "30")
            # 3A is refused with the rule's text and nothing is saved
            e.goto("機密性")
            t.keys("Enter")
            t.wait_for("機密性を選んでください")
            t.keys("5")
            scr = t.wait_for("クラウドサービスで取り扱わない")
            assert "3A" in scr and "003 §4(1)⑥" in "".join(scr.splitlines()), scr
            e.choice("機密性", 2)          # 2 → §8-3 track, the full 確認事項
            t.wait_for("機密性2以上（§8-3）")
            e.choice("完全性", 2)
            e.choice("可用性", 2)
            e.choice("個人情報の有無", 2)  # 有
            e.choice("特定個人情報の有無", 1)
            e.choice("接続するネットワーク", 2)
            e.choice("データの保存場所", 1)  # 国内
            e.choice("準拠法・裁判管轄", 1)
            e.choice("契約形態", 1)
            e.text("利用開始予定日", "2027-04-01")
            # a date that does not exist is refused, naming the field
            e.goto("利用終了予定日")
            t.keys("Enter")
            t.wait_for("Enter 確定")
            t.type("2030-02-30")
            t.keys("Enter")
            t.wait_for("「利用終了予定日」は実在する日付")
            e.text("利用終了予定日", "2030-03-31")
            e.text("調達時のセキュリティ要件確認結果", "調達仕様書 別紙3")
            scr = t.wait_for("提出前に直す項目")  # only the unanswered 確認事項 are left
            # the 確認事項: answer every item 適合
            t.keys("c")
            total = answer_checklist(t, "契約書・SLAで確認（低減策: 四半期ごとに運用報告を受ける）")
            assert total >= 20, total
            t.wait_for(f"回答 {total}/{total} 必須未回答 0")
            t.keys("q")
            t.wait_for("入力は揃っています")
            t.keys("s")
            # the people who will decide, by name and role (003 §4(4)②)
            t.wait_for("高橋 健（統括情報セキュリティ責任者）又は中村 修（CISO）に提出しますか")
            t.keys("y")
            scr = t.wait_for("提出しました（申請番号 ")
            said = re.sub(r"\s", "", "".join(scr.splitlines()))   # the message wraps: compare without spaces
            assert "高橋健（統括情報セキュリティ責任者）又は中村修（CISO）が審査します" in said, scr
            state["app_no"] = re.search(r"申請番号 (R\d+-\d{4})", scr).group(1)
            assert state["app_no"].startswith("R8-"), scr  # 2026-11-23 is in 令和8年度
            # the list finds it by a two-character Japanese search
            t.keys("q")
            t.wait_for("ホーム")
            t.keys("l")
            t.wait_for("申請一覧")
            t.keys("/")
            t.type("電子")
            t.keys("Enter")
            scr = t.wait_for(state["app_no"])
            assert "電子申請サービス" in scr
        finally:
            t.close()

    def approver_approves():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            scr = t.wait_for("審査待ち")
            assert state["app_no"] in scr, scr
            t.keys("Enter")  # the newest waiting application is the first row
            t.wait_for(f"申請書兼許可書 {state['app_no']}")
            t.keys("a")
            scr = t.wait_for("（不適合・要確認: ポリシー004 §7-4）】 0件")
            t.keys("a")
            t.wait_for("審査意見（任意）")
            t.type("要件を満たしている")
            t.keys("C-s")   # the multi-line editor saves with Ctrl-S
            scr = t.wait_for("クラウドサービス管理者を指名してください")
            assert "* 田中 美咲" in scr, scr  # the applicant is offered first
            t.keys("Enter")
            scr = t.wait_for("次回利用状況確認期限")
            assert "2027-11-23" in scr, scr  # one year after 承認日 2026-11-23
            t.keys("Enter")
            t.wait_for("承認しますか")
            t.keys("y")
            scr = t.wait_for("承認しました。承認番号 ")
            state["approval_no"] = re.search(r"承認番号 (AP-R8-\d{4})", scr).group(1)
            assert "田中 美咲" in scr and "2027-11-23" in scr, scr
            t.keys("q")
            t.wait_for(f"申請書兼許可書 {state['app_no']}")
            t.keys("q")
            t.wait_for("ホーム")
            t.keys("r")
            scr = t.wait_for("承認済みクラウドサービス台帳")
            assert state["approval_no"] in scr, scr
            t.keys("x")
            t.wait_for("出力する形式")
            t.keys("1")  # Excel
            t.wait_for("台帳の出力先")
            t.keys("C-u")
            t.type(out_xlsx)
            t.keys("Enter")
            t.wait_for("に出力しました")
        finally:
            t.close()

    def register_has_row():
        import openpyxl
        wb = openpyxl.load_workbook(out_xlsx)
        ws = wb.worksheets[0]
        header = [c.value for c in ws[1]]
        assert header[:3] == ["承認番号", "クラウドサービス名", "提供者"], header
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == state["approval_no"]]
        assert len(rows) == 1, rows
        r = dict(zip(header, rows[0]))
        assert r["クラウドサービス名"] == "電子申請サービス", r
        assert r["提供者"] == PROVIDER and r["部局"] == "健康福祉部" and str(r["機密性"]) == "2", r
        assert r["承認日"] == datetime.datetime(2026, 11, 23), r
        assert r["利用開始日"] == datetime.datetime(2027, 4, 1), r
        assert r["利用終了日(予定)"] == datetime.datetime(2030, 3, 31), r
        assert r["次回確認期限"] == datetime.datetime(2027, 11, 23), r
        assert r["クラウドサービス管理者"] == "田中 美咲", r
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, (ws.freeze_panes, ws.auto_filter.ref)

    def staff_cannot_file_conf2():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="ito"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("n")
            t.wait_for("下書きを作成しました")
            e = Editor(t)
            e.goto("機密性")
            t.keys("Enter")
            t.wait_for("機密性を選んでください")
            t.keys("2")
            t.wait_for("職員等は機密性1の申請のみ")
        finally:
            t.close()

    def resize_and_too_small():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="sato"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("l")
            t.wait_for("申請一覧")
            t.resize(120, 40)
            scr = t.wait_for("申請者")  # the wide layout adds the 申請者 column
            t.resize(70, 20)
            t.wait_for("端末が小さすぎます")
            t.resize(80, 24)
            scr = t.wait_for("申請一覧")
            assert "[kumo exited" not in scr
            for line in scr.splitlines():
                assert len(line) <= 80
        finally:
            t.close()

    def resize_in_a_dialog():
        # the multi-line editor open, the terminal made too small: only the notice shows (no box over it), a key
        # meanwhile does nothing, and back at 80×24 the editor returns with what was typed, which then saves
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="sato"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("n")
            t.wait_for("下書きを作成しました")
            e = Editor(t)
            e.goto("利用目的")
            t.keys("Enter")
            t.wait_for("Ctrl-S F2 保存")
            t.type("庁内の文書を共有する")
            t.wait_for("庁内の文書を共有する")
            t.resize(70, 20)
            scr = t.wait_for("広げると入力中の内容に戻ります")
            assert "端末が小さすぎます" in scr and "利用目的" not in scr and "+---" not in scr, scr
            t.type("z")
            t.resize(80, 24)
            scr = t.wait_for("庁内の文書を共有する")
            assert "利用目的" in scr and "Ctrl-S F2 保存" in scr and "共有するz" not in scr, scr
            assert all(len(l) <= 80 for l in scr.splitlines()), scr
            t.keys("C-s")
            t.wait_for("「利用目的」を保存しました")
        finally:
            t.close()

    def killed_mid_edit():
        import signal
        import sqlite3
        import subprocess
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="sato"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("n")
            t.wait_for("下書きを作成しました")
            e = Editor(t)
            e.text("クラウドサービス名", "クラウド会計（保存済み）")
            e.goto("サービス提供者")
            t.keys("Enter")
            t.wait_for("Enter 確定")
            t.type("入力途中の提供者")
            t.wait_for("入力途中の提供者")
            pids = subprocess.run(["pgrep", "-f", f"{kumo_bin()} --db {db}"], capture_output=True, text=True)
            killed = 0
            exe = os.path.basename(kumo_bin())[:15]
            for pid in pids.stdout.split():
                try:
                    with open(f"/proc/{pid}/comm") as f:
                        comm = f.read().strip()
                except OSError:
                    continue
                if comm == exe:  # not the tmux server or the shell whose command line names it too
                    os.kill(int(pid), signal.SIGKILL)
                    killed += 1
            assert killed >= 1, pids
            t.wait_for("[kumo exited")
        finally:
            t.close()
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT provider, state FROM applications WHERE service_name = ?",
                           ("クラウド会計（保存済み）",)).fetchall()
        con.close()
        assert rows == [("", "draft")], rows  # the saved field is there, the half-typed one is not
        r = run_kumo(["--db", db, "user", "list"], dict(env, KUMO_USER="kato"))
        assert "sato" in r.stdout

    def busy_database_keeps_input():
        import sqlite3
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="watanabe"), cwd=tmp)
        lock = None
        try:
            t.wait_for("ホーム")
            t.keys("n")
            t.wait_for("下書きを作成しました")
            e = Editor(t)
            # another process holds the write lock: the save waits, saying so, and ESC gives up
            lock = sqlite3.connect(db, timeout=1, isolation_level=None)
            lock.execute("BEGIN IMMEDIATE")
            e.goto("クラウドサービス名")
            t.keys("Enter")
            t.wait_for("Enter 確定")
            t.type("施設予約サービス")
            t.keys("Enter")
            t.wait_for("待機中…", timeout=20)
            t.keys("Escape")
            scr = t.wait_for("データベースが他の処理で使用中です", timeout=20)
            assert "保持しています" in "".join(scr.splitlines()), scr
            t.keys("Enter")  # the typed value comes back, nothing to retype
            t.wait_for("施設予約サービス")
            t.keys("Enter")
            # it waits again; when the other process lets go, the save goes through by itself
            t.wait_for("待機中…", timeout=20)
            lock.execute("ROLLBACK")
            lock.close()
            lock = None
            scr = t.wait_for("「クラウドサービス名」を保存しました")
            assert "待機中" not in scr, scr
        finally:
            if lock:
                lock.close()
            t.close()

    res.run("データベースが使用中なら「待機中…」で待ち、ESC で諦めても入力は失われず、解放されれば保存される",
            busy_database_keeps_input)
    res.run("情報セキュリティ責任者が「電子申請サービス」を申請し確認事項に回答して提出する", applicant_files)
    if "app_no" in state:
        res.run("統括情報セキュリティ責任者が承認し管理者を指名して台帳を Excel 出力する", approver_approves)
    if "approval_no" in state:
        res.run("出力した台帳に行があり日付が日付セルである（openpyxl）", register_has_row)
    res.run("職員等は機密性2以上を申請できない（004 §8-4(2)①）", staff_cannot_file_conf2)
    res.run("編集中に強制終了してもデータベースは壊れず保存済みの内容が読める", killed_mid_edit)
    res.run("リサイズしても落ちず 80×24 未満では小さすぎると表示する", resize_and_too_small)
    res.run("入力中の編集画面も 80×24 未満では小さすぎると表示し、戻すと入力がそのまま続く", resize_in_a_dialog)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
