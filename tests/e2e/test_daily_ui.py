"""End to end through the terminal UI (issue 12, screens that say what to do).

ホーム lists what the user can act on and, apart, what waits for someone else with whom (a review one recorded
oneself waits for the others: 兼務の禁止, ポリシー004 §1(8)); the step a row waits for is on the service screen's key
bar; a 再提出 carries a comment and the 審査 shows the 差戻し's reason and what changed since; the 利用状況確認 takes
利用者数 in full-width digits and a date in its longest form, and says it records on s; an export starts in the
current folder, completes names with Tab and says where the file went.
"""
import os
import re
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, answer_checklist, hermetic_env, kumo_bin, run_kumo  # noqa: E402


def flat(scr):
    """The screen as one line without spaces: a message that wraps is found whatever its break."""
    return re.sub(r"\s", "", "".join(scr.splitlines()))


def section(scr, head):
    """The rows under a ホーム heading, up to the next heading."""
    text = scr[scr.index(head):]
    return text.split("【", 2)[1] if text.count("【") > 1 else text


def open_home_row(t, scr, *words):
    """Selects the ホーム row holding every word (rows are numbered items; headings and notes are not selectable) and
    opens it."""
    rows = scr.splitlines()
    items = [i for i, l in enumerate(rows) if re.match(r"^  (R\d|AP-|（未採番）)", l)]
    target = next(i for i in items if all(w in rows[i] for w in words))
    for _ in range(items.index(target)):
        t.keys("Down")
    t.keys("Enter")


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-daily-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)
    cwd = os.path.join(tmp, "work")
    os.makedirs(os.path.join(cwd, "sub"))
    for name in ("台帳_old.xlsx", "台帳_older.xlsx"):
        open(os.path.join(cwd, name), "w").close()

    def term(user, cols=80, rows=24):
        return Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER=user), cwd=cwd, cols=cols, rows=rows)

    def home_splits_by_who_acts():
        # 田中 recorded the 要対応 review of 介護認定審査会資料共有 herself: it waits for the others
        t = term("tanaka")
        try:
            scr = t.wait_for("他の方の対応待ち")
            assert "要対応の利用状況確認" not in scr, scr
            others = scr[scr.index("他の方の対応待ち"):]
            assert "介護認定審査会資料共有" in others and "対応待ち" in others, scr
            for _ in range(4):
                if "介護認定審査会資料共有は、" in flat(t.screen()):
                    break
                t.keys("Down")
            scr = t.wait_for("の対応を待っています")
            assert "介護認定審査会資料共有は、高橋健（統括情報セキュリティ責任者）又は中村修（CISO）の対応を待っています" \
                in flat(scr), scr
        finally:
            t.close()
        # 高橋 may respond: it is his own work, and opening it selects the review with its step on the key bar
        t = term("takahashi")
        try:
            scr = t.wait_for("要対応の利用状況確認")
            assert "介護認定審査会資料共有" in section(scr, "【要対応の利用状況確認"), scr
            open_home_row(t, scr, "介護認定審査会資料共有", "要対応")
            scr = t.wait_for("サービス AP-R7-0002")
            assert "a 対応を記録" in scr.splitlines()[-1], scr
        finally:
            t.close()

    def review_form_takes_what_people_type():
        t = term("yoshida")
        try:
            scr = t.wait_for("確認期限超過")
            open_home_row(t, scr, "AP-R7-0001", "確認期限超過")
            t.wait_for("サービス AP-R7-0001")
            t.keys("r")
            scr = t.wait_for("利用状況確認 AP-R7-0001")
            assert "記録するまで保存されません" in flat(scr), scr
            t.keys("Enter")                      # 確認日, typed in its longest form
            t.wait_for("Enter 確定")
            t.keys("C-u")
            t.type("２０２６年１１月２３日")           # 11 characters: more than a YYYY-MM-DD
            scr = t.wait_for("11/20文字")
            t.keys("Enter")
            scr = t.wait_for("「確認日」を入力しました")
            assert "２０２６年１１月２３日" in scr and "入力はまだ記録されていません" in flat(scr), scr
            t.keys("Down", "Enter")              # 利用状況
            t.wait_for("利用状況を選んでください")
            t.keys("1")                          # 継続
            t.wait_for("「利用状況」を入力しました")
            t.keys("Down", "Enter")              # 利用者数 in full-width digits with a separator
            t.wait_for("全角数字")
            t.type("１，２００")
            t.keys("Enter")
            t.wait_for("「利用者数」を入力しました")
            t.keys("c")
            answer_checklist(t)                  # with the 確認内容 an item asks for (ポリシー004 §8-3(7)①(ケ))
            t.keys("q")
            t.wait_for("必須未回答 0")
            t.keys("s")
            t.wait_for("利用状況確認を記録しました")
        finally:
            t.close()
        con = sqlite3.connect(db)
        row = con.execute("SELECT reviewed_on, user_count FROM reviews r JOIN services s ON s.id = r.service_id "
                          "WHERE s.approval_no = 'AP-R7-0001' ORDER BY r.id DESC LIMIT 1").fetchone()
        con.close()
        assert row[0] == "2026-11-23" and str(row[1]) == "1200", row

    def export_path_in_current_folder():
        t = term("takahashi")
        try:
            t.wait_for("ホーム")
            t.keys("r")
            t.wait_for("承認済みクラウドサービス台帳")
            t.keys("x")
            t.wait_for("出力する形式")
            t.keys("1")
            scr = t.wait_for("台帳の出力先")
            assert os.path.join(cwd, "台帳_20261123.xlsx") in flat(scr).replace("|", ""), scr
            t.keys("C-u")
            t.type("台")
            t.keys("Tab")                         # two names start so: completed as far as they agree, listed
            scr = t.wait_for("候補 2件")
            assert "台帳_old.xlsx" in scr and "台帳_older.xlsx" in scr, scr
            assert "台帳_old" in scr.splitlines()[[i for i, l in enumerate(scr.splitlines()) if "台帳の出力先" in l][0] + 2], scr
            t.keys("C-u")
            t.type("su")
            t.keys("Tab")                         # one folder: completed with its '/'
            t.wait_for("sub/")
            t.type("台帳.xlsx")
            t.keys("Enter")
            scr = t.wait_for("に出力しました")
            out = os.path.join(cwd, "sub", "台帳.xlsx")
            assert out + "に出力しました" in flat(scr), scr   # the absolute path
            assert os.path.getsize(out) > 0
        finally:
            t.close()

    def resubmit_says_what_changed():
        t = term("watanabe")
        try:
            t.wait_for("差戻し（修正して再提出）")
            t.keys("Enter")
            t.wait_for("申請書兼許可書 R8-0005")
            for _ in range(7):                    # from クラウドサービス名 down to 利用者数
                t.keys("Down")
            t.keys("Enter")
            t.wait_for("全角数字")
            t.keys("C-u")
            t.type("４０")
            t.keys("Enter")
            t.wait_for("「利用者数」を保存しました")
            t.keys("s")
            t.wait_for("再提出のコメント")
            t.type("利用者数を見直しました")
            t.keys("C-s")
            scr = t.wait_for("に再提出しますか")
            assert "高橋健（統括情報セキュリティ責任者）又は中村修（CISO）に再提出しますか" in flat(scr), scr
            t.keys("y")
            t.wait_for("再提出しました（申請番号 R8-0005）")
        finally:
            t.close()
        t = term("takahashi")
        try:
            scr = t.wait_for("審査待ち")
            open_home_row(t, scr, "R8-0005")
            t.wait_for("申請書兼許可書 R8-0005")
            t.keys("a")
            t.wait_for("【差戻し後の変更点】 1件")
            t.wait_for("利用者数: 25 → 40")       # the screen drawn to its end, not a capture taken mid-draw
            scr = t.wait_stable()
            f = flat(scr)
            assert "差戻しの理由:調達時のセキュリティ要件確認結果の資料番号を記入してください" in f, scr
            assert "再提出のコメント:利用者数を見直しました" in f, scr
            assert "利用者数:25→40" in f, scr
        finally:
            t.close()

    def stale_field_keeps_what_was_typed():
        # two windows on 吉田's draft R8-0007: the second saves first; the first one's save is refused, the draft read
        # again, and what was typed is offered again on Enter (SPEC: two editors never overwrite each other)
        a, b = term("yoshida"), term("yoshida")
        try:
            for t in (a, b):
                scr = t.wait_for("R8-0007")
                open_home_row(t, scr, "R8-0007")
                t.wait_for("申請書兼許可書 R8-0007")
            b.keys("Up", "Enter")                 # 連絡先 (the form opens on クラウドサービス名)
            b.wait_for("Enter 確定")
            b.keys("C-u")
            b.type("内線 9999")
            b.keys("Enter")
            b.wait_for("「連絡先」を保存しました")
            a.keys("Enter")                       # クラウドサービス名, on the copy read before
            a.wait_for("Enter 確定")
            a.keys("C-u")
            a.type("アンケート集計サービス（全庁）")
            a.keys("Enter")
            scr = a.wait_for("他の人がこの申請を先に更新しました")
            assert "内線 9999" in scr and "入力した「クラウドサービス名」は保持しています" in flat(scr).replace(" ", ""), scr
            a.keys("Enter")
            scr = a.wait_for("Enter 確定")
            assert "アンケート集計サービス（全庁）" in scr, scr   # the typed value comes back
            a.keys("Enter")
            a.wait_for("「クラウドサービス名」を保存しました")
        finally:
            a.close()
            b.close()

    res.run("ホームは自分が対応できるものと他の方の対応待ち（誰の何を）を分ける", home_splits_by_who_acts)
    res.run("申請書の項目の保存が他の人の更新で断られても、入力した値は残り Enter で保存し直せる",
            stale_field_keeps_what_was_typed)
    res.run("利用状況確認は全角数字の利用者数と和暦の日付を受け付け、s で記録すると示す", review_form_takes_what_people_type)
    res.run("出力先は今のフォルダから始まり Tab で補完し、出力した絶対パスを示す", export_path_in_current_folder)
    res.run("再提出はコメントを付け、審査は差戻しの理由と変更点を示す", resubmit_says_what_changed)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
