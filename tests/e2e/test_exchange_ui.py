"""End to end through the terminal UI (issue: registers in and out).

The システム管理者 imports a register CSV from the UI: the dry-run report is shown first and nothing is written until
they agree; a file with a bad row is refused with its line and column. From an application's screen the printable
申請書兼許可書 goes to Excel; from the 台帳 the register goes to CSV (UTF-8 with BOM, formula cells neutralised).
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402

HEADER = "承認番号,クラウドサービス名,提供者,部局,機密性,承認日,利用開始日,利用終了日(予定),クラウドサービス管理者,次回確認期限,状態"


def services(db):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT approval_no, name FROM services ORDER BY approval_no").fetchall()
    con.close()
    return rows


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-x-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)
    good = os.path.join(tmp, "good.csv")
    bad = os.path.join(tmp, "bad.csv")
    with open(good, "w", encoding="utf-8-sig", newline="") as f:
        f.write(HEADER + "\r\n")
        f.write("AP-OLD-0101,=1+1 文書共有,株式会社北国クラウド,総務部,2,2024/4/1,2024/5/1,,佐藤 一郎,2025/4/1,利用中\r\n")
    with open(bad, "w", encoding="utf-8-sig", newline="") as f:
        f.write(HEADER + "\r\n")
        f.write("AP-OLD-0102,グループウェア,株式会社北国クラウド,存在しない部,2,2024/4/1,2024/5/1,,佐藤 一郎,2025/4/1,利用中\r\n")

    def import_flow(path):
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="kato"), cwd=tmp)
        t.wait_for("ホーム")
        t.wait_for("台帳取込")  # offered to the システム管理者
        t.keys("i")
        t.wait_for("取り込む台帳の CSV ファイル")
        t.keys("C-u")
        t.type(path)
        t.keys("Enter")
        t.wait_for("部局・クラウドサービス管理者が見つからないとき")
        t.keys("1")
        t.wait_for("ドライラン")
        return t

    def bad_file_refused():
        before = services(db)
        t = import_flow(bad)
        try:
            scr = t.wait_for("行 2")
            assert "部局" in scr and "存在しない部" in scr, scr
            t.keys("q")
            t.wait_for("取り込めません")
        finally:
            t.close()
        assert services(db) == before

    def good_file_after_confirmation():
        before = services(db)
        t = import_flow(good)
        try:
            t.wait_for("（ドライラン: 書き込みは行っていません）")
            assert services(db) == before  # the dry run wrote nothing
            t.keys("q")
            t.wait_for("1件を承認済みクラウドサービスとして取り込みますか")
            t.keys("y")
            t.wait_for("取り込みました")
        finally:
            t.close()
        after = services(db)
        assert ("AP-OLD-0101", "=1+1 文書共有") in after and len(after) == len(before) + 1, after

    def form_and_csv_out():
        form = os.path.join(tmp, "form.xlsx")
        csvp = os.path.join(tmp, "register.csv")
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            t.wait_for("審査待ち")
            t.keys("Enter")
            t.wait_for("申請書兼許可書 R8-")
            t.keys("x")
            t.wait_for("申請書兼許可書の出力先")
            t.keys("C-u")
            t.type(form)
            t.keys("Enter")
            t.wait_for("申請書兼許可書を")
            t.keys("q")
            t.wait_for("ホーム")
            t.keys("r")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("x")
            t.wait_for("出力する形式")
            t.keys("2")
            t.wait_for("台帳の出力先")
            t.keys("C-u")
            t.type(csvp)
            t.keys("Enter")
            t.wait_for("に出力しました")
        finally:
            t.close()
        import openpyxl
        wb = openpyxl.load_workbook(form)
        assert wb.sheetnames[:3] == ["申請書兼許可書", "確認事項", "履歴"], wb.sheetnames
        assert wb["申請書兼許可書"].page_setup.paperSize in (9, "9"), wb["申請書兼許可書"].page_setup.paperSize
        raw = open(csvp, "rb").read()
        assert raw.startswith(b"\xef\xbb\xbf"), raw[:8]
        text = raw.decode("utf-8-sig")
        assert "'=1+1 文書共有" in text, text[:400]  # the imported formula-like name is neutralised

    res.run("誤りのある行がある CSV は行と列を示して取り込まない", bad_file_refused)
    res.run("ドライランの報告を見て確認してから取り込む", good_file_after_confirmation)
    res.run("申請書兼許可書を Excel に、台帳を CSV（UTF-8 BOM付き）に出力する", form_and_csv_out)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
