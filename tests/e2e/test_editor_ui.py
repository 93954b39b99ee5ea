"""The multi-line editor of long fields (issue 12, 「Long text」), typed in Japanese through tmux.

田中 (情報セキュリティ責任者) withdraws her application R8-0003, writes its 利用目的 over several lines — a line break
with Enter, ↑ to the line above by display column (the cursor stops before a wide character it would split), a
paragraph longer than the screen is wide — saves with Ctrl-S, sees the whole text wrapped below the form, reopens
it, resizes the terminal while editing, and submits; 高橋 (統括情報セキュリティ責任者) sees the text whole, its line
breaks kept, on the 審査 screen. At 80×24 and at 120×40.
"""
import os
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402

PARAGRAPH = ("住民がインターネットから特定健診とがん検診の予約を申し込み、健康づくり課の職員が予約枠と受診券の発行を"
             "管理するために利用する。")


def purpose(db, app_no):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT purpose FROM applications WHERE app_no=?", (app_no,)).fetchone()[0]


def box_lines(scr):
    """The inside of the popup box on screen, each line stripped."""
    out = []
    for line in scr.splitlines():
        a, b = line.find("|"), line.rfind("|")
        if 0 <= a < b:
            out.append(line[a + 1:b].strip())
    return out


def pane_text(scr):
    """The text of the long-field pane below the form's list: the lines after its header, joined."""
    lines = scr.splitlines()
    for i, l in enumerate(lines):
        if "（全文 " in l:
            body = []
            for m in lines[i + 1:]:
                if not m.startswith("  ") or not m.strip():
                    break
                body.append(m.strip())
            return body
    raise AssertionError("no long-field pane:\n" + scr)


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-editor-")
    env = hermetic_env(tmp)

    def scenario(cols, rows, other):
        db = os.path.join(tmp, f"demo-{cols}x{rows}.db")
        run_kumo(["--db", db, "demo"], env)
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cols=cols, rows=rows, cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("Down", "Down", "Enter")               # 申請中: R8-0009 オンライン相談サービス, R8-0003 健診予約システム
            t.wait_for("申請書兼許可書 R8-0003")
            t.keys("w")
            t.wait_for("引戻しの理由")
            t.keys("Enter")
            t.wait_for("引き戻しました")
            for _ in range(4):                            # クラウドサービス名 → 利用目的
                t.keys("Down")
            t.keys("Enter")
            t.wait_for("Ctrl-S F2 保存")
            scr = t.wait_for("Enter 改行")
            t.keys("C-u")                                 # the line so far, gone
            t.wait_for("0/400文字")
            t.type("健診予約")
            t.keys("Enter")
            t.type("abcde")
            t.wait_for("10/400文字")
            t.wait_for("2行")
            # ↑ from column 5 of "abcde": column 5 is inside 予 (columns 4–5), so the cursor stops before it
            t.keys("Up")
            t.type("X")
            t.wait_for("健診X予約")
            # ↓ from column 5 (after 健診X) is the end of "abcde"; End, a new line, the long paragraph
            t.keys("Down", "End", "Enter")
            t.type(PARAGRAPH)
            n = len("健診X予約\nabcde\n" + PARAGRAPH)
            scr = t.wait_for(f"{n}/400文字")
            inside = box_lines(scr)
            assert "健診X予約" in inside and "abcde" in inside, scr
            # the paragraph is wrapped by width inside the box, no character cut off
            assert PARAGRAPH in "".join(inside), scr
            assert not any(l.endswith("~") for l in inside), scr
            t.keys("C-s")
            t.wait_for("「利用目的」を保存しました")
            want = "健診X予約\nabcde\n" + PARAGRAPH
            got = purpose(db, "R8-0003")
            assert got == want, repr(got)
            # the form shows it whole below the list, wrapped, the line breaks kept
            scr = t.wait_for(f"利用目的（全文 {n}/400文字）")
            body = pane_text(scr)
            assert body[0] == "健診X予約" and body[1] == "abcde", body
            assert "".join(body[2:]) == PARAGRAPH, body
            assert len(body) >= 3 + (1 if cols < 100 else 0), body   # at 80 columns the paragraph takes two lines
            # reopened: the same text, the same lines; ESC with nothing typed just closes
            t.keys("Enter")
            scr = t.wait_for("Ctrl-S F2 保存")
            inside = box_lines(scr)
            assert "健診X予約" in inside and "abcde" in inside, scr
            assert f"{n}/400文字" in scr, scr
            t.keys("Escape")
            t.wait_for("Ctrl-S F2 保存", absent=True)
            assert purpose(db, "R8-0003") == want
            # resized while editing: the box follows, nothing typed is lost
            t.keys("Enter")
            t.wait_for("Ctrl-S F2 保存")
            t.keys("C-e")
            t.type("追記")
            t.resize(*other)
            t.wait_stable()
            t.type("あり")
            scr = t.wait_for(f"{n + 4}/400文字")
            t.resize(cols, rows)
            t.wait_stable()
            t.keys("C-s")
            t.wait_for("「利用目的」を保存しました")
            want += "追記あり"
            assert purpose(db, "R8-0003") == want, repr(purpose(db, "R8-0003"))
            # an ESC after typing asks before throwing the text away
            t.keys("Enter")
            t.wait_for("Ctrl-S F2 保存")
            t.type("捨てる")
            t.keys("Escape")
            t.wait_for("入力した内容を破棄しますか")
            t.keys("n")
            t.wait_for("捨てる")
            t.keys("Escape")
            t.wait_for("入力した内容を破棄しますか")
            t.keys("y")
            t.wait_for("Ctrl-S F2 保存", absent=True)
            assert purpose(db, "R8-0003") == want
            t.keys("s")
            t.wait_for("に提出しますか")
            t.keys("y")
            t.wait_for("提出しました")
        finally:
            t.close()
        # the decider reads it whole on the 審査 screen
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"), cols=cols, rows=rows, cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("l")
            t.wait_for("申請一覧")
            t.keys("/")
            t.type("健診予約")
            t.keys("Enter")
            t.wait_for("R8-0003")
            t.keys("Enter")
            t.wait_for("申請書兼許可書 R8-0003")
            t.keys("a")
            scr = t.wait_for("審査 R8-0003")
            lines = [l.strip() for l in scr.splitlines()]
            i = next(k for k, l in enumerate(lines) if l.startswith("利用目的: "))
            assert lines[i] == "利用目的: 健診X予約", lines[i:i + 6]
            assert lines[i + 1] == "abcde", lines[i:i + 6]
            rest = ""
            for l in lines[i + 2:]:
                if l.startswith("利用する業務の範囲"):
                    break
                rest += l
            assert rest == PARAGRAPH + "追記あり", lines[i:i + 8]
        finally:
            t.close()

    res.run("利用目的 over lines in Japanese: typed, ↑ by column, saved, wrapped on the form and 審査 (80x24)",
            lambda: scenario(80, 24, (120, 40)))
    res.run("利用目的 over lines in Japanese: typed, ↑ by column, saved, wrapped on the form and 審査 (120x40)",
            lambda: scenario(120, 40, (80, 24)))
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
