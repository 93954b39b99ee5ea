"""kumo looks the same under any locale and any TZ (issue 11, "Locale and time").

The UI in tmux under LANG=C, LANG unset and a LANG that this machine has not generated (sshd passing the client's
ja_JP.UTF-8): the Japanese screen is drawn, with no ~H ~T ~@ garbage, and a one-time notice names the fallback.
The exports and the command line's output are the same under LANG=C and LC_ALL=C as under C.UTF-8 (column widths
and row heights read with openpyxl; stdout compared byte for byte). The manual page renders under LANG=C (a note
on how to read it, no troff warnings) and in full under C.UTF-8.
"Today" is the organisation's (Asia/Tokyo unless the システム管理者 sets another zone), whatever TZ the server or
cron has: `TZ=Etc/GMT+12 kumo due` and a UTC server at 00:30 JST use the Tokyo date (the instant fixed with
KUMO_NOW, no KUMO_TODAY); history times carry their offset in `show` and in the form's 履歴 sheet.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tmuxlib import Results, Term, hermetic_env, kumo_bin, repo_root, run_kumo  # noqa: E402

# What ncursesw prints for the bytes of a Japanese character when LC_CTYPE is not UTF-8: ~ and a letter or @.
GARBAGE = re.compile(r"~[@A-Z\[\]\\^_]")


def generated_locales():
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except OSError:
        return set()
    return {l.strip().lower().replace("utf-8", "utf8") for l in out.splitlines()}


def main():
    res = Results()
    tmp = tempfile.mkdtemp(prefix="kumo-locale-")
    env = hermetic_env(tmp)
    db = os.path.join(tmp, "demo.db")
    run_kumo(["--db", db, "demo"], env)

    def ui(argv_prefix, extra_env, notice):
        def fn():
            e = dict(env)
            e.update(extra_env)
            e["KUMO_USER"] = "sato"
            t = Term([*argv_prefix, kumo_bin(), "--db", db], env=e)
            try:
                scr = t.wait_for("ホーム")
                scr = t.wait_for(notice)
                assert "佐藤 一郎" in scr and "みらい市（デモ）" in scr, scr
                assert "新規申請" in scr, scr
                assert not GARBAGE.search(scr), scr
                # said once: the next key clears it
                t.keys("Down")
                scr = t.wait_for(notice, absent=True)
                assert "ホーム" in scr and not GARBAGE.search(scr), scr
            finally:
                t.close()
        return fn

    res.run("LANG=C: the UI draws Japanese and says it uses C.UTF-8",
            ui([], {"LANG": "C"}, "ロケール LANG=C は UTF-8 ではないため、C.UTF-8 で表示します"))
    res.run("LANG unset: the UI draws Japanese and says so",
            ui(["env", "-u", "LANG"], {}, "ロケール（LANG）が設定されていないため、C.UTF-8 で表示します"))
    missing = "ja_JP.UTF-8" if "ja_jp.utf8" not in generated_locales() else "xx_XX.UTF-8"
    res.run(f"LANG={missing} not generated here (SSH): the UI draws Japanese and says so",
            ui([], {"LANG": missing}, f"ロケール LANG={missing} はこのコンピュータにないため、C.UTF-8 で表示します"))
    res.run("LC_ALL=C over LANG=C.UTF-8: the notice names LC_ALL",
            ui([], {"LC_ALL": "C"}, "ロケール LC_ALL=C は UTF-8 ではないため、C.UTF-8 で表示します"))

    def no_notice_under_utf8():
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="sato"))
        try:
            scr = t.wait_for("ホーム")
            scr = t.wait_stable()
            assert "ロケール" not in scr, scr
        finally:
            t.close()
    res.run("LANG=C.UTF-8: no notice", no_notice_under_utf8)

    # ---- the same output whatever the locale ----
    locales = {"C.UTF-8": {"LANG": "C.UTF-8"}, "C": {"LANG": "C"}, "LC_ALL=C": {"LC_ALL": "C"},
               "unset": {"LANG": ""}}

    def export_all(tag, extra):
        e = dict(env)
        e.update(extra)
        e["KUMO_USER"] = "takahashi"
        out = {}
        for kind, args in (("register", ["export", "register", "--all"]),
                           ("applications", ["export", "applications"]),
                           ("form", ["export", "form", "R8-0001"]),
                           ("reviews", ["export", "reviews"])):
            path = os.path.join(tmp, f"{kind}-{tag.replace('=', '_')}.xlsx")
            run_kumo(["--db", db, *args, "-o", path], e)
            out[kind] = path
        return out

    def layout(path):
        import openpyxl
        wb = openpyxl.load_workbook(path)
        sheets = {}
        for ws in wb.worksheets:
            cols = {k: round(v.width, 2) for k, v in ws.column_dimensions.items() if v.width}
            rows = {k: round(v.height, 2) for k, v in ws.row_dimensions.items() if v.height}
            sheets[ws.title] = (cols, rows)
        return sheets

    files = {tag: export_all(tag, extra) for tag, extra in locales.items()}

    def same_layout(kind):
        def fn():
            base = layout(files["C.UTF-8"][kind])
            # the widths are measured at all: Japanese columns are wider than the ASCII minimum
            assert any(cols for cols, _ in base.values()), base
            for tag in locales:
                got = layout(files[tag][kind])
                assert got == base, f"{kind} under {tag}: {got}\n!= C.UTF-8: {base}"
        return fn

    for kind in ("register", "applications", "form", "reviews"):
        res.run(f"{kind} workbook: the same column widths and row heights under LANG=C, LC_ALL=C and no LANG",
                same_layout(kind))

    def register_column_b_is_wide():
        import openpyxl
        ws = openpyxl.load_workbook(files["C"]["register"]).worksheets[0]
        # the longest サービス名 in the demo is Japanese: measured 2 columns a character, never 1 (B 26.7 → 14.7)
        names = [c.value for c in ws["B"] if isinstance(c.value, str)]
        longest = max(len(n) for n in names)
        assert ws.column_dimensions["B"].width >= 2 * longest * 0.9, (ws.column_dimensions["B"].width, longest)
    res.run("register under LANG=C: column B fits its Japanese names (2 columns a character)",
            register_column_b_is_wide)

    def cli_bytes(args, user):
        def fn():
            outs = {}
            for tag, extra in locales.items():
                e = dict(os.environ)
                e.update(env)
                e.update(extra)
                e["KUMO_USER"] = user
                e.pop("KUMO_DB", None)
                r = subprocess.run([kumo_bin(), "--db", db, *args], env=e, capture_output=True)
                outs[tag] = (r.returncode, r.stdout, r.stderr)
            assert "申請".encode() in outs["C.UTF-8"][1] + outs["C.UTF-8"][2], outs["C.UTF-8"]
            for tag, o in outs.items():
                assert o == outs["C.UTF-8"], f"{' '.join(args)} under {tag}: {o!r}\n!= {outs['C.UTF-8']!r}"
        return fn

    res.run("kumo due: the same bytes under every locale", cli_bytes(["due", "--within", "60"], "sato"))
    res.run("kumo show: the same bytes under every locale", cli_bytes(["show", "R8-0001"], "takahashi"))
    res.run("kumo --help: the same bytes under every locale", cli_bytes(["--help"], "sato"))

    # ---- the organisation's time zone ----
    def kumo_at(args, user, tz, now, dbpath=db):
        e = dict(os.environ)
        e.update(env)
        e.pop("KUMO_TODAY", None)
        e.pop("KUMO_DB", None)
        e.update({"TZ": tz, "KUMO_NOW": now, "KUMO_USER": user})
        return subprocess.run([kumo_bin(), "--db", dbpath, *args], env=e, capture_output=True, text=True)

    def due_uses_tokyo_date():
        # 2026-11-22 15:30 UTC is 00:30 on the 23rd in Tokyo, 03:30 on the 22nd at Etc/GMT+12
        for tz in ("Etc/GMT+12", "UTC", "Asia/Tokyo", "America/Los_Angeles"):
            r = kumo_at(["due"], "sato", tz, "2026-11-22T15:30:00Z")
            assert "基準日 2026-11-23" in r.stdout, f"TZ={tz}: {r.stdout}{r.stderr}"
        # and an hour earlier it is still the 22nd in Tokyo, whatever the server's zone
        r = kumo_at(["due"], "sato", "Etc/GMT-14", "2026-11-22T14:30:00Z")
        assert "基準日 2026-11-22" in r.stdout, r.stdout + r.stderr
    res.run("TZ=Etc/GMT+12 / UTC kumo due at 00:30 JST: 基準日 is the Tokyo date", due_uses_tokyo_date)

    def history_shows_offset():
        r = kumo_at(["show", "R8-0001"], "takahashi", "UTC", "2026-11-22T15:30:00Z")
        hist = r.stdout.split("履歴", 1)[1]
        lines = [l for l in hist.splitlines() if l.strip()]
        assert lines and all(re.match(r"^  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00\t", l) for l in lines), hist
    res.run("kumo show: history times in Tokyo time with +09:00", history_shows_offset)

    def form_history_sheet_offset():
        import openpyxl
        ws = openpyxl.load_workbook(files["C.UTF-8"]["form"])["履歴"]
        cells = [r[0] for r in ws.iter_rows(min_row=2) if r[0].value is not None]
        assert cells and all(c.is_date for c in cells), [c.value for c in cells]
        assert all('"+09:00"' in c.number_format for c in cells), [c.number_format for c in cells]
    res.run("form workbook 履歴: date-time cells that show +09:00", form_history_sheet_offset)

    def admin_sets_zone_in_ui():
        db2 = os.path.join(tmp, "zone.db")
        shutil.copy(db, db2)
        e = dict(env)
        e.pop("KUMO_TODAY", None)
        e.update({"KUMO_USER": "kato", "KUMO_NOW": "2026-11-22T15:30:00Z", "TZ": "UTC"})
        t = Term(["env", "-u", "KUMO_TODAY", kumo_bin(), "--db", db2], env=e)
        try:
            t.wait_for("ホーム")
            t.keys("a")
            scr = t.wait_for("利用者と部局の管理")
            assert "Asia/Tokyo" in scr, scr
            t.keys("z")
            t.wait_for("Enter 確定")
            t.keys("C-u")
            t.type("Asia/Nowhere")
            t.keys("Enter")
            t.wait_for("「タイムゾーン」はこのコンピュータのタイムゾーン名で入力してください")
            t.keys("z")
            t.wait_for("Enter 確定")
            t.keys("C-u")
            t.type("America/Los_Angeles")
            t.keys("Enter")
            t.wait_for("タイムゾーンを America/Los_Angeles にしました（今日は 2026-11-22）")
        finally:
            t.close()
        r = kumo_at(["due"], "sato", "UTC", "2026-11-22T15:30:00Z", dbpath=db2)
        assert "基準日 2026-11-22" in r.stdout, r.stdout + r.stderr
    res.run("the システム管理者 sets the zone on 利用者と部局の管理 (z); due follows it", admin_sets_zone_in_ui)

    # ---- issue 12: editing by user-perceived character ----
    def edit_by_grapheme():
        katsu = "\u845b\U000E0100"   # 葛󠄀: 葛 with an ideographic variation selector
        ga = "\u304b\u3099"          # が as か + combining dakuten
        t = Term([kumo_bin(), "--db", db], env=dict(env, KUMO_USER="tanaka"), cwd=tmp)
        try:
            t.wait_for("ホーム")
            t.keys("n")
            t.wait_for("下書きを作成しました")
            # the cursor starts on クラウドサービス名
            t.keys("Enter")
            t.wait_for("Enter 確定")
            t.keys("C-u")
            t.type(katsu + "飾区" + ga + "ス")
            # ← ← ← goes over ス, が (2 code points) and 区; BackSpace then takes 飾, ← and Delete take 葛󠄀 whole
            t.keys("Left", "Left", "Left", "BSpace", "Left", "DC")
            t.keys("Enter")
            scr = t.wait_for("「クラウドサービス名」を保存しました")
        finally:
            t.close()
        r = run_kumo(["--db", db, "export", "applications", "-o", os.path.join(tmp, "apps.xlsx")],
                     dict(env, KUMO_USER="tanaka"))
        import openpyxl
        ws = openpyxl.load_workbook(os.path.join(tmp, "apps.xlsx")).worksheets[0]
        names = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert "区" + ga + "ス" in names, (r.stdout, [n for n in names if "区" in n], scr)
    res.run("editing moves and deletes by user-perceived character: 葛󠄀 and が (か + ゛) are one step (issue 12)",
            edit_by_grapheme)

    # ---- the manual page ----
    page = os.path.join(repo_root(), "kumo.1")

    def groff(device, lang):
        e = dict(os.environ, LANG=lang)
        e.pop("LC_ALL", None)
        r = subprocess.run(["groff", "-k", "-man", "-T" + device, page], env=e, capture_output=True)
        # grotty marks bold and underline by overstriking (c BS c): read the text a person sees
        return re.sub(r".\x08", "", r.stdout.decode("utf-8", "replace")), r.stderr.decode("utf-8", "replace")

    def man_ascii():
        out, err = groff("ascii", "C")
        assert "man -E UTF-8 kumo" in out and "LANG=C.UTF-8 man kumo" in out, out
        assert "warning" not in err, err
    res.run("man page for an ASCII terminal (LANG=C): says how to read it, no troff warnings", man_ascii)

    def man_utf8():
        out, err = groff("utf8", "C.UTF-8")
        assert "クラウドサービス利用申請書兼許可書" in out, out
        assert "can't find" not in err, err
        assert not re.search(r"^NOTE$", out, re.M), out
    res.run("man page under C.UTF-8: the Japanese is there, no ASCII note", man_utf8)

    if shutil.which("man"):
        def man_l(lang, want):
            def fn():
                e = dict(os.environ, LANG=lang, MANWIDTH="80")
                e.pop("LC_ALL", None)
                r = subprocess.run(["man", "-l", page], env=e, capture_output=True)
                out = r.stdout.decode("utf-8", "replace")
                assert want in re.sub(r".\x08", "", out), out
                assert b"warning" not in r.stderr, r.stderr
            return fn
        res.run("man -l kumo.1 under LANG=C: the note on reading it", man_l("C", "man -E UTF-8 kumo"))
        res.run("man -l kumo.1 under LANG=C.UTF-8: the Japanese", man_l("C.UTF-8", "統括情報セキュリティ責任者"))
    else:
        print("SKIP man -l checks: man is not installed (groff checks ran)")

    shutil.rmtree(tmp, ignore_errors=True)
    return res.finish()


if __name__ == "__main__":
    sys.exit(main())
