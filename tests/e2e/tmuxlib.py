"""Drive the real kumo binary inside tmux: type keys, wait for text to appear, read the screen.

Each Term uses its own tmux server socket, so tests never touch another tmux session.
Waiting polls the screen until the expected text shows (or a timeout fails the test) instead of sleeping.
"""
import os
import re
import shlex
import subprocess
import tempfile
import time
import uuid


# Timeouts bound failures only (a match returns at once): scaled for a busy machine or a sanitizer build.
SLOW = float(os.environ.get("KUMO_TEST_SLOW", "3"))


class ScreenTimeout(AssertionError):
    pass


class Term:
    def __init__(self, argv, env=None, cols=80, rows=24, cwd=None):
        self.sock = "kumo-test-" + uuid.uuid4().hex[:10]
        self.cols, self.rows = cols, rows
        full_env = dict(os.environ)
        full_env.update(env or {})
        # tmux passes its own environment to the command; export ours explicitly
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        cmd = f"cd {shlex.quote(cwd or os.getcwd())} && env {exports} {' '.join(shlex.quote(a) for a in argv)}; " \
              f"echo '[kumo exited '$?']'; sleep 600"
        self._tmux("-u", "new-session", "-d", "-s", "t", "-x", str(cols), "-y", str(rows), cmd, env=full_env)

    def _tmux(self, *args, env=None, check=True):
        return subprocess.run(["tmux", "-L", self.sock, *args], check=check, capture_output=True, text=True,
                              env=env)

    def screen(self):
        return self._tmux("capture-pane", "-p", "-t", "t").stdout

    def screen_attrs(self):
        """The screen with its attributes as escape sequences (capture-pane -e)."""
        return self._tmux("capture-pane", "-e", "-p", "-t", "t").stdout

    def keys(self, *keys):
        """Named keys (Enter, Down, Escape, C-u …) or literal single characters."""
        for k in keys:
            self._tmux("send-keys", "-t", "t", k)

    def type(self, text):
        self._tmux("send-keys", "-t", "t", "-l", text)

    def paste(self, text, bracketed=True):
        """Pastes text as a terminal does: tmux sends it in one write, line breaks as CR, and with bracketed=True
        between the paste markers when the program has turned bracketed paste on (as a terminal would)."""
        self._tmux("set-buffer", "-b", "kumo-test", "--", text)
        self._tmux("paste-buffer", "-d", "-b", "kumo-test", "-t", "t", *(["-p"] if bracketed else []))

    def resize(self, cols, rows):
        self.cols, self.rows = cols, rows
        self._tmux("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows))

    def wait_for(self, text, timeout=10.0, absent=False):
        """Wait until `text` is on the screen (or, with absent=True, gone). Returns the screen.
        A match returns at once; the timeout only bounds a failure, so it is generous (scaled by SLOW: a busy
        2-core CI machine or a sanitizer build draws late)."""
        end = time.monotonic() + timeout * SLOW
        scr = ""
        while time.monotonic() < end:
            scr = self.screen()
            # a long message wraps onto the next line: match across line ends too
            lines = scr.splitlines()
            seen = text in scr or text in "".join(lines) or text in "".join(l.strip() for l in lines)
            if seen != absent:
                return scr if absent else self._settled(scr)
            time.sleep(0.05)
        raise ScreenTimeout(f"{'still' if absent else 'never'} saw {text!r}; screen was:\n{scr}")

    def _settled(self, scr, timeout=2.0):
        """The screen once the program has finished drawing it: tmux may be captured between two writes of one update
        (the title new, the rows below still the previous screen's), so what a test reads next is taken when three
        captures a few hundredths of a second apart agree (as wait_stable)."""
        end = time.monotonic() + timeout * SLOW
        same = 0
        while time.monotonic() < end:
            time.sleep(0.05)
            cur = self.screen()
            same = same + 1 if cur == scr else 0
            scr = cur
            if same >= 2:
                break
        return scr

    def wait_stable(self, timeout=5.0):
        """Wait until the screen has stayed the same over three captures a tenth of a second apart (the program
        has drawn; on a loaded machine one equal pair can fall inside a half-drawn update)."""
        end = time.monotonic() + timeout * SLOW
        prev, same = None, 0
        while time.monotonic() < end:
            cur = self.screen()
            same = same + 1 if cur == prev else 0
            if same >= 2:
                return cur
            prev = cur
            time.sleep(0.1)
        return prev

    def close(self):
        self._tmux("kill-server", check=False)


class Results:
    """Counts named checks and prints the RESULT line tests/run.sh reads."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")

    def run(self, name, fn):
        try:
            fn()
            self.check(name, True)
        except Exception as e:  # the failure is reported with the screen it saw
            self.check(name, False, f"\n{e}")

    def finish(self):
        print(f"RESULT: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed or not self.passed else 0


def note_if_asked(t, note):
    """After an answer on the checklist screen: when the item asks for its 確認内容 (the screen says 「記入が必要」 and
    keeps the selection on it), types `note` in the editor and saves it. True when it did."""
    if "記入が必要" not in "".join(t.wait_stable().splitlines()):
        return False
    t.keys("Enter")
    t.wait_for("Ctrl-S F2 保存")
    t.type(note)
    t.keys("C-s")
    t.wait_for("記入が必要", absent=True)
    return True


def answer_checklist(t, note="手順書・設定記録で確認した"):
    """On a checklist screen, answers every item 適合 one by one; an item that asks for its 確認内容 gets `note`
    (note_if_asked), then the selection moves on. Returns the number of items."""
    scr = t.wait_for("回答 0/")
    total = int(re.search(r"回答 0/(\d+)", scr).group(1))
    for i in range(total):
        t.keys("1")
        t.wait_for(f"回答 {i + 1}/{total}")
        if note_if_asked(t, note):
            t.keys("Down")
    t.wait_for(f"回答 {total}/{total}")
    return total


def hermetic_env(tmp):
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    return {
        "HOME": home,
        "TZ": "Asia/Tokyo",
        "LANG": "C.UTF-8",
        "KUMO_TODAY": os.environ.get("KUMO_TODAY", "2026-11-23"),
        "KUMO_TEMPLATE_DIR": os.environ.get("KUMO_TEMPLATE_DIR", os.path.join(repo_root(), "templates")),
        "TERM": "xterm-256color",
    }


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def kumo_bin():
    return os.environ.get("KUMO_BIN", os.path.join(repo_root(), "kumo"))


def run_kumo(args, env, check=True):
    full = dict(os.environ)
    full.update(env)
    full.pop("KUMO_DB", None)
    r = subprocess.run([kumo_bin(), *args], env=full, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"kumo {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r
