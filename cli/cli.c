/* The command line's machinery: the table of command groups, dispatch, usage and --help made from the table, and
   the option, argument and error helpers every command uses. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_admin.h"
#include "cli/cmd_audit.h"
#include "cli/cmd_exchange.h"
#include "cli/cmd_lifecycle.h"
#include "cli/cmd_setup.h"
#include "cli/cmd_show.h"
#include "forms/text.h"

/* Every command, group by group, in the order kumo --help lists them. */
static const cli_command *const GROUPS[] = {
    CLI_SETUP_COMMANDS, CLI_EXCHANGE_COMMANDS, CLI_LIFECYCLE_COMMANDS, CLI_SHOW_COMMANDS, CLI_ADMIN_COMMANDS,
    CLI_AUDIT_COMMANDS,
};
#define NGROUPS (sizeof GROUPS / sizeof GROUPS[0])

const cli_option CLI_GLOBAL_OPTIONS[] = {
    {"--db", "PATH", "データベースのファイル（既定: $KUMO_DB、なければ $XDG_DATA_HOME/kumo/kumo.db）", false},
    {"--help", NULL, "使い方を表示", false},
    {"--version", NULL, "版を表示", false},
    {NULL, NULL, NULL, false},
};

/* ---- messages ---- */

void cli_error(const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    text_trim_partial(msg);
    /* an argument quoted in the message (a login, a number, a file name) never sends ESC or BEL to the terminal */
    text_sanitize_into(msg, sizeof msg);
    fprintf(stderr, "kumo: %s\n", msg);
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

/* ---- the table ---- */

static bool is_word(const char *a) { return a && a[0] != '-'; }

const cli_command *cli_find(int argc, char **argv, int *words)
{
    const char *sub = argc > 1 && is_word(argv[1]) ? argv[1] : NULL;
    const cli_command *plain = NULL, *dflt = NULL;
    *words = 1;
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++) {
            if (strcmp(c->name, argv[0])) continue;
            if (c->sub && sub && !strcmp(c->sub, sub)) {
                *words = 2;
                return c;
            }
            if (!c->sub && !plain) plain = c;
            if (c->dflt && !sub && !dflt) dflt = c;
        }
    return plain ? plain : dflt;
}

static bool name_known(const char *name)
{
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++)
            if (!strcmp(c->name, name)) return true;
    return false;
}

/* Appends printf-style text to buf (of n bytes) at *len, never past its end. */
static void append(char *buf, size_t n, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= n) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *len, n - *len, fmt, ap);
    va_end(ap);
    if (w > 0) *len = *len + (size_t)w < n ? *len + (size_t)w : n - 1;
}

static void append_opt(char *buf, size_t n, size_t *len, const cli_option *o)
{
    const char *open = o->required ? "" : "[", *close = o->required ? "" : "]";
    if (o->value) append(buf, n, len, " %s%s %s%s", open, o->name, o->value, close);
    else append(buf, n, len, " %s%s%s", open, o->name, close);
}

/* A short usage line lists every option up to this many, else the required ones and [オプション]. */
#define SHORT_OPTS 4

void cli_usage_line(const cli_command *cmd, bool full, char *buf, size_t n)
{
    size_t len = 0, nopts = 0;
    buf[0] = 0;
    append(buf, n, &len, "kumo %s", cmd->name);
    if (cmd->sub) append(buf, n, &len, " %s", cmd->sub);
    if (cmd->args) append(buf, n, &len, " %s", cmd->args);
    for (const cli_option *o = cmd->opts; o && o->name; o++) nopts++;
    bool all = full || nopts <= SHORT_OPTS, more = false;
    for (const cli_option *o = cmd->opts; o && o->name; o++) {
        if (all || o->required) append_opt(buf, n, &len, o);
        else more = true;
    }
    if (more) append(buf, n, &len, " [オプション]");
    text_trim_partial(buf);
}

void cli_usage(FILE *out)
{
    fprintf(out,
            "kumo %s — クラウドサービス利用申請書兼許可書の申請・審査・台帳管理\n"
            "Cloud service use applications and approvals for Japanese local governments.\n\n"
            "使い方:\n"
            "  kumo [--db PATH]    端末画面（UI）を開く\n",
            KUMO_VERSION);
    char line[1024];
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++) {
            cli_usage_line(c, false, line, sizeof line);
            fprintf(out, "  %s\n      %s\n", line, c->summary);
        }
    fprintf(out,
            "  kumo --help | --version\n"
            "  kumo COMMAND --help   コマンドのオプションを表示\n\n"
            "データベース: --db PATH、なければ $KUMO_DB、なければ $XDG_DATA_HOME/kumo/kumo.db\n"
            "利用者: OS のログイン名（KUMO_USER による切替はデモ用データベースのみ）\n"
            "ROLE: staff dept_head approver ciso auditor admin\n");
}

