/* The command line, a front end beside ui/: one table row per command (its words, handler, arguments, options and
   help), and everything made from the table — the reading of the command line (an option a command does not list is
   refused), `kumo --help`, `kumo COMMAND --help`, the usage error, and the command lists of the README and the man
   page (kumo --help-markdown, kumo --help-man; `make docs`). Commands call app/ only. */
#ifndef KUMO_CLI_H
#define KUMO_CLI_H
#include <stdbool.h>
#include <stdio.h>

#include "app/app.h"

/* The exit status of every command: one scheme, documented in --help, the README and the man page's EXIT STATUS
   (CLI_EXIT_CODES). */
enum {
    CLI_OK = 0,      /* done (kumo due: nothing due or overdue; kumo audit verify: the trail is whole) */
    CLI_FOUND = 1,   /* a check found something to act on (kumo due: items due or overdue are listed; kumo audit
                        verify: a record or row does not fit) */
    CLI_USAGE = 2,   /* the command line is wrong: unknown command or option, a missing argument or value, a value
                        not in the form the option takes; nothing was done */
    CLI_ERROR = 3,   /* it could not be done: the database, the policy (no permission), a rule of the form, a file */
};

typedef struct cli_exit_doc {
    int code;
    const char *text;   /* Japanese, one line */
} cli_exit_doc;
extern const cli_exit_doc CLI_EXIT_CODES[];   /* ends with a NULL text */

typedef struct cli_command cli_command;
typedef struct cli_ctx cli_ctx;

/* An option a command accepts. */
typedef struct cli_option {
    const char *name;            /* "--all", "-o" */
    const char *value;           /* the value's name in the usage line ("FILE.xlsx"), or NULL for a flag */
    const char *help;            /* one line for --help */
    bool required;               /* shown without [ ] in the usage line; refused when missing */
    const char *needs;           /* an option of the same command this one is meaningful only with ("--csv" for
                                    --encoding), or NULL: given alone it is refused */
    const char *alias;           /* another spelling ("--output" for -o), or NULL */
} cli_option;
#define CLI_OPTIONS_END {NULL, NULL, NULL, false, NULL, NULL}

/* A command: `kumo NAME [SUB] ARGS OPTIONS`. A command group (cli/cmd_*.c) lists its rows in one table that ends
   with CLI_COMMANDS_END; cli.c lists the groups. */
struct cli_command {
    const char *name;            /* first word: "export" */
    const char *sub;             /* second word: "register"; NULL when the command has none */
    int (*fn)(cli_ctx *c);       /* returns the exit status */
    const char *args;            /* the arguments as the usage line shows them, space-separated: "申請番号",
                                    "ログイン名 氏名"; "[X]" is optional, "X..." takes any number; NULL for none */
    const cli_option *opts;      /* the options it accepts, ending with CLI_OPTIONS_END; NULL for none */
    const char *summary;         /* what it does, one line */
    bool dflt;                   /* also runs when the first word is given alone (kumo user → user list) */
};
#define CLI_COMMANDS_END {NULL, NULL, NULL, NULL, NULL, NULL, false}

#define CLI_MAX_GIVEN 32
#define CLI_MAX_ARGS 16

/* One run of a command. */
struct cli_ctx {
    const char *db_path;         /* resolved: --db, $KUMO_DB, or the XDG default */
    int argc;                    /* the command's own arguments: argv[0] is the command name */
    char **argv;
    int words;                   /* how many of argv are command words (1, or 2 with a second word) */
    const cli_command *cmd;      /* the table row that matched */
    bool quiet;                  /* -q: no progress, no notice of what was done (errors still) */
    /* what cli_parse read: the options given with their values ("" for a flag) and the arguments */
    struct { const cli_option *opt; const char *value; } given[CLI_MAX_GIVEN];
    int ngiven;
    const char *args[CLI_MAX_ARGS];
    int nargs;
};

/* Options of kumo itself: before the command (all of them) or among its options (--db, -q, --help). */
extern const cli_option CLI_GLOBAL_OPTIONS[];

