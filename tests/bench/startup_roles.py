#!/usr/bin/env python3
"""make bench: the time from exec to the settled ホーム for each user given (each role's ホーム reads its own
sections: a query that reads the whole table shows in one role only), through a pseudo-terminal of 80x24 as
tui_latency.py measures it. Prints `startup_<login> ms=<median of 3>` per user.

usage: startup_roles.py KUMO DB LOGIN..."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tui_latency as tl  # noqa: E402


def main():
    kumo, db = sys.argv[1], sys.argv[2]
    for user in sys.argv[3:]:
        env = dict(os.environ, TERM="xterm", KUMO_USER=user, LANG=os.environ.get("LANG", "C.UTF-8"))
        runs = []
        for _ in range(3):
            t0 = time.monotonic()
            t = tl.Term([kumo, "--db", db], env)
            last = t.read_until_quiet(tl.QUIET_FRAME, expect="ホーム".encode())
            runs.append((last - t0) * 1000 if last else float("nan"))
            t.close()
        print(f"startup_{user} ms={tl.median(runs):.1f}", flush=True)


if __name__ == "__main__":
    main()
