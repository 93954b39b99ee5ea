"""Golden screens (issue 12, as tig's tests do): each main screen of kumo, reached with the keys a person presses, at
80×24 and at 132×40, on the demo municipality anchored at KUMO_TODAY, compared as text with tests/golden/<name>.txt.
Layout, clipping and the alignment of double-width columns are asserted whole, not only substrings.

A difference fails with a unified diff. `make golden` (KUMO_GOLDEN_UPDATE=1) writes the files again: review each one by
eye before committing it — it is an assertion that the screen is right. Only what truly varies is normalised: the
audit trail's hashes (they cover the OS login that made the demo).
"""
import difflib
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, repo_root, run_kumo  # noqa: E402

GOLDEN = os.path.join(repo_root(), "tests", "golden")
UPDATE = os.environ.get("KUMO_GOLDEN_UPDATE") == "1"
SIZES = ((80, 24), (132, 40))


def normalise(scr):
    """The screen as compared: lines without trailing spaces, exactly as many as the terminal has, the hashes of the
    audit trail (12 hexadecimal digits and more) replaced."""
    lines = [l.rstrip() for l in scr.split("\n")]
    lines = [re.sub(r"\b[0-9a-f]{12,64}\b", "<hash>", l) for l in lines]
    return "\n".join(lines).rstrip("\n") + "\n"


def settle(t, rows, cols, timeout=10.0):
    """The screen once it has the terminal's size (its status line as wide) and two captures agree."""
    end = time.monotonic() + timeout
    prev = None
    while time.monotonic() < end:
        cur = t.screen()
        lines = cur.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        if cur == prev and len(lines) == rows:
            return cur
        prev = cur
        time.sleep(0.15)
    raise AssertionError(f"the screen did not settle at {cols}×{rows}:\n{prev}")


def select_row(t, scr, *words):
    """On a list whose numbered rows start with two spaces (ホーム), selects the row holding every word."""
    rows = scr.splitlines()
    items = [i for i, l in enumerate(rows) if re.match(r"^  (R\d|AP-|（未採番）)", l)]
    target = next(i for i in items if all(w in rows[i] for w in words))
    for _ in range(items.index(target)):
        t.keys("Down")


def check(name, t):
    """Captures the screen at each size and compares it with its golden file."""
    problems = []
    for cols, rows in SIZES:
        t.resize(cols, rows)
        scr = normalise(settle(t, rows, cols))
        path = os.path.join(GOLDEN, f"{name}.{cols}x{rows}.txt")
        if UPDATE:
            os.makedirs(GOLDEN, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(scr)
            continue
        try:
            with open(path, encoding="utf-8") as f:
                want = f.read()
        except FileNotFoundError:
            problems.append(f"{path} is missing (make golden writes it)")
            continue
        if scr != want:
            diff = "".join(difflib.unified_diff(want.splitlines(True), scr.splitlines(True), f"golden/{name}.{cols}x{rows}",
                                                "screen"))
            problems.append(diff)
    t.resize(*SIZES[0])
    if problems:
        raise AssertionError("\n".join(problems))


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-e2e-golden-")
    env = hermetic_env(tmp)
    env["NO_COLOR"] = "1"
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)
    real = os.path.join(tmp, "real.db")
    run_kumo(["--db", real, "init", "--org", "みらい市", "--name", "加藤 誠"], env)

    def term(user, path=db):
        e = dict(env, KUMO_USER=user) if user else env
        t = Term([kumo_bin(), "--db", path], env=e, cwd=tmp, cols=SIZES[0][0], rows=SIZES[0][1])
        return t

    def screen(name, user, steps, path=db):
        """A scenario: the keys to the screen (each step waits for what it names), then the golden comparison."""
        def run():
            t = term(user, path)
            try:
                for step in steps:
                    kind, arg = step
                    if kind == "wait":
                        t.wait_for(arg)
                    elif kind == "keys":
                        t.keys(*arg)
                    elif kind == "type":
                        t.type(arg)
                    elif kind == "row":
                        select_row(t, t.wait_stable(), *arg)
                check(name, t)
            finally:
                t.close()
        res.run(f"{name}: 80×24 と 132×40 の画面が golden と一致する", run)

    home = [("wait", "ホーム")]
    screen("picker", None, [("wait", "操作する利用者")])
    screen("home-staff", "suzuki", home)
    screen("home-dept_head", "tanaka", home)
    screen("home-approver", "takahashi", home + [("wait", "期限")])
    screen("home-ciso", "nakamura", home + [("wait", "例外措置")])
    screen("home-auditor", "kobayashi", home + [("wait", "他の方の対応待ち")])
    screen("home-admin", "kato", home)
    screen("home-setup", None, [("wait", "はじめに: 初期設定")], path=real)
    screen("list", "takahashi", home + [("keys", ["l"]), ("wait", "全 ")])
    screen("form-view", "takahashi", home + [("row", ["R8-0003"]), ("keys", ["Enter"]),
                                            ("wait", "申請書兼許可書 R8-0003")])
    screen("form-edit", "yoshida", home + [("row", ["R8-0007"]), ("keys", ["Enter"]),
                                          ("wait", "申請書兼許可書 R8-0007")])
    screen("checklist", "takahashi", home + [("row", ["R8-0003"]), ("keys", ["Enter"]),
                                            ("wait", "申請書兼許可書 R8-0003"), ("keys", ["c"]), ("wait", "回答")])
    screen("decide", "takahashi", home + [("row", ["R8-0003"]), ("keys", ["Enter"]),
                                         ("wait", "申請書兼許可書 R8-0003"), ("keys", ["a"]),
                                         ("wait", "【確認事項】")])
    screen("register", "takahashi", home + [("keys", ["r"]), ("wait", "全 ")])
    screen("service", "takahashi", home + [("row", ["AP-R7-0002", "要対応"]), ("keys", ["Enter"]),
                                          ("wait", "a 対応を記録")])
    screen("annual", "takahashi", home + [("keys", ["y"]), ("wait", "年次利用状況確認 ")])
    screen("users", "kato", home + [("keys", ["a"]), ("wait", "12人")])
    screen("audit", "kobayashi", home + [("keys", ["t"]), ("wait", "番号    日時")])
    screen("exceptions", "nakamura", home + [("wait", "例外措置"), ("keys", ["e"]), ("wait", "全 3 件")])
    screen("depts", "kato", home + [("keys", ["a"]), ("wait", "12人"), ("keys", ["d"]), ("wait", "有効 6")])
    screen("review-form", "yoshida", home + [("row", ["AP-R7-0001", "確認期限超過"]), ("keys", ["Enter"]),
                                            ("wait", "サービス AP-R7-0001"), ("keys", ["r"]),
                                            ("wait", "利用状況確認 AP-R7-0001")])
    screen("termination-form", "watanabe", home + [("row", ["AP-R6-0001"]), ("keys", ["Enter"]),
                                                  ("wait", "サービス AP-R6-0001"), ("keys", ["e"]),
                                                  ("wait", "終了連絡 AP-R6-0001")])
    screen("help", "takahashi", home + [("keys", ["?"]), ("wait", "で閉じる")])
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
