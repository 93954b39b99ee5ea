#!/usr/bin/env python3
"""Latency of kumo's screens through a pseudo-terminal of 80x24: the time from a key to the end of the screen
update it causes (the first burst of output after the key; a later count drawn between keystrokes is not part of
it), and the time from start to the first complete ホーム.

    tui_latency.py KUMO DB [USER]

Prints one line per measurement:  NAME ms=MEDIAN runs=N  (tests/bench/bench.sh reads them). Only the Python
standard library (pty, select); no fixed sleeps: it waits for the output to go quiet.
"""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

QUIET_FRAME = 0.002   # a frame is written in one burst: this long without output ends it
QUIET_SETTLE = 0.25   # the screen has settled (start-up, between measurements)


class Term:
    def __init__(self, argv, env):
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.buf = bytearray()

    def read_until_quiet(self, quiet, limit=60.0, expect=None):
        """Reads until `expect` (bytes) has come, if given, and then no output for `quiet` seconds; returns the time
        of the last byte (or None)."""
        last = None
        end = time.monotonic() + limit
        while time.monotonic() < end:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                if expect is not None and expect not in self.buf:
                    continue
                if last is not None or quiet >= QUIET_SETTLE:
                    return last
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return last
            if not data:
                return last
            self.buf += data
            last = time.monotonic()
        return last

    def key(self, data, expect=None):
        """Sends a key; returns milliseconds to the end of the first burst of output it caused (after `expect`, when
        given, has been drawn)."""
        self.read_until_quiet(QUIET_SETTLE)   # earlier work (a count) is over
        self.buf.clear()
        t0 = time.monotonic()
        os.write(self.fd, data)
        last = self.read_until_quiet(QUIET_FRAME, limit=30.0, expect=expect)
        return (last - t0) * 1000 if last else float("nan")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def median(v):
    v = sorted(x for x in v if x == x)
    return v[len(v) // 2] if v else float("nan")


def main():
    kumo, db = sys.argv[1], sys.argv[2]
    user = sys.argv[3] if len(sys.argv) > 3 else "takahashi"
    env = dict(os.environ, TERM="xterm", KUMO_USER=user, LANG=os.environ.get("LANG", "C.UTF-8"))
    results = {}

    # start-up: from exec to the last byte of the first settled screen (ホーム), several runs
    starts = []
    for _ in range(5):
        t0 = time.monotonic()
        t = Term([kumo, "--db", db], env)
        last = t.read_until_quiet(QUIET_FRAME, expect="ホーム".encode())
        starts.append((last - t0) * 1000 if last else float("nan"))
        t.close()
    results["startup"] = starts

    t = Term([kumo, "--db", db], env)
    t.read_until_quiet(QUIET_FRAME, expect="ホーム".encode())
    results["list_open"] = [t.key(b"l", "申請一覧".encode())]
    results["pagedown"] = [t.key(b"\x1b[6~") for _ in range(7)]
    results["filter_s"] = [t.key(b"s") for _ in range(5)]    # 状態: 下書き, 申請中, 差戻し, 承認済, 却下
    t.key(b"z")                                           # 絞込み解除
    t.key(b"/")
    one, two, none = [], [], []
    for a, b in (("サ", "ー"), ("電", "子"), ("申", "請"), ("ス", "1")):
        one.append(t.key(a.encode(), a.encode()))
        two.append(t.key(b.encode(), b.encode()))
        t.key(b"\x15")                                    # Ctrl-U: the box emptied
    for word in ("該当なし", "存在しない", "ゑゐ"):
        for ch in word:
            ms = t.key(ch.encode(), ch.encode())
        none.append(ms)
        t.key(b"\x15")
    results["search_1char"] = one
    results["search_2char"] = two
    results["search_nomatch"] = none
    t.key(b"\x1b")
    t.key(b"q")
    t.key(b"r", "台帳".encode())
    results["register_pagedown"] = [t.key(b"\x1b[6~") for _ in range(5)]
    t.key(b"/")
    results["register_search_1char"] = [t.key("ビ".encode(), "ビ".encode())]
    t.key(b"\x1b")
    t.close()
    for name, v in results.items():
        print(f"{name} ms={median(v):.1f} runs={len(v)}")


if __name__ == "__main__":
    main()
