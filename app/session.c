/* The session: opening the database, who the user is, and the Japanese text of every status. */
#include "app/session.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/privilege.h"
#include "db/dbfile.h"
#include "forms/clock.h"
#include "forms/text.h"

static const char *const STATUS_TEXT[KS__COUNT] = {
    [KS_OK] = "完了しました",
    [KS_NOTFOUND] = "見つかりません",
    [KS_CONFLICT] = "他の人がこの記録を先に更新しました。最新の内容を読み込み直してから、もう一度操作してください",
    [KS_BUSY] = "データベースが他の処理で使用中です。しばらく待ってからもう一度操作してください（入力内容は失われていません）",
    [KS_READONLY] = "データベースに書き込めません（読み取り専用のファイル又はフォルダです）",
    [KS_CORRUPT] = "kumo のデータベースではないか、ファイルが壊れています",
    [KS_CONSTRAINT] = "同じ番号又は名前の記録が既にあるか、参照先がありません",
    [KS_NOMEM] = "メモリが不足しています",
    [KS_IO] = "ファイルの読み書きに失敗しました",
    [KS_DENIED] = "この操作の権限がありません",
    [KS_INVALID] = "入力内容に誤りがあります",
    [KS_EXISTS] = "既にファイルがあるため上書きしません",
    [KS_TOONEW] = "このデータベースは新しい版の kumo で作られています。kumo を更新してください",
    [KS_ERROR] = "予期しないエラーが発生しました",
};

const char *kumo_strerror(kstatus s)
{
    return s >= 0 && s < KS__COUNT && STATUS_TEXT[s] ? STATUS_TEXT[s] : STATUS_TEXT[KS_ERROR];
}

/* Japanese text for the usual reasons a file cannot be written. */
const char *kumo_io_reason(int err)
{
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return "ディスクの空き容量が不足しています";
    case EFBIG:
        return "ファイルサイズの上限を超えました";
    case EACCES:
    case EPERM:
        return "書き込む権限がありません";
    case EROFS:
        return "読み取り専用の場所です";
    case ENOENT:
    case ENOTDIR:
        return "フォルダがありません";
    case EISDIR:
        return "フォルダを指定しています";
    case EEXIST:
        return "同じ名前のファイルがあります";
    case ENAMETOOLONG:
        return "ファイル名が長すぎます";
    default:
        return "ファイルを読み書きできません";
    }
}

const char *kumo_last_error(const kumo *k) { return k && *k->err ? k->err : ""; }

kstatus kumo_fail(kumo *k, kstatus s, const char *fmt, ...)
{
    if (!k) return s;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(k->err, sizeof k->err, fmt, ap);
        va_end(ap);
    } else {
        const char *detail = k->db ? db_errmsg(k->db) : "";
        if ((s == KS_ERROR || s == KS_IO || s == KS_CORRUPT) && detail && *detail)
            snprintf(k->err, sizeof k->err, "%s（%s）", kumo_strerror(s), detail);
        else
            snprintf(k->err, sizeof k->err, "%s", kumo_strerror(s));
    }
    text_trim_partial(k->err);   /* a message longer than the buffer ends on a whole character */
    /* a name or value the user gave is quoted in the message: never a raw control character to the terminal */
    text_sanitize_into(k->err, sizeof k->err);
    return s;
}

void kumo_step(kumo *k)
{
    if (k) k->err[0] = 0;
}

kstatus kumo_result(kumo *k, kstatus s) { return s ? kumo_fail(k, s, NULL) : KS_OK; }

kstatus kumo_check_text(kumo *k, const char *label, const char *v, size_t max_chars, bool multiline, bool required)
{
    if (!v || !*v) return required ? kumo_fail(k, KS_INVALID, "「%s」を入力してください", label) : KS_OK;
    char msg[320];
    text_problem tp = text_check(v, max_chars, multiline);
    if (tp != TEXT_OK) return kumo_fail(k, KS_INVALID, "%s", text_problem_msg(tp, label, v, max_chars, msg, sizeof msg));
    return KS_OK;
}

