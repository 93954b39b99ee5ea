"""The screens in the terminals people have (issue 11): NO_COLOR gives a screen without colour (the selection keeps
reverse video); TERM=dumb, an unknown TERM or none at all get a clear Japanese message and exit status 3 instead of
a blank or garbled screen. Run by tests/run.sh; alone: KUMO_BIN=./kumo python3 tests/e2e/test_terminal_ui.py."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, run_kumo  # noqa: E402

# SGR parameters that set a colour: 30–37, 39 excluded (default), 38;…, 40–47, 48;…, 90–97, 100–107
COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


def colours(screen):
    """The colour parameters of every SGR sequence on the screen (attributes such as 1 bold or 7 reverse left out)."""
    found = []
    for m in COLOUR.finditer(screen):
        parts = [p for p in m.group(1).split(";") if p]
        i = 0
        while i < len(parts):
            p = int(parts[i])
            if p in (38, 48):
                found.append(";".join(parts[i:i + 3]))
                i += 3
                continue
            if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                found.append(str(p))
            i += 1
    return found


def attrs(screen):
    return {p for m in COLOUR.finditer(screen) for p in m.group(1).split(";") if p}


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-term-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)

    def screen_e(t):
        return t._tmux("capture-pane", "-e", "-p", "-t", "t").stdout

    def with_colour():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi"))
        try:
            t.wait_for("ホーム")
            scr = screen_e(t)
            assert colours(scr), scr   # the test below means something: colour is there without NO_COLOR
        finally:
            t.close()
    res.run("without NO_COLOR the screen has colour", with_colour)

    def no_colour():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="takahashi", NO_COLOR="1"))
        try:
            t.wait_for("ホーム")
            t.keys("l")
            t.wait_for("申請一覧")
            t.wait_stable()
            scr = screen_e(t)
            assert not colours(scr), colours(scr)
            assert "7" in attrs(scr), scr   # the selected row in reverse video
        finally:
            t.close()
    res.run("NO_COLOR=1: no colour anywhere, the selection in reverse video", no_colour)

    def refused(term, want):
        def fn():
            e = dict(env, KUMO_USER="takahashi")
            if term is None:
                e["TERM"] = ""
            else:
                e["TERM"] = term
            t = Term(["env"] + ([] if term else ["-u", "TERM"]) + [kumo_bin(), "--db", db], env=e)
            try:
                scr = t.wait_for("[kumo exited 3]")
                assert want in "".join(l.strip() for l in scr.splitlines()), scr
            finally:
                t.close()
        return fn
    res.run("TERM=dumb: a clear message, exit 3", refused("dumb", "カーソルを動かせないため、画面を表示できません"))
    res.run("an unknown TERM: a Japanese message naming it, exit 3",
            refused("vt-kumo-unknown", "端末の種類 TERM=vt-kumo-unknown が分かりません"))
    res.run("TERM unset: a Japanese message, exit 3", refused(None, "TERM）が設定されていない"))

    def not_a_terminal():
        r = run_kumo(["--db", db], dict(env, KUMO_USER="takahashi"), check=False)
        assert r.returncode == 3 and "端末画面は端末から開いてください" in r.stderr, (r.returncode, r.stderr)
    res.run("no terminal at all (cron, a pipe): says so, exit 3", not_a_terminal)

    shutil.rmtree(tmp, ignore_errors=True)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
