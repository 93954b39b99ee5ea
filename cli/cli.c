/* The command line's machinery: the table of command groups, the reading of a command line against its row, dispatch,
   the usage text, --help and the README's and man page's command lists made from the table, and the option,
   argument, progress and error helpers every command uses. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd_admin.h"
#include "cli/cmd_app.h"
#include "cli/cmd_audit.h"
#include "cli/cmd_backup.h"
#include "cli/cmd_exception.h"
#include "cli/cmd_exchange.h"
#include "cli/cmd_lifecycle.h"
#include "cli/cmd_mail.h"
#include "cli/cmd_regulation.h"
#include "cli/cmd_setup.h"
#include "cli/cmd_show.h"
#include "forms/text.h"

/* Every command, group by group, in the order kumo --help lists them. */
static const cli_command *const GROUPS[] = {
    CLI_SETUP_COMMANDS, CLI_APP_COMMANDS, CLI_EXCHANGE_COMMANDS, CLI_LIFECYCLE_COMMANDS, CLI_EXCEPTION_COMMANDS,
    CLI_REGULATION_COMMANDS, CLI_SHOW_COMMANDS, CLI_ADMIN_COMMANDS, CLI_AUDIT_COMMANDS, CLI_BACKUP_COMMANDS, CLI_MAIL_COMMANDS,
};
#define NGROUPS (sizeof GROUPS / sizeof GROUPS[0])

const cli_command *const *cli_groups(size_t *n)
{
    *n = NGROUPS;
    return GROUPS;
}

