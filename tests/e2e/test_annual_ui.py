"""End to end through the terminal UI: the 年次利用状況確認 screen reads its page in bounded steps (issue 10).

The screen reads a window of services per step (the first in the keystroke, the rest between keystrokes), so a
状態 that few services have is found step by step and no key waits on the size of the register. Here the demo is
read one service a step (KUMO_ANNUAL_SCAN=1, the tests' hook), so that its few dozen services take many steps, and
every page the keys lead to — each 状態 (規定003 §4(8)), PgDn past the last page, End, PgUp, Home, a search, a 部局's
own view, and back from a service — must show exactly the rows and scroll markers of the screen read in one step.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import SLOW, Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402

BUSY = "検索中"


def settled(t):
    """The screen once the page is read whole (no 検索中…) and nothing more is drawn."""
    end = time.monotonic() + 10 * SLOW
    while True:
        scr = t.wait_stable()
        if BUSY not in scr:
            return scr
        if time.monotonic() > end:
            raise AssertionError(f"the page was still being read:\n{scr}")
        time.sleep(0.05)


def page_of(scr):
    """What a page shows: the filter line, the rows with their markers and the key bar (the title's counts are made
    between keystrokes too, and are not what is compared here)."""
    return scr.rstrip("\n").split("\n")[2:]


def rows_of(page):
    return [l.rstrip("^v").split()[0] for l in page if l.startswith(" AP-")]


def open_annual(db, env, cwd):
    """kumo on db as env's KUMO_USER, on the 年次利用状況確認 screen (y from ホーム); the caller closes it."""
    t = Term([kumo_bin(), "--db", db], env=env, cwd=cwd)
    try:
        t.wait_for("ホーム")
        t.keys("y")
        t.wait_for("年次利用状況確認 ")
    except BaseException:
        t.close()
        raise
    return t


# (what is pressed, as tmux names keys; text after "type:" is typed). The shots are numbered from 0 (the screen
# opened), then one after each step.
ACTION_PAGES = [("s",), ("s",), ("s",), ("NPage",), ("NPage",), ("End",), ("PPage",), ("Home",),
                ("End",), ("Up",), ("Up",), ("Enter", "q"), ("NPage",), ("PPage",)]


def action_pages_hold(shots):
    """要対応 (3) is two pages: PgDn (4) the second, with ^ and no v; PgDn again (5) and End (6, 9) stay there;
    PgUp (7) and Home (8) the first, with v and no ^; back from a service (12) the same page; the two pages hold
    the rows in 承認番号 order, none twice."""
    first, second = shots[3], shots[4]
    assert rows_of(first) and rows_of(second) and first != second, shots
    assert first[2].endswith("v") is False and first[-3].endswith("v") and not first[2].endswith("^"), first
    assert second[2].endswith("^") and not second[-3].endswith("v"), second
    for i in (5, 6, 9):
        assert rows_of(shots[i]) == rows_of(second), (i, shots[i])
    for i in (7, 8):
        assert rows_of(shots[i]) == rows_of(first), (i, shots[i])
    assert shots[12] == shots[11], (shots[11], shots[12])
    both = rows_of(first) + rows_of(second)
    assert both == sorted(set(both)), both


SPARSE = [("s",), ("s",), ("Enter", "q"), ("NPage",), ("End",), ("PPage",), ("Home",), ("s",), ("s",), ("s",)]


def sparse_holds(shots):
    """実施済 (2) is one short page: back from a service (3) it is the same, with no ^ (nothing before it); PgDn,
    End, PgUp and Home (4-7) leave it as it is."""
    assert rows_of(shots[2]) and not shots[2][2].endswith("^"), shots[2]
    for i in range(3, 8):
        assert shots[i] == shots[2], (i, shots[i], shots[2])


