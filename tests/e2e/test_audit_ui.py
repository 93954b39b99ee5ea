"""The 監査証跡 screen through the terminal UI (issue 8, "The audit trail"): 監査 opens it from ホーム with t; it lists
the records newest first with the chain head in the title, filters by 操作者, opens a record with its before → after,
verifies the chain (v) and exports what is shown (x, read back with openpyxl). A 情報セキュリティ責任者 has no such
key. The システム管理者 disabling a designated クラウドサービス管理者 is asked for a successor, who takes the services
over in one audit record."""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-audit-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)

    def head():
        return run_kumo(["--db", db, "audit", "head"], dict(env, KUMO_USER="kobayashi")).stdout.strip()

    def auditor_reads_the_trail():
        h = head()
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="kobayashi"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.wait_for("t 監査証跡")
            t.keys("t")
            scr = t.wait_for("番号    日時")
            assert h.split()[0] in scr and h.split()[-1] in scr, (h, scr)   # the head in the title
            t.keys("a")
            t.wait_for("操作者のログイン名")
            t.type("takahashi")
            t.keys("Enter")
            t.wait_for("操作者:takahashi")
            scr = t.wait_stable()                     # the whole page drawn, not its first lines
            rows = [ln for ln in scr.splitlines() if ln.startswith(" #")]
            assert rows and all(" takahashi " in ln for ln in rows), scr
            assert any("終了連絡受理" in ln for ln in rows), scr
            t.keys("Enter")
            scr = t.wait_for("変更内容（変更前 → 変更後）")
            assert "統括情報セキュリティ責任者" in scr, scr
            t.keys("End")                     # a long record (an emergency approval's) ends with its hashes
            scr = t.wait_for("ハッシュ")
            t.keys("q")
            t.wait_for("操作者:takahashi")
            t.keys("v")
            t.wait_for("監査証跡は完全です")
            out = os.path.join(tmp, "home", "trail.xlsx")
            t.keys("x")
            t.wait_for("監査証跡の出力先")
            t.keys("C-u")
            t.type(out)
            t.keys("Enter")
            t.wait_for("に出力しました")
        finally:
            t.close()
        import openpyxl
        ws = openpyxl.load_workbook(out)["監査証跡"]
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        con = sqlite3.connect(db)
        want = con.execute("SELECT count(*) FROM audit WHERE actor = 'takahashi'").fetchone()[0]
        con.close()
        assert len(rows) == want and all(r[3] == "takahashi" for r in rows), (len(rows), want)
        assert "監査証跡 " + h in (ws.oddFooter.left.text or ""), ws.oddFooter.left.text

    def approver_exports_the_trail():
        # 統括情報セキュリティ責任者 has the trail on ホーム too, and exports what is shown
        out = os.path.join(tmp, "home", "trail-approver.xlsx")
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.wait_for("t 監査証跡")
            t.keys("t")
            t.wait_for("番号    日時")
            t.keys("x")
            t.wait_for("監査証跡の出力先")
            t.keys("C-u")
            t.type(out)
            t.keys("Enter")
            t.wait_for("に出力しました")
        finally:
            t.close()
        import openpyxl
        n = sum(1 for _ in openpyxl.load_workbook(out)["監査証跡"].iter_rows(min_row=2))
        con = sqlite3.connect(db)
        want = con.execute("SELECT count(*) FROM audit").fetchone()[0]
        con.close()
        assert n == want, (n, want)

    def auditor_reads_a_read_only_copy():
        # a copy handed to 監査 that kumo may only read opens read-only with a clear notice instead of refusing; the
        # trail can be read and verified (root writes through permission bits: then the copy is opened as nobody)
        ro = os.path.join(tmp, "ro")
        os.makedirs(ro, exist_ok=True)
        copy = os.path.join(ro, "kumo.db")
        con = sqlite3.connect(db)
        con.execute("VACUUM INTO ?", (copy,))
        con.close()
        os.chmod(copy, 0o444)
        os.chmod(ro, 0o555)
        argv = [kumo_bin(), "--db", copy]
        if os.geteuid() == 0:
            os.chmod(tmp, 0o755)
            argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + argv
        t = Term(argv, env=dict(env, KUMO_USER="kobayashi"), cwd=ro)
        try:
            scr = t.wait_for("ホーム")
            scr = t.wait_for("読み取り専用で開いています（")
            assert "［読み取り専用］" in scr, scr
            t.keys("t")
            t.wait_for("番号    日時")
            t.keys("v")
            t.wait_for("監査証跡は完全です")
        finally:
            t.close()
            os.chmod(ro, 0o755)

    def dept_head_has_no_trail():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="sato"), cwd=tmp)
        try:
            scr = t.wait_for("ホーム")
            t.wait_for("l 申請一覧")
            assert "監査証跡" not in t.screen(), scr
            t.keys("t")
            scr = t.wait_stable()
            assert "番号    日時" not in scr, scr
        finally:
            t.close()

    def admin_disables_a_manager_with_a_successor():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="kato"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("a")
            t.wait_for("鈴木 花子")
            t.keys("/")                                  # suzuki manages two services
            t.type("suzuki")
            t.wait_for("1人")
            t.keys("Enter", "Space")
            scr = t.wait_for("鈴木 花子（suzuki）を無効にしますか")
            assert "管理するサービス 2件" in scr and "AP-R7-0004" in scr and "AP-R8-0001" in scr, scr
            t.keys("y")
            t.wait_for("の管理する 2件のサービスを引き継ぐ後任")
            t.type("k")                                  # kato and kobayashi: no システム管理者, no 監査
            t.keys("Tab")                                # in every 部局
            scr = t.wait_for("部局: すべて")
            assert "該当する利用者はいません" in t.wait_stable(), scr
            t.keys("BSpace")
            t.keys("Tab")                                # back to her 部局 (総務部): 佐藤 alone, suzuki herself not
            scr = t.wait_for("sato")
            assert "suzuki " not in scr.split("引き継ぐ後任")[1], scr
            t.keys("Enter")
            t.wait_for("鈴木 花子 を無効にしました")
        finally:
            t.close()
        con = sqlite3.connect(db)
        mgr = con.execute("SELECT group_concat(approval_no) FROM (SELECT s.approval_no FROM services s JOIN users u "
                          "ON u.id = s.manager_id WHERE u.login = 'sato' AND s.approval_no IN "
                          "('AP-R7-0004','AP-R8-0001') ORDER BY 1)").fetchone()[0]
        last = con.execute("SELECT action, actor, changes FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        con.close()
        assert mgr == "AP-R7-0004,AP-R8-0001", mgr
        assert last[0] == "利用者無効化" and last[1] == "kato" and "AP-R7-0004: suzuki → sato" in last[2], last
        r = run_kumo(["--db", db, "audit", "verify"], dict(env, KUMO_USER="kobayashi"), check=False)
        assert r.returncode == 0 and "監査証跡は完全です" in r.stdout, (r.returncode, r.stdout, r.stderr)

    res.run("監査が監査証跡を開き、操作者で絞り込み、記録を開き、検証し、Excel に出力する", auditor_reads_the_trail)
    res.run("統括情報セキュリティ責任者も監査証跡を開き、Excel に出力する", approver_exports_the_trail)
    res.run("監査は読むことしかできないデータベースの写しを読み取り専用で開き、監査証跡を検証する", auditor_reads_a_read_only_copy)
    res.run("情報セキュリティ責任者のホームに監査証跡はない", dept_head_has_no_trail)
    res.run("システム管理者がクラウドサービス管理者を無効にするときは後任を選び、サービスが引き継がれる",
            admin_disables_a_manager_with_a_successor)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