const cli_option CLI_GLOBAL_OPTIONS[] = {
    {"--db", "PATH", "データベースのファイル（既定: $KUMO_DB、なければ $XDG_DATA_HOME/kumo/kumo.db）", false, NULL, NULL},
    {"-q", NULL, "進捗と完了の知らせを表示しない（エラーは表示する）", false, NULL, "--quiet"},
    {"--help", NULL, "使い方を表示", false, NULL, "-h"},
    {"--version", NULL, "版を表示", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_exit_doc CLI_EXIT_CODES[] = {
    {CLI_OK, "完了（kumo due: 期限を超過した項目がない。期限の近い項目だけなら一覧にして0。kumo audit verify: 監査証跡は完全）"},
    {CLI_FOUND, "確認で該当があった（kumo due: 期限を超過した項目がある。kumo app check: 提出を妨げる項目がある。kumo audit "
                "verify: 不一致がある。kumo backup: 作成したが監査証跡に不一致がある）"},
    {CLI_USAGE, "コマンドラインの誤り（不明なコマンド・オプション、引数や値の不足、値の形式）。何もしていない"},
    {CLI_ERROR, "実行できなかった（データベース、権限、入力の規則、ファイルの読み書き）。理由を標準エラー出力に表示する"},
    {0, NULL},
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

void cli_notice(cli_ctx *c, const char *fmt, ...)
{
    if (c->quiet) return;
    const char *out = cli_opt(c, "-o");
    FILE *f = out && !strcmp(out, OUTFILE_STDOUT) ? stderr : stdout;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
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
    return s ? CLI_ERROR : CLI_OK;
}

/* A word typed on the command line, for a message: control characters never reach the terminal. */
static void error_with_word(const char *fmt, const char *word)
{
    char *clean = text_sanitize(word);
    cli_error(fmt, clean ? clean : "");
    free(clean);
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

/* ---- usage lines, in plain text or roff ---- */

/* How a usage line is written: plain, or roff with bold words and options and italic values. */
typedef enum { STYLE_TEXT, STYLE_ROFF } usage_style;

/* Text for roff: a '-' is \-, a backslash \e. */
static void append_roff(char *buf, size_t n, size_t *len, const char *s)
{
    for (; *s; s++) {
        if (*s == '-') append(buf, n, len, "\\-");
        else if (*s == '\\') append(buf, n, len, "\\e");
        else append(buf, n, len, "%c", *s);
    }
}

/* A token of the usage line: bold (command words, option names) or italic (values, arguments). Brackets and the |
   between choices stay roman. */
static void append_token(char *buf, size_t n, size_t *len, usage_style st, bool bold, const char *s)
{
    if (st == STYLE_TEXT) {
        append(buf, n, len, "%s", s);
        return;
    }
    append(buf, n, len, bold ? "\\fB" : "\\fI");
    append_roff(buf, n, len, s);
    append(buf, n, len, "\\fR");
}

/* The arguments of a row ("承認番号 ログイン名", "[X]"), each word styled as a value. */
static void append_args(char *buf, size_t n, size_t *len, usage_style st, const char *args)
{
    char word[256];
    for (const char *p = args; *p;) {
        while (*p == ' ') p++;
        size_t w = strcspn(p, " ");
        if (!w) break;
        snprintf(word, sizeof word, "%.*s", (int)w, p);
        p += w;
        bool opt = word[0] == '[';
        size_t wl = strlen(word);
        if (opt && wl >= 2 && word[wl - 1] == ']') word[wl - 1] = 0;
        append(buf, n, len, " %s", opt ? "[" : "");
        append_token(buf, n, len, st, false, opt ? word + 1 : word);
        if (opt) append(buf, n, len, "]");
    }
}

static void append_opt(char *buf, size_t n, size_t *len, usage_style st, const cli_option *o)
{
    append(buf, n, len, " %s", o->required ? "" : "[");
    append_token(buf, n, len, st, true, o->name);
    if (o->value) {
        append(buf, n, len, " ");
        append_token(buf, n, len, st, false, o->value);
    }
    if (!o->required) append(buf, n, len, "]");
}

/* A short usage line lists every option up to this many, else the required ones and [オプション]. */
#define SHORT_OPTS 4

static void usage_line(const cli_command *cmd, bool full, usage_style st, char *buf, size_t n)
{
    size_t len = 0, nopts = 0;
    buf[0] = 0;
    char words[128];
    snprintf(words, sizeof words, "kumo %s%s%s", cmd->name, cmd->sub ? " " : "", cmd->sub ? cmd->sub : "");
    append_token(buf, n, &len, st, true, words);
    if (cmd->args) append_args(buf, n, &len, st, cmd->args);
    for (const cli_option *o = cmd->opts; o && o->name; o++) nopts++;
    bool all = full || nopts <= SHORT_OPTS, more = false;
    for (const cli_option *o = cmd->opts; o && o->name; o++) {
        if (all || o->required) append_opt(buf, n, &len, st, o);
        else more = true;
    }
    if (more) append(buf, n, &len, " [オプション]");
    text_trim_partial(buf);
}

void cli_usage_line(const cli_command *cmd, bool full, char *buf, size_t n)
{
    usage_line(cmd, full, STYLE_TEXT, buf, n);
}

/* The list of commands: each short usage line and what it does (kumo --help and the README). */
static void command_list(FILE *out, const char *indent)
{
    char line[1024];
    fprintf(out, "%skumo [--db PATH] [-q]\n%s    端末画面（UI）を開く\n", indent, indent);
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++) {
            cli_usage_line(c, false, line, sizeof line);
            fprintf(out, "%s%s\n%s    %s\n", indent, line, indent, c->summary);
        }
    fprintf(out, "%skumo --help | --version\n%skumo COMMAND --help\n%s    コマンドの形と全オプションを表示\n", indent,
            indent, indent);
}

void cli_usage(FILE *out)
{
    fprintf(out,
            "kumo %s — クラウドサービス利用申請書兼許可書の申請・審査・台帳管理\n"
            "Cloud service use applications and approvals for Japanese local governments.\n\n"
            "使い方:\n",
            KUMO_VERSION);
    command_list(out, "  ");
    fprintf(out,
            "\nデータベース: --db PATH、なければ $KUMO_DB、なければ $XDG_DATA_HOME/kumo/kumo.db\n"
            "利用者: OS のログイン名（KUMO_USER による切替はデモ用データベースのみ）\n"
            "ROLE: staff dept_head approver ciso auditor admin\n"
            "-o - は標準出力に書き出す。-q は進捗と完了の知らせを表示しない\n"
            "終了コード:");
    for (const cli_exit_doc *e = CLI_EXIT_CODES; e->text; e++) fprintf(out, "\n  %d  %s", e->code, e->text);
    fputc('\n', out);
}

void cli_help_markdown(FILE *out)
{
    fputs("```\n", out);
    command_list(out, "");
    fputs("```\n\nExit status (every command):\n\n", out);
    for (const cli_exit_doc *e = CLI_EXIT_CODES; e->text; e++) fprintf(out, "- `%d` %s\n", e->code, e->text);
}

/* A line of roff text: '-' escaped, and a line that would begin with '.' or '\'' kept from being a request. */
static void roff_text(FILE *out, const char *s)
{
    char buf[2048];
    size_t len = 0;
    buf[0] = 0;
    if (*s == '.' || *s == '\'') append(buf, sizeof buf, &len, "\\&");
    append_roff(buf, sizeof buf, &len, s);
    fprintf(out, "%s\n", buf);
}

static void roff_options(FILE *out, const cli_option *opts)
{
    char buf[1024];
    for (const cli_option *o = opts; o && o->name; o++) {
        size_t len = 0;
        buf[0] = 0;
        append_token(buf, sizeof buf, &len, STYLE_ROFF, true, o->name);
        if (o->alias) {
            append(buf, sizeof buf, &len, ", ");
            append_token(buf, sizeof buf, &len, STYLE_ROFF, true, o->alias);
        }
        if (o->value) {
            append(buf, sizeof buf, &len, " ");
            append_token(buf, sizeof buf, &len, STYLE_ROFF, false, o->value);
        }
        fprintf(out, ".TP\n%s\n", buf);
        char text[1024];
        snprintf(text, sizeof text, "%s%s%s%s", o->help, o->needs ? "（" : "", o->needs ? o->needs : "",
                 o->needs ? " と一緒に指定）" : "");
        roff_text(out, text);
    }
}

static void man_synopsis(FILE *out)
{
    char line[2048];
    fputs(".SH SYNOPSIS\n.nf\n", out);
    size_t len = 0;
    line[0] = 0;
    append_token(line, sizeof line, &len, STYLE_ROFF, true, "kumo");
    for (const cli_option *o = CLI_GLOBAL_OPTIONS; o->name; o++)
        if (strcmp(o->name, "--help") && strcmp(o->name, "--version")) append_opt(line, sizeof line, &len, STYLE_ROFF, o);
    fprintf(out, "%s\n", line);
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++) {
            usage_line(c, false, STYLE_ROFF, line, sizeof line);
            fprintf(out, "%s\n", line);
        }
    fputs("\\fBkumo\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR\n.fi\n", out);
}

static void man_commands(FILE *out)
{
    char line[2048];
    /* left-aligned, no hyphenation: long usage lines and Japanese text are not stretched or split */
    fputs(".ad l\n.nh\n.SH OPTIONS\nBefore the command, or among its options (except\n.BR \\-\\-version ).\n", out);
    roff_options(out, CLI_GLOBAL_OPTIONS);

    fputs(".SH COMMANDS\nEach command also shows this with\n.BR \"kumo \\fICOMMAND\\fB \\-\\-help\" .\n"
          "An option the command does not list is refused (exit status 2).\n", out);
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *c = GROUPS[g]; c->name; c++) {
            usage_line(c, true, STYLE_ROFF, line, sizeof line);
            fprintf(out, ".TP\n%s\n", line);
            roff_text(out, c->summary);
            if (c->opts && c->opts->name) {
                fputs(".RS\n", out);
                roff_options(out, c->opts);
                fputs(".RE\n", out);
            }
        }

    fputs(".SH \"EXIT STATUS\"\nThe same for every command:\n", out);
    for (const cli_exit_doc *e = CLI_EXIT_CODES; e->text; e++) {
        fprintf(out, ".TP\n.B %d\n", e->code);
        roff_text(out, e->text);
    }
}

bool cli_help_man(FILE *out, const char *part)
{
    if (!part || !strcmp(part, "synopsis")) man_synopsis(out);
    if (!part || !strcmp(part, "commands")) man_commands(out);
    return !part || !strcmp(part, "synopsis") || !strcmp(part, "commands");
}

/* An option as its help line begins: "--fy YEAR", "-q, --quiet". */
static void option_head(const cli_option *o, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s%s%s", o->name, o->alias ? ", " : "", o->alias ? o->alias : "", o->value ? " " : "",
             o->value ? o->value : "");
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
        fprintf(out, "  %s%*s  %s%s%s%s\n", head, pad > 0 ? pad : 0, "", o->help, o->needs ? "（" : "",
                o->needs ? o->needs : "", o->needs ? " と一緒に指定）" : "");
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
    cli_error("使い方: %s（詳しくは kumo %s%s%s --help）", line, c->cmd->name, c->cmd->sub ? " " : "",
              c->cmd->sub ? c->cmd->sub : "");
    return CLI_USAGE;
}