/* An option as its help line begins: "--fy YEAR". */
static void option_head(const cli_option *o, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", o->name, o->value ? " " : "", o->value ? o->value : "");
}

/* The options with their help, the help lines aligned (by display width) after the longest head up to 32 columns. */
static void print_options(FILE *out, const cli_option *opts)
{
    char head[256];
    int col = 0;
    for (const cli_option *o = opts; o && o->name; o++) {
        option_head(o, head, sizeof head);
        int w = text_width(head);
        if (w > col && w <= 32) col = w;
    }
    for (const cli_option *o = opts; o && o->name; o++) {
        option_head(o, head, sizeof head);
        int pad = col - text_width(head);
        fprintf(out, "  %s%*s  %s\n", head, pad > 0 ? pad : 0, "", o->help);
    }
}

/* kumo COMMAND --help: the usage line, what it does and every option. */
static void command_help(FILE *out, const cli_command *cmd)
{
    char line[1024];
    cli_usage_line(cmd, true, line, sizeof line);
    fprintf(out, "%s\n  %s\n", line, cmd->summary);
    print_options(out, cmd->opts);
}

int cli_usage_error(const cli_ctx *c)
{
    char line[1024];
    cli_usage_line(c->cmd, true, line, sizeof line);
    cli_error("使い方: %s", line);
    return 2;
}

/* ---- options and arguments ---- */

static bool takes_value(const cli_ctx *c, const char *arg)
{
    const cli_option *tables[] = {c->cmd ? c->cmd->opts : NULL, CLI_GLOBAL_OPTIONS};
    for (size_t t = 0; t < 2; t++)
        for (const cli_option *o = tables[t]; o && o->name; o++)
            if (o->value && !strcmp(o->name, arg)) return true;
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

const char *cli_opt_or(cli_ctx *c, const char *name, const char *def)
{
    const char *v = cli_opt(c, name);
    return v ? v : def;
}

bool cli_flag(cli_ctx *c, const char *name)
{
    for (int i = 1; i < c->argc; i++)
        if (!strcmp(c->argv[i], name)) return true;
    return false;
}

const char *cli_arg(cli_ctx *c, int want)
{
    int seen = 0;
    for (int i = c->words; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (a[0] == '-' && a[1]) {
            if (takes_value(c, a)) i++;
            continue;
        }
        if (seen++ == want) return a;
    }
    return NULL;
}

const char *cli_output(cli_ctx *c, const char *ext)
{
    const char *out = cli_opt(c, "-o");
    if (out && *out) return out;
    cli_error("出力先を -o FILE.%s で指定してください", ext);
    return NULL;
}

/* ---- the session ---- */

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
    s = kumo_login(k, secure_getenv("KUMO_USER"));
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
        return NULL;
    }
    return k;
}

/* ---- start and dispatch ---- */

int cli_start(cli_ctx *c, int argc, char **argv, char *defpath, size_t n)
{
    memset(c, 0, sizeof *c);
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) c->db_path = argv[++i];
        else if (!strncmp(argv[i], "--db=", 5)) c->db_path = argv[i] + 5;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { cli_usage(stdout); return 0; }
        else if (!strcmp(argv[i], "--version")) { printf("kumo %s\n", KUMO_VERSION); return 0; }
        else break;
    }
    /* a privileged run given another database gives the privilege up here, before anything is opened */
    c->db_path = kumo_resolve_db_path(c->db_path, defpath, n);
    c->argc = argc - i;
    c->argv = argv + i;
    return -1;
}

/* Every form of the command named `name`, as --help shows one. */
static void forms_help(FILE *out, const char *name)
{
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *r = GROUPS[g]; r->name; r++)
            if (!strcmp(r->name, name)) command_help(out, r);
}

int cli_run(cli_ctx *c)
{
    c->cmd = cli_find(c->argc, c->argv, &c->words);
    bool help = cli_flag(c, "--help");
    if (!c->cmd && !name_known(c->argv[0])) {
        cli_error("不明なコマンドです: %s（kumo --help を参照）", c->argv[0]);
        return 2;
    }
    if (help) {
        /* kumo review --help shows review, review respond and review list; kumo review list --help the one */
        if (c->cmd && c->words == 2) command_help(stdout, c->cmd);
        else forms_help(stdout, c->argv[0]);
        return 0;
    }
    if (!c->cmd) {
        /* the first word of a command that needs a second one */
        cli_error("%s の後に次のいずれかを指定してください", c->argv[0]);
        forms_help(stderr, c->argv[0]);
        return 2;
    }
    return c->cmd->fn(c);
}