SEARCH = [("/", "type:サービス", "Enter"), ("s",), ("s",), ("s",), ("NPage",), ("End",), ("Home",)]


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-annual-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo", "--rows", "60"], env)

    def pages(user, script, scan=None):
        e = dict(env, KUMO_USER=user)
        if scan:
            e["KUMO_ANNUAL_SCAN"] = scan
        t = open_annual(db, e, tmp)
        try:
            shots = [page_of(settled(t))]
            for step in script:
                for k in step:
                    if k.startswith("type:"):
                        t.type(k[5:])
                    else:
                        t.keys(k)
                    if k == "Enter" and "q" in step:
                        t.wait_for("サービス AP-")
                shots.append(page_of(settled(t)))
            return shots
        finally:
            t.close()

    def same_pages(user, script, want_rows, holds=None):
        whole = pages(user, script)
        stepped = pages(user, script, scan="1")
        for shots in (whole, stepped):
            if holds:
                holds(shots)
        # the script reaches pages with rows (else it would compare empty screens)
        assert any(sum(1 for l in p if l.startswith(" AP-")) >= want_rows for p in whole), whole
        for i, (a, b) in enumerate(zip(whole, stepped)):
            assert a == b, f"after step {i} {([()] + script)[i]}: read whole\n" + "\n".join(a) + \
                "\n--- read a service a step\n" + "\n".join(b)

    res.run("年次確認: 一つずつ読んでも 状態（未実施・実施済・要対応）ごとのページ・PgDn・End・PgUp・Home・戻りは同じ行（規定003 §4(8)）",
            lambda: same_pages("takahashi", ACTION_PAGES, 18, action_pages_hold))
    def found_above_while_away(scan):
        """A service before the page becomes 実施済 while a service is open (a review recorded from the command line):
        back on the page, the ^ says a row is above it (found between keystrokes), and PgUp shows it."""
        mine = os.path.join(tmp, f"away{scan or ''}.db")
        shutil.copy(db, mine)
        e = dict(env, KUMO_USER="takahashi")
        if scan:
            e["KUMO_ANNUAL_SCAN"] = scan
        t = open_annual(mine, e, tmp)
        try:
            t.keys("s")
            settled(t)
            t.keys("s")
            page = page_of(settled(t))
            assert rows_of(page) == ["AP-R7-0004", "AP-R7-0005"] and not page[2].endswith("^"), page
            t.keys("Enter")
            t.wait_for("サービス AP-R7-0004")
            answers = os.path.join(tmp, "operate.csv")
            items = run_kumo(["--db", mine, "checklist", "operate"], dict(env, KUMO_USER="takahashi")).stdout
            with open(answers, "w", encoding="utf-8") as f:
                f.write(items.replace('","","",', '","適合","手順書・記録簿で確認",'))
            run_kumo(["--db", mine, "review", "AP-R7-0003", "--date", "2026-11-20", "--status", "継続",
                      "--answers-file", answers], dict(env, KUMO_USER="matsumoto"))
            t.keys("q")
            page = page_of(settled(t))
            assert rows_of(page) == ["AP-R7-0004", "AP-R7-0005"] and page[2].endswith("^"), page
            t.keys("PPage")
            page = page_of(settled(t))
            assert rows_of(page) == ["AP-R7-0003"], page
        finally:
            t.close()

    res.run("年次確認: サービスを開いている間に上の行が実施済になれば、戻った一覧に ^、PgUp でその行（一度に読む）",
            lambda: found_above_while_away(None))
    res.run("年次確認: 同じく一つずつ読んでも", lambda: found_above_while_away("1"))
    res.run("年次確認: 少ない状態（実施済）も一つずつ読んで同じ行、サービスから戻っても ^ なし、PgDn・End はそのまま", lambda: same_pages("takahashi", SPARSE, 2, sparse_holds))
    res.run("年次確認: 検索と状態の組合せも一つずつ読んで同じ行", lambda: same_pages("takahashi", SEARCH, 5))
    res.run("年次確認: 部局の情報セキュリティ責任者（自部局）も一つずつ読んで同じ行", lambda: same_pages("sato", SPARSE + SEARCH, 2, sparse_holds))

    def own_dept_named(user):
        """A 部局's 情報セキュリティ責任者 sees their own 部局's services (規定003 §4(8), policy_annual_scope): the filter
        line names that 部局, not 「すべて」, and d (choose a 部局) is not offered; the 統括 starts on every 部局."""
        import sqlite3
        con = sqlite3.connect(db)
        dept, = con.execute("SELECT d.name FROM users u JOIN departments d ON d.id = u.dept_id WHERE u.login = ?",
                            (user,)).fetchone()
        others = [r[0] for r in con.execute("SELECT name FROM departments WHERE name <> ?", (dept,))]
        con.close()
        t = open_annual(db, dict(env, KUMO_USER=user), tmp)
        try:
            page = page_of(settled(t))
            assert f"部局:{dept} " in page[0], page[0]
            assert "d 部局" not in page[-1], page[-1]
            t.keys("d")
            page = page_of(settled(t))
            assert f"部局:{dept} " in page[0] and not any(o in page[0] for o in others), page
        finally:
            t.close()
        t = open_annual(db, dict(env, KUMO_USER="takahashi"), tmp)
        try:
            page = page_of(settled(t))
            assert "部局:すべて " in page[0] and "d 部局" in page[-1], page
        finally:
            t.close()

    res.run("年次確認: 部局の情報セキュリティ責任者の画面は自部局の名を示し、部局の切替（d）はない", lambda: own_dept_named("sato"))
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