/* ---- reading the command line ---- */

/* The option of the table named by the first len bytes of arg (its name or alias). */
static const cli_option *find_option(const cli_option *opts, const char *arg, size_t len)
{
    for (const cli_option *o = opts; o && o->name; o++) {
        if (strlen(o->name) == len && !strncmp(o->name, arg, len)) return o;
        if (o->alias && strlen(o->alias) == len && !strncmp(o->alias, arg, len)) return o;
    }
    return NULL;
}

static bool is_help(const char *a) { return !strcmp(a, "--help") || !strcmp(a, "-h"); }

/* How many arguments a row takes: at least *min, at most *max (-1: any number). */
static void arg_counts(const cli_command *cmd, int *min, int *max)
{
    *min = *max = 0;
    if (!cmd->args) return;
    for (const char *p = cmd->args; *p;) {
        while (*p == ' ') p++;
        size_t w = strcspn(p, " ");
        if (!w) break;
        bool optional = *p == '[', many = w >= 3 && !strncmp(p + w - 3, "...", 3);
        if (!optional) ++*min;
        if (many) *max = -1;
        else if (*max >= 0) ++*max;
        p += w;
    }
}

static int given_index(const cli_ctx *c, const cli_option *o)
{
    for (int i = 0; i < c->ngiven; i++)
        if (c->given[i].opt == o) return i;
    return -1;
}

