"""The steps issue 9 adds, through the terminal UI, on the demo database (KUMO_TODAY=2026-11-23).

導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)): the クラウドサービス管理者 (松本, 学習支援プラットフォーム)
sees 構築確認待ち in the register, opens the service, presses b, answers the 導入・構築時チェックリスト item by
item (one 不適合 with its 確認内容 typed in Japanese) and records it; the register then says 承認済.

例外措置 (ポリシー004 §7-4): the CISO (中村) finds R8-0009 on ホーム, opens its 審査 screen and permits the exception
with its reason and conditions typed in Japanese; the 統括 (高橋) then approves it with conditions.
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
    return t.wait_for(text, timeout=1)


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
            t.type("2027-11-20")
            t.keys("Enter")
            t.wait_for("次回確認日")
            t.keys("C-u")
            t.type("2027-05-20")
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

    res.run("管理者が導入・構築時確認を記録する（規定003 §4(5)・ポリシー004 §8-3(6)④）", manager_records_build_check)
    res.run("CISOが例外措置を許可する（ポリシー004 §7-4(1)）", ciso_grants_exception)
    res.run("統括が例外措置の許可後に条件付承認する", approver_approves_after_exception)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
