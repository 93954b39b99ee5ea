"""The steps issue 9 adds, through the terminal UI, on the demo database (KUMO_TODAY=2026-11-23).

導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)): the クラウドサービス管理者 (松本, 学習支援プラットフォーム)
sees 構築確認待ち in the register, opens the service, presses b, answers the 導入・構築時チェックリスト item by
item (one 不適合 with its 確認内容 typed in Japanese) and records it; the register then says 承認済.
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

    res.run("管理者が導入・構築時確認を記録する（規定003 §4(5)・ポリシー004 §8-3(6)④）", manager_records_build_check)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