int cli_parse(cli_ctx *c)
{
    c->ngiven = c->nargs = 0;
    bool only_args = false;
    for (int i = c->words; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (!only_args && !strcmp(a, "--")) {
            only_args = true;
            continue;
        }
        if (only_args || a[0] != '-' || !a[1]) {
            if (c->nargs == CLI_MAX_ARGS) {
                error_with_word("引数が多すぎます: %s", a);
                return cli_usage_error(c);
            }
            c->args[c->nargs++] = a;
            continue;
        }
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const cli_option *o = find_option(c->cmd->opts, a, len);
        if (!o) o = find_option(CLI_GLOBAL_OPTIONS, a, len);
        if (!o || !strcmp(o->name, "--version")) {
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), a);
            text_trim_partial(name);
            char *clean = text_sanitize(name);
            cli_error("不明なオプションです: %s（kumo %s%s%s --help を参照）", clean ? clean : "", c->cmd->name,
                      c->cmd->sub ? " " : "", c->cmd->sub ? c->cmd->sub : "");
            free(clean);
            return CLI_USAGE;
        }
        const char *value = "";
        if (o->value) {
            if (eq) value = eq + 1;
            else if (i + 1 < c->argc) value = c->argv[++i];
            else {
                cli_error("オプション %s には値（%s）を指定してください", o->name, o->value);
                return cli_usage_error(c);
            }
        } else if (eq) {
            cli_error("オプション %s は値をとりません", o->name);
            return cli_usage_error(c);
        }
        if (given_index(c, o) >= 0) {
            cli_error("オプション %s が2回指定されています", o->name);
            return CLI_USAGE;
        }
        if (c->ngiven == CLI_MAX_GIVEN) {
            cli_error("オプションが多すぎます");
            return CLI_USAGE;
        }
        if (!strcmp(o->name, "--db")) {
            if (!*value) {
                cli_error("--db にはデータベースのファイルを指定してください");
                return CLI_USAGE;
            }
            c->db_path = value;
        }
        if (!strcmp(o->name, "-q")) c->quiet = true;
        c->given[c->ngiven].opt = o;
        c->given[c->ngiven].value = value;
        c->ngiven++;
    }
    for (int i = 0; i < c->ngiven; i++) {
        const cli_option *o = c->given[i].opt;
        if (o->needs && !cli_opt(c, o->needs)) {
            cli_error("オプション %s は %s と一緒に指定してください", o->name, o->needs);
            return cli_usage_error(c);
        }
    }
    for (const cli_option *o = c->cmd->opts; o && o->name; o++)
        if (o->required && given_index(c, o) < 0) {
            cli_error("%s %s を指定してください（%s）", o->name, o->value ? o->value : "", o->help);
            return cli_usage_error(c);
        }
    int min, max;
    arg_counts(c->cmd, &min, &max);
    if (c->nargs < min) return cli_usage_error(c);
    if (max >= 0 && c->nargs > max) {
        error_with_word("余分な引数です: %s", c->args[max]);
        return cli_usage_error(c);
    }
    return -1;
}

