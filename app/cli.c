/* Commands of the command line that manage the database itself: init, user, dept, show. */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/admin.h"
#include "app/cli.h"
#include "forms/text.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kumo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_status_error(kumo *k, kstatus s)
{
    const char *m = kumo_last_error(k);
    cli_error("%s", *m ? m : kumo_strerror(s));
}

int cli_done(kumo **k, kstatus s)
{
    if (s) cli_status_error(*k, s);
    kumo_close(k);
    return s ? 1 : 0;
}

const char *cli_output(cli_ctx *c, const char *ext)
{
    const char *out = cli_opt(c, "-o");
    if (out && *out) return out;
    cli_error("出力先を -o FILE.%s で指定してください", ext);
    return NULL;
}

/* Every option of every command that takes a value (so that its value is not taken for an argument). */
static bool takes_value(const char *opt)
{
    static const char *const V[] = {
        "--org", "--rows", "-o", "--role", "--dept", "--section", "--name", "--encoding", "--fy", "--within", "--db",
        /* kumo review, terminate, manager */
        "--date", "--status", "--users", "--terms-changed", "--change-detail", "--incident", "--incident-detail",
        "--inappropriate", "--referred-to", "--answers", "--end-date", "--plan", "--plan-reason", "--notice-date",
        "--disposal", "--disposal-note", "--accounts", "--privileged-accounts", "--special-accounts", "--remarks",
        "--comment", "--reason", NULL};
    for (const char *const *p = V; *p; p++)
        if (!strcmp(*p, opt)) return true;
    return false;
}

const char *cli_opt(cli_ctx *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < c->argc; i++) {
        if (!strcmp(c->argv[i], name)) return i + 1 < c->argc ? c->argv[i + 1] : "";
        if (!strncmp(c->argv[i], name, n) && c->argv[i][n] == '=') return c->argv[i] + n + 1;
    }
    return NULL;
}

bool cli_flag(cli_ctx *c, const char *name)
{
    for (int i = 1; i < c->argc; i++)
        if (!strcmp(c->argv[i], name)) return true;
    return false;
}

const char *cli_arg(cli_ctx *c, int want, int skip_words)
{
    int seen = 0;
    for (int i = 1 + skip_words; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (a[0] == '-' && a[1]) {
            if (takes_value(a)) i++;
            continue;
        }
        if (seen++ == want) return a;
    }
    return NULL;
}

kumo *cli_session(cli_ctx *c)
{
    kumo *k = NULL;
    kstatus s = kumo_open(c->db_path, DB_OPEN_EXISTING, &k);
    if (s == KS_NOTFOUND) {
        cli_error("データベース %s がありません。kumo init --org 団体名 で作成してください", c->db_path);
        return NULL;
    }
    if (s) {
        cli_error("データベース %s を開けません: %s", c->db_path, kumo_strerror(s));
        return NULL;
    }
    s = kumo_login(k, getenv("KUMO_USER"));
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
        return NULL;
    }
    return k;
}

/* mkdir -p of the folder that will hold path. */
static int make_parent(const char *path)
{
    char buf[PATH_MAX];
    if (strlen(path) >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf) return 0;
    *slash = 0;
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0700) && errno != EEXIST) return -1;
            *p = '/';
        }
    }
    if (mkdir(buf, 0700) && errno != EEXIST) return -1;
    return 0;
}

