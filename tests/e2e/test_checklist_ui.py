"""確認事項 as a 情報セキュリティ責任者 answers it every day (issue 12, 「The checklist」).

- The selected row is always visible in the list, highlighted, and is the item the detail shows: walking down all
  24 items of the 機密性2以上 checklist one by one (the issue: after 11 × ↓ from 4(1)-1 the detail showed 4(2)-1
  while the list still showed 4(1)-1…4(1)-6 with no highlight).
- n jumps to the next unanswered or blocking item (a 不適合 without its 確認内容), N to the previous; answering
  top to bottom with n ends with 「ありません」.
- The checklist reopens where it was left.
- A long item text is in the detail whole; a long 確認内容・対策 scrolls there with J / K.
- v on the application (検証結果): Enter on a line goes to the field or the checklist item it names.
Each at 80×24 and at 120×40.
"""
import csv
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, note_if_asked, repo_root, run_kumo  # noqa: E402

SELECTED = "\x1b[46m"   # the selected row: black on cyan (ui_attr_selected with colours)
ESC_RE = re.compile(r"\x1b\[[0-9;]*m")


def items():
    """(code, text) of the 機密性2以上 確認事項, from the template the screen reads."""
    with open(os.path.join(repo_root(), "templates", "checklist_conf2.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    code = next(k for k in rows[0] if "番号" in k or k.lower() == "code")
    text = next(k for k in rows[0] if k in ("確認事項", "text", "内容"))
    return [(r[code], r[text]) for r in rows]


def parts(t):
    """(list lines, the selected list line, detail lines) of the checklist screen on top."""
    raw = t.screen_attrs().splitlines()
    plain = [ESC_RE.sub("", l) for l in raw]
    sep = next(i for i, l in enumerate(plain) if re.match(r"^--.*-----\s*$", l))   # may carry 「詳細の続き」
    head = next(i for i, l in enumerate(plain) if l.startswith(" 番号"))
    listed = plain[head + 1:sep]
    selected = [plain[i] for i in range(head + 1, sep) if SELECTED in raw[i]]
    detail = plain[sep + 1:len(plain) - 1]
    return listed, selected, detail


def detail_code(detail):
    m = re.search(r" ([\d-]*\d\(\d+\)-\w+)（必須）| ([\d-]*\d\(\d+\)-\w+)\s", detail[0] + " ")
    assert m, detail
    return m.group(1) or m.group(2)


def check_visible(t, want_code):
    """The selected row shows in the list, highlighted, and is the item the detail shows."""
    t.wait_for(want_code)
    scr = t.wait_stable()
    listed, selected, detail = parts(t)
    assert len(selected) == 1, f"no highlighted row in the list for {want_code}:\n{scr}"
    assert selected[0].split()[0] == want_code, f"highlighted {selected[0]!r}, want {want_code}:\n{scr}"
    assert detail_code(detail) == want_code, f"detail {detail[0]!r}, want {want_code}:\n{scr}"


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-checklist-")
    env = hermetic_env(tmp)
    codes = [c for c, _ in items()]

    def open_checklist(cols, rows, tag):
        db = os.path.join(tmp, f"demo-{tag}-{cols}x{rows}.db")
        run_kumo(["--db", db, "demo"], env)
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cols=cols, rows=rows, cwd=tmp)
        t.wait_for("ホーム")
        t.keys("n")
        t.wait_for("下書きを作成しました")
        for _ in range(8):                     # クラウドサービス名 → 機密性
            t.keys("Down")
        t.keys("Enter")
        t.wait_for("機密性を選んでください")
        t.keys("2")                            # 機密性 2: the 機密性2以上 確認事項
        t.wait_for("「機密性」を保存しました")
        t.keys("c")
        t.wait_for(f"回答 0/{len(codes)}")
        return t

    def selection_always_visible(cols, rows):
        t = open_checklist(cols, rows, "visible")
        try:
            check_visible(t, codes[0])
            for i in range(1, len(codes)):     # one by one to the last, then back up
                t.keys("Down")
                check_visible(t, codes[i])
            for i in range(len(codes) - 2, -1, -1):
                t.keys("Up")
                check_visible(t, codes[i])
            t.keys("NPage")
            scr = t.wait_stable()
            _, selected, detail = parts(t)
            assert len(selected) == 1 and selected[0].split()[0] == detail_code(detail), scr
        finally:
            t.close()

    def current(t):
        """The code of the item selected now (checked visible)."""
        scr = t.wait_stable()
        _, selected, detail = parts(t)
        assert len(selected) == 1, scr
        code = selected[0].split()[0]
        assert detail_code(detail) == code, scr
        return code

    def jump_keys_and_reopen(cols, rows):
        t = open_checklist(cols, rows, "jump")
        try:
            check_visible(t, codes[0])
            t.keys("1")                                   # 適合: on to the next item
            check_visible(t, codes[1])
            t.keys("2")                                   # 不適合 asks for its 確認内容 …
            t.wait_for(f"確認内容・対策 {codes[1]}")
            t.keys("Escape")                              # … left empty: the item still blocks
            t.wait_for("Ctrl-S F2 保存", absent=True)
            t.keys("End")
            check_visible(t, codes[-1])
            t.keys("1")                                   # the last one answered
            t.wait_for(f"回答 3/{len(codes)}")
            note_if_asked(t, "ISO/IEC 27017 の認証で確認")  # with the 確認内容 it asks for (ポリシー004 §8-3(3)⑧)
            t.keys("n")                                   # from the end round to the first open: the 不適合 without 確認内容
            check_visible(t, codes[1])
            t.keys("n")
            check_visible(t, codes[2])                    # then the first unanswered
            t.keys("N", "N")                              # back: codes[1], then round the start to the last open
            check_visible(t, codes[-2])
            # left on an item, the checklist reopens there
            t.keys("Home", "Down", "Down", "Down", "Down")
            check_visible(t, codes[4])
            t.keys("q")
            t.wait_for("申請書兼許可書")
            t.keys("c")
            check_visible(t, codes[4])
            # top to bottom with n: the 不適合 gets its 確認内容, the rest 適合, until nothing is open
            t.keys("Home", "n")
            check_visible(t, codes[1])
            t.keys("Enter")
            t.wait_for("Ctrl-S F2 保存")
            t.type("提供者の回答待ち。例外措置として申請する")
            t.keys("C-s")
            t.wait_for(f"{codes[1]}: 保存しました")
            for k in range(len(codes) - 3):
                t.keys("n")
                code = current(t)
                t.keys("1")
                t.wait_for(f"回答 {3 + k + 1}/{len(codes)}")
                note_if_asked(t, "契約書・仕様書で確認した")   # 規定003 §4(1)③: the 低減策 written
            t.keys("n")
            t.wait_for("未回答・要対応の項目はありません")
        finally:
            t.close()

    def long_texts_whole(cols, rows):
        t = open_checklist(cols, rows, "long")
        try:
            longest = max(range(len(codes)), key=lambda i: len(items()[i][1]))
            code, text = items()[longest]
            t.keys("Home")
            for _ in range(longest):
                t.keys("Down")
            check_visible(t, code)
            _, _, detail = parts(t)
            assert text in "".join(l.strip() for l in detail), detail
            # a 確認内容 of 400 characters: more than the pane holds at 80x24; J reads on, K goes back
            note = ("委託先の管理状況を確認した。" * 30)[:396] + "末尾です"
            t.keys("Enter")
            t.wait_for("Ctrl-S F2 保存")
            t.paste(note)
            t.wait_for("400/400文字")
            t.keys("C-s")
            t.wait_for(f"{code}: 保存しました")
            scr = t.wait_stable()
            _, _, detail = parts(t)
            shown = "".join(l.strip() for l in detail)
            if "末尾です" not in shown:                   # taller than the pane: it says so, J scrolls
                assert "詳細の続き: J" in scr, scr
                for _ in range(10):
                    t.keys("J")
                    scr = t.wait_stable()
                    _, _, detail = parts(t)
                    shown += "".join(l.strip() for l in detail)
                    if "末尾です" in shown:
                        break
                assert "末尾です" in shown, scr
                assert "K 上へ" in scr, scr
                _, selected, _ = parts(t)                 # the list did not move
                assert len(selected) == 1 and selected[0].split()[0] == code, (selected, scr)
                t.keys("K", "K", "K", "K", "K", "K", "K", "K", "K", "K")
                check_visible(t, code)                    # K back to the top: the item's header again
            else:
                assert cols > 80, f"at {cols}x{rows} the note should not fit:\n{scr}"
        finally:
            t.close()

    def select_in_picker(t, text):
        """Moves the highlight of the 検証結果 list to the entry holding text."""
        for _ in range(80):
            raw = t.screen_attrs().splitlines()
            on = [ESC_RE.sub("", l) for l in raw if SELECTED in l]
            if any(text in l for l in on):
                return
            t.keys("Down")
            t.wait_stable()
        raise AssertionError(f"{text} never selected:\n{t.screen()}")

    def blockers_jump(cols, rows):
        t = open_checklist(cols, rows, "issues")
        try:
            t.keys("q")
            t.wait_for("申請書兼許可書")
            t.keys("v")
            t.wait_for("Enter その項目へ")
            select_in_picker(t, f"確認事項 {codes[5]} が未回答")
            t.keys("Enter")
            t.wait_for(f"回答 0/{len(codes)}")
            check_visible(t, codes[5])
            t.keys("q")
            t.wait_for("申請書兼許可書")
            t.keys("v")
            t.wait_for("Enter その項目へ")
            select_in_picker(t, "「連絡先」は必須です")
            t.keys("Enter")
            t.wait_for("Enter その項目へ", absent=True)
            scr = t.wait_stable()
            raw = t.screen_attrs().splitlines()
            on = [ESC_RE.sub("", l) for l in raw if SELECTED in l]
            assert len(on) == 1 and on[0].lstrip("!* ").startswith("連絡先"), (on, scr)
        finally:
            t.close()

    for cols, rows in ((80, 24), (120, 40)):
        res.run(f"確認事項: the selected row is always visible and is the one the detail shows ({cols}x{rows})",
                lambda: selection_always_visible(cols, rows))
        res.run(f"確認事項: n / N go to the next / previous open item; it reopens where it was left ({cols}x{rows})",
                lambda: jump_keys_and_reopen(cols, rows))
        res.run(f"確認事項: the longest item whole in the detail; a long 確認内容 scrolls with J ({cols}x{rows})",
                lambda: long_texts_whole(cols, rows))
        res.run(f"検証結果: Enter goes to the checklist item or the field a line names ({cols}x{rows})",
                lambda: blockers_jump(cols, rows))
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