const char *cli_opt(cli_ctx *c, const char *name)
{
    for (int i = 0; i < c->ngiven; i++) {
        const cli_option *o = c->given[i].opt;
        if (!strcmp(o->name, name) || (o->alias && !strcmp(o->alias, name))) return c->given[i].value;
    }
    return NULL;
}

const char *cli_opt_or(cli_ctx *c, const char *name, const char *def)
{
    const char *v = cli_opt(c, name);
    return v ? v : def;
}

bool cli_flag(cli_ctx *c, const char *name) { return cli_opt(c, name) != NULL; }

const char *cli_arg(cli_ctx *c, int i) { return i >= 0 && i < c->nargs ? c->args[i] : NULL; }

const char *cli_output(cli_ctx *c, const char *ext)
{
    const char *out = cli_opt(c, "-o");
    if (!out || !*out) {
        cli_error("出力先を -o FILE%s%s で指定してください（標準出力は -o -）", ext ? "." : "", ext ? ext : "");
        return NULL;
    }
    /* Excel files and databases are binary: never onto a terminal */
    bool binary = !ext || !strcmp(ext, "xlsx");
    if (!strcmp(out, OUTFILE_STDOUT)) {
        if (binary && isatty(STDOUT_FILENO)) {
            cli_error("%sは端末には出力しません。-o - はパイプ又はリダイレクトと一緒に使ってください（例: > %s）",
                      ext ? "Excel ファイル" : "バイナリのファイル", ext ? "台帳.xlsx" : "kumo-backup.db");
            return NULL;
        }
        return out;
    }
    struct stat st;
    size_t len = strlen(out);
    if (out[len - 1] == '/' || (stat(out, &st) == 0 && S_ISDIR(st.st_mode))) {
        error_with_word("出力先 %s はフォルダです。ファイル名まで指定してください", out);
        return NULL;
    }
    if (!ext) return out;
    const char *slash = strrchr(out, '/'), *base = slash ? slash + 1 : out, *dot = strrchr(base, '.');
    if (!dot || dot == base || strcasecmp(dot + 1, ext)) {
        char *clean = text_sanitize(out);
        cli_error("出力先 %s の拡張子が出力の形式と合いません。この出力は .%s で指定してください%s", clean ? clean : "",
                  ext,
                  c->cmd && !strcmp(c->cmd->name, "export") && c->cmd->sub && !strcmp(c->cmd->sub, "register")
                      ? (binary ? "（CSV は --csv を付けます）" : "（Excel は --csv を付けません）")
                      : "");
        free(clean);
        return NULL;
    }
    return out;
}

bool cli_fy(cli_ctx *c, const char *name, int *fy)
{
    const char *v = cli_opt(c, name);
    if (!v) {
        *fy = date_fiscal_year(date_today());
        return true;
    }
    if (date_parse_fy(v, fy)) return true;
    cli_error("%s は年度を西暦又は令和で指定してください（例: %s 2026、%s R8、%s 令和8）", name, name, name, name);
    return false;
}

/* ---- progress on stderr ---- */

typedef struct progress_line {
    long long last_ms;   /* when it was last drawn */
    int width;           /* columns drawn, to clear them */
} progress_line;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void progress_draw(void *ctx, const char *what, long long done, long long total)
{
    progress_line *p = ctx;
    bool end = done == total;
    long long t = now_ms();
    if (!end && done && t - p->last_ms < 100) return;
    p->last_ms = t;
    char line[256];
    if (end) line[0] = 0;
    else if (total > 0) snprintf(line, sizeof line, "%s… %lld / %lld 件（%lld%%）", what, done, total, done * 100 / total);
    else snprintf(line, sizeof line, "%s… %lld 件", what, done);
    int w = text_width(line);
    fprintf(stderr, "\r%s%*s\r", line, p->width > w ? p->width - w : 0, "");
    if (!end) fputs(line, stderr);
    fflush(stderr);
    p->width = end ? 0 : w;
}