int cli_init(cli_ctx *c)
{
    const char *org = cli_opt(c, "--org");
    if (!org || !*org) {
        cli_error("団体名を --org で指定してください（例: kumo init --org むつ市）");
        return 2;
    }
    if (!text_valid_utf8(org, strlen(org)) || text_has_control(org) || text_chars(org) > 60) {
        cli_error("団体名は制御文字を含まない60文字以内の UTF-8 で指定してください");
        return 2;
    }
    struct passwd *pw = getpwuid(getuid());
    if (!pw) {
        cli_error("OS のログイン名を取得できません");
        return 1;
    }
    if (make_parent(c->db_path)) {
        cli_error("フォルダを作成できません: %s: %s", c->db_path, kumo_io_reason(errno));
        return 1;
    }
    const char *name = cli_opt(c, "--name");
    if (name && *name && text_check(name, 40, false) != TEXT_OK) {
        /* as 氏名 anywhere else (admin_add_user): the users field holds 40 characters */
        cli_error("氏名（--name）は制御文字を含まない40文字以内の UTF-8 で指定してください");
        return 2;
    }
    kstatus s = kumo_init(c->db_path, org, pw->pw_name, name && *name ? name : pw->pw_name);
    if (s == KS_EXISTS) {
        cli_error("%s は既にあります。上書きしません", c->db_path);
        return 1;
    }
    if (s) {
        cli_error("データベースを作成できません: %s", kumo_strerror(s));
        return 1;
    }
    printf("%s を作成しました（団体名: %s、システム管理者: %s）\n", c->db_path, org, pw->pw_name);
    return 0;
}

int cli_demo(cli_ctx *c)
{
    const char *rows = cli_opt(c, "--rows");
    long n = 0;
    if (rows) {
        char *end;
        n = strtol(rows, &end, 10);
        if (*end || n < 0 || n > 2000000) {
            cli_error("--rows は 0〜2000000 の整数で指定してください");
            return 2;
        }
    }
    if (make_parent(c->db_path)) {
        cli_error("フォルダを作成できません: %s: %s", c->db_path, kumo_io_reason(errno));
        return 1;
    }
    kstatus s = kumo_demo(c->db_path, n, cli_flag(c, "--force"));
    if (s == KS_EXISTS) {
        cli_error("%s はデモ用ではないデータベースです。上書きしません", c->db_path);
        return 1;
    }
    if (s) {
        cli_error("デモ用データベースを作成できません: %s", kumo_strerror(s));
        return 1;
    }
    printf("デモ用データベース %s を作成しました。kumo --db %s で開き、利用者を選んでください\n", c->db_path,
           c->db_path);
    return 0;
}

int cli_dept(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return 1;
    const char *sub = c->argc > 1 ? c->argv[1] : "list";
    int rc = 0;
    if (!strcmp(sub, "list")) {
        kdept *v;
        size_t n;
        kstatus s = db_dept_list(k->db, &v, &n);
        if (s) { cli_status_error(k, kumo_fail(k, s, NULL)); rc = 1; }
        for (size_t i = 0; !s && i < n; i++) printf("%s\n", v[i].name);
        if (!s) free(v);
    } else if (!strcmp(sub, "add") && c->argc > 2) {
        const char *name = c->argv[2];
        kstatus s = admin_add_dept(k, name);
        if (s) {
            cli_status_error(k, s);
            rc = s == KS_INVALID ? 2 : 1;
        } else {
            printf("部局「%s」を追加しました\n", name);
        }
    } else {
        cli_error("使い方: kumo dept list | kumo dept add 部局名");
        rc = 2;
    }
    kumo_close(&k);
    return rc;
}

