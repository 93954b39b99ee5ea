/* The command line, a front end beside ui/: one table row per command (its words, handler, arguments, options and
   help), the dispatch and usage text made from the table, and the helpers every command shares. Commands call
   app/ only. */
#ifndef KUMO_CLI_H
#define KUMO_CLI_H
#include <stdbool.h>
#include <stdio.h>

#include "app/app.h"

typedef struct cli_command cli_command;

/* One run of a command. */
typedef struct cli_ctx {
    const char *db_path;         /* resolved: --db, $KUMO_DB, or the XDG default */
    int argc;                    /* the command's own arguments: argv[0] is the command name */
    char **argv;
    int words;                   /* how many of argv are command words (1, or 2 with a second word) */
    const cli_command *cmd;      /* the table row that matched */
} cli_ctx;

/* An option a command accepts. */
typedef struct cli_option {
    const char *name;            /* "--all", "-o" */
    const char *value;           /* the value's name in the usage line ("FILE.xlsx"), or NULL for a flag */
    const char *help;            /* one line for --help */
    bool required;               /* shown without [ ] in the usage line */
} cli_option;

/* A command: `kumo NAME [SUB] ARGS OPTIONS`. A command group (cli/cmd_*.c) lists its rows in one table that ends
   with a row whose name is NULL; cli.c lists the groups. */
struct cli_command {
    const char *name;            /* first word: "export" */
    const char *sub;             /* second word: "register"; NULL when the command has none */
    int (*fn)(cli_ctx *c);       /* returns the exit code */
    const char *args;            /* the arguments as the usage line shows them ("申請番号"), or NULL */
    const cli_option *opts;      /* the options it accepts, ending with a NULL name; NULL for none */
    const char *summary;         /* what it does, one line */
    bool dflt;                   /* also runs when the first word is given alone (kumo user → user list) */
};

/* Options of kumo itself, before the command: --db, --help, --version. */
extern const cli_option CLI_GLOBAL_OPTIONS[];

/* Reads kumo's own options (argv[0] is the program). Returns -1 to go on, with c->db_path set and c->argc/argv the
   command's words and arguments (argc 0: no command, open the UI); else the exit code of --help, --version or a
   wrong option, which it has already printed. defpath holds the default database path. */
int cli_start(cli_ctx *c, int argc, char **argv, char *defpath, size_t n);
/* Finds the command's row in the table and runs it (or prints its --help). */
int cli_run(cli_ctx *c);
/* kumo --help, from the table. */
void cli_usage(FILE *out);
/* The row for argv (the command's words first), or NULL; *words gets how many words it used. */
const cli_command *cli_find(int argc, char **argv, int *words);
/* The usage line of a row: "kumo export register [--all] -o FILE.xlsx" (full: every option; otherwise the required
   ones and, when there are more than a few others, "[オプション]"). */
void cli_usage_line(const cli_command *cmd, bool full, char *buf, size_t n);

/* Opens the database and logs in (KUMO_USER only in a demo database); prints the Japanese error and returns
   NULL on failure. */
kumo *cli_session(cli_ctx *c);
/* Prints "kumo: <message>" to stderr: the same text the UI would show. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the session's last message, or the status's text. */
void cli_status_error(kumo *k, kstatus s);
/* Ends a command that opened a session: prints the message of a failed step, closes the session, and returns the
   exit code (1 when s is a failure, else 0). */
int cli_done(kumo **k, kstatus s);
/* "使い方: <the row's usage line>" on stderr; returns 2, the exit code of a usage error. */
int cli_usage_error(const cli_ctx *c);
/* The file given with -o, or NULL after saying how to give it (ext: "xlsx" or "csv"). */
const char *cli_output(cli_ctx *c, const char *ext);
/* Finds "--name VALUE" or "--name=VALUE" in the command's arguments; NULL if absent. */
const char *cli_opt(cli_ctx *c, const char *name);
/* cli_opt, or def when the option is absent. */
const char *cli_opt_or(cli_ctx *c, const char *name, const char *def);
bool cli_flag(cli_ctx *c, const char *name);
/* The i-th argument after the command words that is not an option or an option's value (0-based). */
const char *cli_arg(cli_ctx *c, int i);
#endif