kprogress cli_progress(cli_ctx *c)
{
    static progress_line line;
    kprogress p = {NULL, NULL};
    if (!c->quiet && isatty(STDERR_FILENO)) {
        p.fn = progress_draw;
        p.ctx = &line;
    }
    return p;
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
    kumo_act_on_current(k);   /* a command names a record; it never showed one that could be stale */
    s = kumo_login(k, secure_getenv("KUMO_USER"));
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
        return NULL;
    }
    kprogress p = cli_progress(c);
    kumo_set_progress(k, p.fn, p.ctx);
    return k;
}

/* ---- start and dispatch ---- */

int cli_start(cli_ctx *c, int argc, char **argv, char *defpath, size_t n)
{
    memset(c, 0, sizeof *c);
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) break;   /* the command */
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        /* the README's and man page's command lists (make docs): not for people, so not in --help */
        if (!strcmp(a, "--help-markdown")) { cli_help_markdown(stdout); return CLI_OK; }
        if (!strcmp(a, "--help-man")) return cli_help_man(stdout, i + 1 < argc ? argv[i + 1] : NULL) ? CLI_OK : CLI_USAGE;
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const cli_option *o = find_option(CLI_GLOBAL_OPTIONS, a, len);
        if (!o) {
            error_with_word("不明なオプションです: %s（kumo --help を参照）", a);
            return CLI_USAGE;
        }
        if (!strcmp(o->name, "--help")) { cli_usage(stdout); return CLI_OK; }
        if (!strcmp(o->name, "--version")) { printf("kumo %s\n", KUMO_VERSION); return CLI_OK; }
        if (!strcmp(o->name, "-q")) {
            if (eq) { cli_error("オプション -q は値をとりません"); return CLI_USAGE; }
            c->quiet = true;
            continue;
        }
        /* --db PATH */
        const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!v || !*v) {
            cli_error("--db にはデータベースのファイルを指定してください（例: kumo --db /srv/kumo/kumo.db）");
            return CLI_USAGE;
        }
        c->db_path = v;
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

/* The second words of a command that needs one (kumo export → register, applications …), each with what it does. */
static void list_kinds(FILE *out, const char *name)
{
    int col = 0;
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *r = GROUPS[g]; r->name; r++)
            if (!strcmp(r->name, name) && r->sub && (int)strlen(r->sub) > col) col = (int)strlen(r->sub);
    for (size_t g = 0; g < NGROUPS; g++)
        for (const cli_command *r = GROUPS[g]; r->name; r++)
            if (!strcmp(r->name, name) && r->sub) fprintf(out, "  %-*s  %s\n", col, r->sub, r->summary);
}

int cli_run(cli_ctx *c)
{
    c->cmd = cli_find(c->argc, c->argv, &c->words);
    bool help = false;
    for (int i = 1; i < c->argc && strcmp(c->argv[i], "--"); i++)
        if (is_help(c->argv[i])) help = true;
    if (!c->cmd && !name_known(c->argv[0])) {
        error_with_word("不明なコマンドです: %s（kumo --help を参照）", c->argv[0]);
        return CLI_USAGE;
    }
    if (help) {
        /* kumo review --help shows review, review respond and review list; kumo review list --help the one */
        if (c->cmd && c->words == 2) command_help(stdout, c->cmd);
        else forms_help(stdout, c->argv[0]);
        return CLI_OK;
    }
    if (!c->cmd) {
        /* the first word of a command that needs a second one: what may follow it */
        bool second = c->argc > 1 && is_word(c->argv[1]);
        if (second) {
            char *clean = text_sanitize(c->argv[1]);
            cli_error("kumo %s の種類が不明です: %s", c->argv[0], clean ? clean : "");
            free(clean);
        }
        fprintf(stderr, "kumo %s の後に次のいずれかを指定してください（kumo %s --help で全オプション）:\n", c->argv[0],
                c->argv[0]);
        list_kinds(stderr, c->argv[0]);
        return CLI_USAGE;
    }
    int rc = cli_parse(c);
    return rc >= 0 ? rc : c->cmd->fn(c);
}