/* Reads kumo's own options (argv[0] is the program). Returns -1 to go on, with c->db_path set and c->argc/argv the
   command's words and arguments (argc 0: no command, open the UI); else the exit status of --help, --version or a
   wrong option, which it has already printed. defpath holds the default database path. */
int cli_start(cli_ctx *c, int argc, char **argv, char *defpath, size_t n);
/* Finds the command's row, reads its options and arguments against the row and runs it (or prints its --help). */
int cli_run(cli_ctx *c);
/* Reads c->argv against c->cmd's row (c->cmd and c->words set): -1 when the command may run, else CLI_USAGE after
   saying what is wrong (an unknown option, a missing value, an option without the one it needs, a missing required
   option, too few or too many arguments). */
int cli_parse(cli_ctx *c);
/* Every command group's table, in the order kumo --help lists them (*n of them). */
const cli_command *const *cli_groups(size_t *n);
/* The row for argv (the command's words first), or NULL; *words gets how many words it used. */
const cli_command *cli_find(int argc, char **argv, int *words);

/* kumo --help, from the table. */
void cli_usage(FILE *out);
/* The README's command list (Markdown) and the man page's sections (roff) from the table: kumo --help-markdown, kumo
   --help-man synopsis (SYNOPSIS), kumo --help-man commands (OPTIONS, COMMANDS, EXIT STATUS); `make docs` puts them
   into README.md and kumo.1. part NULL: both; false for an unknown part. */
void cli_help_markdown(FILE *out);
bool cli_help_man(FILE *out, const char *part);
/* The usage line of a row: "kumo export register [--all] -o FILE.xlsx" (full: every option; otherwise the required
   ones and, when there are more than a few others, "[オプション]"). */
void cli_usage_line(const cli_command *cmd, bool full, char *buf, size_t n);

/* Opens the database and logs in (KUMO_USER only in a demo database); prints the Japanese error and returns
   NULL on failure. Long steps of the session show their progress on stderr when it is a terminal (not with -q). */
kumo *cli_session(cli_ctx *c);
/* The progress callback of this run (for steps without a session, such as kumo demo): NULL fn when stderr is not a
   terminal or -q was given. */
kprogress cli_progress(cli_ctx *c);
/* Prints "kumo: <message>" to stderr: the same text the UI would show. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Says what was done (…を出力しました): on stdout, or on stderr when stdout carries the file (-o -); nothing with
   -q. */
void cli_notice(cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the session's last message, or the status's text. */
void cli_status_error(kumo *k, kstatus s);
/* Ends a command that opened a session: prints the message of a failed step, closes the session, and returns the
   exit status (CLI_ERROR when s is a failure, else CLI_OK). */
int cli_done(kumo **k, kstatus s);
/* "使い方: <the row's usage line>" on stderr; returns CLI_USAGE. */
int cli_usage_error(const cli_ctx *c);
/* The file given with -o for a file of format ext ("xlsx", "csv"; NULL: a binary file of any name, such as a
   backup): "-" for standard output (never a terminal for a binary file), else a path whose extension is .ext (any
   case). NULL after saying what is wrong: missing, a folder, an
   extension of another format (the caller returns CLI_USAGE). */
const char *cli_output(cli_ctx *c, const char *ext);
/* The value of an option given (by its name or alias), NULL if absent; "" for a flag. */
const char *cli_opt(cli_ctx *c, const char *name);
/* cli_opt, or def when the option is absent. */
const char *cli_opt_or(cli_ctx *c, const char *name, const char *def);
bool cli_flag(cli_ctx *c, const char *name);
/* The i-th argument (0-based), NULL when fewer were given. */
const char *cli_arg(cli_ctx *c, int i);
/* Reads a 年度 option (--fy): 2026, R8, r8, 令和8, 令和8年度; the current 年度 when absent. false after saying
   what is wrong. */
bool cli_fy(cli_ctx *c, const char *name, int *fy);
#endif
