"""A paste is text, never keys (issue 12, 「Safety first」).

kumo turns on bracketed paste; tmux's `paste-buffer -p` then sends a paste between the markers, as a terminal does.
- In 連絡先 (a one-line field), pasting `内線1234⏎Dy` types 「内線1234 Dy」 with a notice: the D and the y are not
  keys, the draft is not deleted.
- In 備考, pasting `一行目⏎vx` types the text: the 検証結果 does not open.
- Outside a text entry a paste does nothing but say so; at a confirmation a paste is no answer.
- Without bracketed paste (a terminal that does not have it) the keys typed ahead of a confirmation are thrown away
  once it is drawn: `Dy` in one write opens the confirmation and the y does not answer it.
- A search box takes a paste as one line.
Each at 80×24 and at 120×40.
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402

# Field rows of the application screen (forms/form.c FIELDS); a new draft's cursor is on クラウドサービス名.
FIELDS = ["申請区分", "申請課", "連絡先", "クラウドサービス名", "サービス提供者", "サービス区分", "URL", "利用目的",
          "利用する業務の範囲", "利用者の範囲", "利用者数", "機密性", "完全性", "可用性", "取扱制限", "個人情報の有無",
          "特定個人情報の有無", "PIAの要否・実施状況", "接続するネットワーク", "データの保存場所", "準拠法・裁判管轄",
          "第三者認証", "契約形態", "利用開始予定日", "利用終了予定日", "次回更新日（終了日未定時）",
          "調達時のセキュリティ要件確認結果", "備考"]


def drafts(db):
    with sqlite3.connect(db) as c:
        return {r[0]: r[1:] for r in c.execute("SELECT id, contact, remarks FROM applications WHERE state='draft'")}


def goto(t, frm, label):
    for _ in range(FIELDS.index(label) - FIELDS.index(frm)):
        t.keys("Down")
    for _ in range(FIELDS.index(frm) - FIELDS.index(label)):
        t.keys("Up")


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-paste-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)

    def new_draft(t):
        before = set(drafts(db))
        t.wait_for("ホーム")
        t.keys("n")
        t.wait_for("下書きを作成しました")
        (new,) = set(drafts(db)) - before
        return new

    def contact_paste(cols, rows):
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cols=cols, rows=rows, cwd=tmp)
        try:
            draft = new_draft(t)
            goto(t, "クラウドサービス名", "連絡先")
            t.keys("Enter")
            t.wait_for("Enter 確定")
            t.paste("内線1234\nDy")
            scr = t.wait_for("改行は空白にしました")
            assert "内線1234 Dy" in scr, scr
            assert "削除しますか" not in scr, scr
            assert draft in drafts(db), "the draft was deleted by the pasted D y"
            t.keys("Enter")
            t.wait_for("「連絡先」を保存しました")
            assert drafts(db)[draft][0] == "内線1234 Dy", drafts(db)[draft]
        finally:
            t.close()

    def remarks_paste(cols, rows):
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cols=cols, rows=rows, cwd=tmp)
        try:
            draft = new_draft(t)
            goto(t, "クラウドサービス名", "備考")
            t.keys("Enter")
            t.wait_for("備考")
            t.wait_for("取消")
            t.paste("一行目\nvx")
            scr = t.wait_for("vx")
            assert "検証結果" not in scr and "提出を妨げる項目" not in scr, scr
            t.keys("C-s")
            t.wait_for("「備考」を保存しました")
            scr = t.screen()
            assert "検証結果" not in scr and "提出を妨げる項目" not in scr, scr
            assert draft in drafts(db)
            remarks = drafts(db)[draft][1]
            assert remarks.startswith("一行目") and remarks.endswith("vx"), remarks
        finally:
            t.close()

    def paste_outside_and_at_confirmation(cols, rows):
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cols=cols, rows=rows, cwd=tmp)
        try:
            draft = new_draft(t)
            # on the application screen, not in a field: nothing runs, a notice says why
            t.paste("Dy")
            scr = t.wait_for("貼り付けは入力欄でだけ使えます")
            assert "削除しますか" not in scr, scr
            assert draft in drafts(db)
            # at the confirmation of 削除: a paste is no answer
            t.keys("D")
            t.wait_for("この下書きを削除しますか")
            t.paste("y")
            scr = t.wait_for("貼り付けでは答えられません")
            assert "この下書きを削除しますか" in scr, scr
            assert draft in drafts(db), "a pasted y answered the confirmation"
            t.keys("n")
            t.wait_for("この下書きを削除しますか", absent=True)
            assert draft in drafts(db)
            # a terminal without bracketed paste: D and y arrive in one write; the y was typed before the question
            t.paste("Dy", bracketed=False)
            t.wait_for("この下書きを削除しますか")
            scr = t.wait_stable()
            assert "この下書きを削除しますか" in scr, scr
            assert draft in drafts(db), "the y typed ahead answered the confirmation"
            t.keys("n")
            t.wait_for("この下書きを削除しますか", absent=True)
            # a key pressed after the question still answers it
            t.keys("D")
            t.wait_for("この下書きを削除しますか")
            t.keys("y")
            t.wait_for("下書きを削除しました")
            assert draft not in drafts(db)
        finally:
            t.close()

    def search_paste(cols, rows):
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cols=cols, rows=rows, cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("l")
            t.wait_for("申請一覧")
            t.keys("/")
            t.wait_stable()
            t.paste("翻訳\nq")
            scr = t.wait_for("改行は空白にしました")
            assert "翻訳 q" in scr, scr
            assert "申請一覧" in scr, scr   # the q was typed, not run: the list is still open
        finally:
            t.close()

    for cols, rows in ((80, 24), (120, 40)):
        res.run(f"連絡先: a pasted 内線1234⏎Dy is one line of text, the draft stays ({cols}x{rows})",
                lambda: contact_paste(cols, rows))
        res.run(f"備考: a pasted 一行目⏎vx is text, 検証結果 does not open ({cols}x{rows})",
                lambda: remarks_paste(cols, rows))
        res.run(f"a paste outside a field and at a confirmation runs nothing; typed-ahead y is thrown away ({cols}x{rows})",
                lambda: paste_outside_and_at_confirmation(cols, rows))
        res.run(f"a search box takes a paste as one line ({cols}x{rows})", lambda: search_paste(cols, rows))
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