int cli_user(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return 1;
    const char *sub = c->argc > 1 ? c->argv[1] : "list";
    int rc = 0;
    if (!strcmp(sub, "list")) {
        kuser *v;
        size_t n;
        /* the directory of users with their roles: for those who administer or see everything */
        kstatus s = policy_may_administer(&k->me, NULL, 0) || policy_sees_all(k->me.role)
                        ? db_user_list_ex(k->db, NULL, 0, true, &v, &n)
                        : kumo_fail(k, KS_DENIED, "利用者の一覧はシステム管理者・統括情報セキュリティ責任者・監査が見られます");
        if (s) { cli_status_error(k, *kumo_last_error(k) ? s : kumo_fail(k, s, NULL)); rc = 1; }
        for (size_t i = 0; !s && i < n; i++)
            printf("%s\t%s\t%s\t%s\t%s\t%s\n", v[i].login, v[i].name, v[i].role, role_label(v[i].role),
                   v[i].dept_name, v[i].active ? "有効" : "無効");
        if (!s) free(v);
    } else if (!strcmp(sub, "set") || !strcmp(sub, "disable") || !strcmp(sub, "enable")) {
        /* 人事異動 and leaving: change what is given, keep the rest */
        const char *login = cli_arg(c, 0, 1);
        kuser u;
        if (!login || db_user_by_login(k->db, login, &u) != KS_OK) {
            cli_error("利用者「%s」がいません", login ? login : "");
            rc = 2;
        } else {
            kstatus s;
            if (!strcmp(sub, "set")) {
                const char *name = cli_opt(c, "--name"), *role = cli_opt(c, "--role"), *dept = cli_opt(c, "--dept"),
                           *section = cli_opt(c, "--section");
                s = admin_update_user(k, u.id, name ? name : u.name, role ? role : u.role,
                                      dept ? dept : u.dept_name, section ? section : u.section);
            } else {
                s = admin_set_active(k, u.id, !strcmp(sub, "enable"));
            }
            if (s) {
                cli_status_error(k, s);
                rc = s == KS_INVALID ? 2 : 1;
            } else {
                printf("利用者 %s を変更しました\n", login);
            }
        }
    } else if (!strcmp(sub, "add")) {
        const char *login = cli_arg(c, 0, 1), *name = cli_arg(c, 1, 1);
        const char *role = cli_opt(c, "--role"), *dept = cli_opt(c, "--dept"), *section = cli_opt(c, "--section");
        if (!login || !name || !role) {
            cli_error("使い方: kumo user add LOGIN 氏名 --role staff|dept_head|approver|ciso|auditor|admin --dept 部局 [--section 課]");
            rc = 2;
        } else {
            kstatus s = admin_add_user(k, login, name, role, dept, section);
            if (s) {
                cli_status_error(k, s);
                rc = s == KS_INVALID ? 2 : 1;
            } else {
                printf("利用者 %s（%s、%s）を追加しました\n", login, name, role_label(role));
            }
        }
    } else {
        cli_error("使い方: kumo user list | add LOGIN 氏名 --role ROLE --dept 部局 | set LOGIN [--name 氏名] [--role ROLE] "
                  "[--dept 部局] [--section 課] | disable LOGIN | enable LOGIN");
        rc = 2;
    }
    kumo_close(&k);
    return rc;
}

int cli_show(cli_ctx *c)
{
    const char *no = cli_arg(c, 0, 0);
    if (!no) {
        cli_error("使い方: kumo show 申請番号");
        return 2;
    }
    kumo *k = cli_session(c);
    if (!k) return 1;
    kapp a;
    kstatus s = q_app_by_no(k, no, &a);   /* not found, or not the user's to see */
    if (s) return cli_done(&k, s);
    printf("申請番号\t%s\n状態\t%s\n区分\t%s\n申請部局\t%s\n申請者\t%s\n申請日\t%s\n", a.app_no, state_label(a.state),
           form_track_label(form_track_from_code(a.track)), a.dept_name, a.applicant_name, a.applied_on);
    for (int f = 0; f < FF_COUNT; f++) printf("%s\t%s\n", form_field_def((form_field)f)->label, a.v[f]);
    printf("審査結果\t%s\n審査意見・条件\t%s\n審査日\t%s\n承認番号\t%s\n許可権限者\t%s\nクラウドサービス管理者\t%s\n"
           "次回利用状況確認期限\t%s\n",
           a.decision, a.decision_comment, a.decided_on, a.approval_no, a.decided_by_name, a.manager_name,
           a.next_review_due);
    khist *h;
    size_t n;
    if (db_history_list(k->db, a.id, 0, &h, &n) == KS_OK) {
        printf("履歴\n");
        for (size_t i = 0; i < n; i++)
            printf("  %s\t%s\t%s\t%s→%s\t%s\n", h[i].at, h[i].user, h[i].action, state_label(h[i].from_state),
                   state_label(h[i].to_state), h[i].comment);
        db_history_free(h, n);
    }
    kapp_free(&a);
    kumo_close(&k);
    return 0;
}
