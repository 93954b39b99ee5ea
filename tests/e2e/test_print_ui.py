"""End to end through the terminal UI (issue 11, Print and Excel): an export follows what is on screen.

The 申請一覧 filtered to 申請中 exports exactly the rows it shows, and the workbook says 「絞込み: 状態=申請中」; the 台帳
searched for 電子 exports its matches; a CP932 export of a register holding 𠮷 shows every character CP932 cannot hold
and, when asked, writes the file with 〓 in their place; the 年次利用状況確認 filtered to 要対応 exports those rows.
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-print-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)
    con = sqlite3.connect(db)
    submitted = sorted(r[0] for r in con.execute("SELECT app_no FROM applications WHERE state = 'submitted'"))
    electronic = sorted(r[0] for r in con.execute(
        "SELECT approval_no FROM services WHERE status = 'active' AND name LIKE '%電子%'"))
    con.close()
    # a copy whose AP-R7-0001 has a name CP932 cannot hold (𠮷 U+20BB7) and one it can once mapped (〜 → ～); the
    # search index's triggers go first (the sqlite3 module has not kumo's tokenizer)
    db2 = os.path.join(tmp, "cp932.db")
    run_kumo(["--db", db2, "demo"], env)
    con = sqlite3.connect(db2)
    con.executescript("DROP TRIGGER IF EXISTS svc_search_au; "
                      "UPDATE services SET name = '𠮷野家〜予約' WHERE approval_no = 'AP-R7-0001';")
    con.commit()
    con.close()

    def term(user, path=db):
        return Term([kumo_bin(), "--db", path], env=dict(env, KUMO_USER=user), cwd=tmp)

    def export_to(t, title, path):
        t.wait_for(title)
        t.keys("C-u")
        t.type(path)
        t.keys("Enter")

    def applications_filtered():
        out = os.path.join(tmp, "apps.xlsx")
        t = term("takahashi")
        try:
            t.wait_for("ホーム")
            t.keys("l")
            t.wait_for("申請一覧")
            t.keys("s")          # すべて → 下書き
            t.keys("s")          # → 申請中
            t.wait_for("状態:申請中")
            t.keys("x")
            scr = t.wait_for("申請一覧の出力先")
            assert "絞込み: 状態=申請中" in scr, scr
            export_to(t, "申請一覧の出力先", out)
            t.wait_for("に出力しました（%d件）" % len(submitted))
        finally:
            t.close()
        import openpyxl
        wb = openpyxl.load_workbook(out)
        ws = wb["申請一覧"]
        rows = sorted(r[0] for r in ws.iter_rows(min_row=2, values_only=True))
        assert rows == submitted, (rows, submitted)
        assert ws.oddHeader.left.text.endswith("絞込み: 状態=申請中"), ws.oddHeader.left.text
        assert wb["印刷用"]["A3"].value == "絞込み: 状態=申請中", wb["印刷用"]["A3"].value

    def register_search():
        xlsx = os.path.join(tmp, "reg.xlsx")
        t = term("takahashi")
        try:
            t.wait_for("ホーム")
            t.keys("r")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("/")
            t.type("電子")
            t.keys("Enter")
            t.wait_stable()
            t.keys("x")
            t.wait_for("出力する形式")
            t.keys("1")
            scr = t.wait_for("台帳の出力先")
            assert "検索=電子" in scr, scr
            export_to(t, "台帳の出力先", xlsx)
            t.wait_for("に出力しました")
        finally:
            t.close()
        import openpyxl
        ws = openpyxl.load_workbook(xlsx)["承認済みクラウドサービス台帳"]
        rows = sorted(r[0] for r in ws.iter_rows(min_row=2, values_only=True))
        assert rows == electronic and rows, (rows, electronic)

    def register_cp932():
        csvp = os.path.join(tmp, "reg.csv")
        t = term("takahashi", db2)
        try:
            t.wait_for("ホーム")
            t.keys("r")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("x")
            t.wait_for("出力する形式")
            t.keys("3")
            export_to(t, "台帳の出力先", csvp)
            scr = t.wait_for("CP932 で出力できない文字")
            assert "AP-R7-0001" in scr and "U+20BB7" in scr and "クラウドサービス名" in scr, scr
            assert not os.path.exists(csvp)
            t.keys("q")
            t.wait_for("置き換えて CP932 で出力しますか")
            t.keys("y")
            scr = t.wait_for("に出力しました")   # the question itself says 「〓」に置き換え: wait for the result
            assert "「〓」に置き換え）" in scr, scr
        finally:
            t.close()
        raw = open(csvp, "rb").read()
        text = raw.decode("cp932")
        assert "〓野家～予約" in text, text[:300]

    def annual_filtered():
        out = os.path.join(tmp, "annual.xlsx")
        every = os.path.join(tmp, "annual-all.xlsx")
        run_kumo(["--db", db, "export", "reviews", "--fy", "2026", "-o", every], dict(env, KUMO_USER="takahashi"))
        t = term("takahashi")
        try:
            t.wait_for("ホーム")
            t.keys("y")
            t.wait_for("年次利用状況確認")
            t.keys("s", "s", "s")     # すべて → 未実施 → 実施済 → 要対応
            t.wait_for("状態:要対応")
            t.keys("x")
            scr = t.wait_for("年次利用状況確認の出力先")
            assert "確認状況=要対応" in scr, scr
            export_to(t, "年次利用状況確認の出力先", out)
            t.wait_for("に出力しました")
        finally:
            t.close()
        import openpyxl
        ws = openpyxl.load_workbook(out).worksheets[0]
        got = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
        want = [r[0] for r in openpyxl.load_workbook(every).worksheets[0].iter_rows(min_row=2, values_only=True)
                if r[6] == "要対応"]
        assert got == want and got, (got, want)
        assert ws.oddHeader.left.text.endswith("確認状況=要対応"), ws.oddHeader.left.text

    res.run("申請一覧: 状態=申請中 の表示のとおりに出力し、絞込みを記す", applications_filtered)
    res.run("年次利用状況確認: 要対応 の表示のとおりに出力する", annual_filtered)
    res.run("台帳: 検索のとおりに出力し、絞込みを記す", register_search)
    res.run("台帳の CP932 出力: 表せない文字を行・列・文字・U+ で示し、求めに応じて 〓 に置き換えて出力する", register_cp932)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