kstatus kumo_tx_begin(kumo *k)
{
    kaudit_reset(&k->au);   /* a new step: no record described yet */
    if (db_readonly(k->db))
        return kumo_fail(k, KS_READONLY, "読み取り専用で開いています（%s）。記録を変更する操作はできません",
                         db_readonly_why(k->db));
    kstatus s = db_begin(k->db);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

kstatus kumo_tx_end(kumo *k, kstatus s)
{
    /* the step's audit record, in the same transaction: no record, no commit */
    if (!s) s = kumo_audit_write(k);
    if (!s) s = db_commit(k->db);
    if (s) {
        db_rollback(k->db);
        if (!*k->err || s == KS_CONFLICT || s == KS_BUSY) kumo_fail(k, s, NULL);
    }
    kaudit_reset(&k->au);
    return s;
}

void kumo_tx_abort(kumo *k)
{
    db_rollback(k->db);
    kaudit_reset(&k->au);
}

#ifndef KUMO_STATEDIR
#define KUMO_STATEDIR "/var/lib/kumo"
#endif

const char *kumo_system_db_path(void) { return KUMO_STATEDIR "/kumo.db"; }

/* The user's home folder: $HOME (never read in a privileged run), else the password entry's. */
const char *kumo_home_dir(void)
{
    const char *home = secure_getenv("HOME");
    if (home && *home) return home;
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : ".";
}

void kumo_set_progress(kumo *k, kprogress_fn *fn, void *ctx)
{
    k->progress.fn = fn;
    k->progress.ctx = ctx;
}

void kumo_progress(kumo *k, const char *what, long long done, long long total)
{
    progress_report(&k->progress, what, done, total);
}

const char *kumo_default_db_path(char *buf, size_t n)
{
    if (priv_active()) {
        /* the one variable read raw in a privileged run, and only to give the privilege up: a database of the
           user's choosing is opened with the user's rights alone */
        const char *raw = getenv("KUMO_DB");
        if (raw && *raw && strcmp(raw, kumo_system_db_path())) {
            priv_drop();
            snprintf(buf, n, "%s", raw);
            return buf;
        }
        snprintf(buf, n, "%s", kumo_system_db_path());
        return buf;
    }
    const char *env = secure_getenv("KUMO_DB");
    if (env && *env) {
        snprintf(buf, n, "%s", env);
        return buf;
    }
    const char *xdg = secure_getenv("XDG_DATA_HOME");
    if (xdg && *xdg) {
        snprintf(buf, n, "%s/kumo/kumo.db", xdg);
        return buf;
    }
    snprintf(buf, n, "%s/.local/share/kumo/kumo.db", kumo_home_dir());
    return buf;
}

const char *kumo_resolve_db_path(const char *given, char *buf, size_t n)
{
    if (!given) return kumo_default_db_path(buf, n);
    if (priv_active() && strcmp(given, kumo_system_db_path())) priv_drop();
    return given;
}

kstatus kumo_open(const char *path, db_open_mode mode, kumo **out)
{
    *out = NULL;
    kumo *k = calloc(1, sizeof *k);
    if (!k) return KS_NOMEM;
    dbfile_sweep(path);   /* what a killed `kumo init` or `kumo demo` left beside it */
    kstatus s = db_open(path, mode, &k->db);
    if (s) {
        free(k);
        return s;
    }
    char v[16] = "";
    k->demo = db_setting_get(k->db, "demo", v, sizeof v) == KS_OK && !strcmp(v, "1");
    /* the demo flag lets anyone act as anyone (KUMO_USER): only when kumo itself set it, as the audit trail says —
       a flag set with sqlite3 behind kumo's back grants nothing */
    bool fits = false;
    if (k->demo && (db_audit_row_fits(k->db, AK_SETTINGS, 0, &fits) || !fits)) {
        k->demo = false;
        k->demo_unaccounted = true;
    }
    db_setting_get(k->db, "org_name", k->org, sizeof k->org);
    /* today, 年度, due dates and history times follow the organisation's zone, not the TZ of the server or cron */
    char zone[64];
    if (db_setting_get(k->db, "timezone", zone, sizeof zone) != KS_OK || !clock_set_zone(zone))
        clock_set_zone(CLOCK_DEFAULT_ZONE);
    *out = k;
    return KS_OK;
}

const char *kumo_db_path(const kumo *k) { return k ? db_path(k->db) : ""; }
bool kumo_readonly(const kumo *k) { return k && db_readonly(k->db); }
void kumo_act_on_current(kumo *k) { if (k) k->current = true; }

void kumo_set_wait(kumo *k, int max_ms, bool (*tick)(void *ctx, int waited_ms), void *ctx)
{
    if (k) db_set_wait(k->db, max_ms, tick, ctx);
}

const char *kumo_readonly_notice(const kumo *k, char *buf, size_t n)
{
    if (!kumo_readonly(k)) return "";
    snprintf(buf, n, "読み取り専用で開いています（%s）。閲覧と出力だけができます", db_readonly_why(k->db));
    text_trim_partial(buf);
    return buf;
}

void kumo_close(kumo **k)
{
    if (!k || !*k) return;
    kaudit_reset(&(*k)->au);
    db_close(&(*k)->db);
    free(*k);
    *k = NULL;
}

static const char *os_login(void)
{
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : NULL;
}

kstatus kumo_login(kumo *k, const char *as_login)
{
    kumo_step(k);
    const char *login = os_login();
    if (as_login && *as_login) {
        if (priv_started())
            return kumo_fail(k, KS_DENIED,
                             "この kumo は共有サーバー用に導入されているため、他の利用者としては操作できません。"
                             "ログイン名 %s で利用してください",
                             login ? login : "?");
        if (k->demo_unaccounted)
            return kumo_fail(k, KS_DENIED,
                             "このデータベースの設定（デモ用の印を含む）は監査証跡と一致しません（kumo を通さずに変更されて"
                             "います。kumo audit verify で確認できます）。KUMO_USER は使えません。ログイン名 %s で利用してください",
                             login ? login : "?");
        if (!k->demo)
            return kumo_fail(k, KS_DENIED,
                             "KUMO_USER（他の利用者としての操作）はデモ用データベースでのみ使えます。"
                             "このデータベースではログイン名 %s で利用してください",
                             login ? login : "?");
        login = as_login;
    }
    if (!login) return kumo_fail(k, KS_NOTFOUND, "ログイン名を取得できません");
    kuser u;
    kstatus s = db_user_by_login(k->db, login, &u);
    if (s == KS_NOTFOUND)
        return kumo_fail(k, KS_NOTFOUND,
                         "ログイン名「%s」は kumo の利用者として登録されていません。システム管理者に登録を依頼してください",
                         login);
    if (s) return kumo_fail(k, s, NULL);
    if (!u.active) return kumo_fail(k, KS_DENIED, "利用者「%s」は無効になっています", u.name);
    k->me = u;
    k->logged_in = true;
    return KS_OK;
}

void kumo_logout(kumo *k)
{
    if (k) k->logged_in = false;
}

const kuser *kumo_me(const kumo *k) { return &k->me; }
bool kumo_logged_in(const kumo *k) { return k && k->logged_in; }
bool kumo_is_demo(const kumo *k) { return k && k->demo; }
bool kumo_may_act_as_other(const kumo *k) { return kumo_is_demo(k) && !priv_started(); }
const char *kumo_org(const kumo *k) { return k ? k->org : ""; }

static const struct { const char *k, *v; } STATES[] = {
    {"draft", "下書き"}, {"submitted", "申請中"}, {"returned", "差戻し"}, {"approved", "承認済"}, {"rejected", "却下"},
};

const char *state_label(const char *state)
{
    for (size_t i = 0; i < sizeof STATES / sizeof STATES[0]; i++)
        if (state && !strcmp(STATES[i].k, state)) return STATES[i].v;
    return state ? state : "";
}

const char *state_code(const char *name)
{
    for (size_t i = 0; i < sizeof STATES / sizeof STATES[0]; i++)
        if (name && (!strcmp(STATES[i].k, name) || !strcmp(STATES[i].v, name))) return STATES[i].k;
    return NULL;
}

const char *kumo_timezone(const kumo *k)
{
    (void)k;   /* one process, one organisation: the zone kumo_open set */
    return clock_zone();
}

int kumo_review_interval(kumo *k)
{
    char v[16];
    if (db_setting_get(k->db, "review_interval_months", v, sizeof v) == KS_OK) {
        int m = atoi(v);
        /* at least once a year: a longer interval stored by an earlier kumo counts as 12 months */
        if (m >= 1 && m <= KUMO_REVIEW_INTERVAL_MAX) return m;
        if (m > KUMO_REVIEW_INTERVAL_MAX) return KUMO_REVIEW_INTERVAL_MAX;
    }
    return 12;
}

const char *service_status_label(const kservice *s, kdate today)
{
    char t[11];
    date_format(today, t, sizeof t);
    if (!strcmp(s->status, "terminated")) {
        /* ended, its 廃棄・削除完了報告 not yet accepted (003 §4(7)) */
        if (!strcmp(s->disposal_state, "pending")) return "終了処理中";
        return *s->terminated_on && strcmp(s->terminated_on, t) > 0 ? "終了予定" : "終了";
    }
    /* approved, the 導入・構築時確認 not yet recorded (003 §4(5)): the first thing the service waits for */
    if (!strcmp(s->build_state, "pending")) return "構築確認待ち";
    if ((*s->next_review_due && strcmp(s->next_review_due, t) < 0) || (*s->end_date && strcmp(s->end_date, t) < 0))
        return "要対応";
    if (*s->start_date && strcmp(s->start_date, t) <= 0) return "利用中";
    return "承認済";
}
