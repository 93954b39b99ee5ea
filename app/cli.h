/* The command line: every command a script or cron needs, without the terminal UI. */
#ifndef KUMO_CLI_H
#define KUMO_CLI_H
#include "app/app.h"

/* Options common to every command. */
typedef struct cli_ctx {
    const char *db_path;     /* resolved: --db, $KUMO_DB, or the XDG default */
    int argc;                /* the command's own arguments (argv[0] is the command name) */
    char **argv;
} cli_ctx;

typedef int (*cli_fn)(cli_ctx *c);

typedef struct cli_command {
    const char *name;
    const char *sub;         /* second word (export register), or NULL */
    cli_fn fn;
    const char *usage;       /* one line of --help */
} cli_command;

/* Opens the database and logs in (KUMO_USER only in a demo database); prints the Japanese error and returns
   NULL on failure. */
kumo *cli_session(cli_ctx *c);
/* Prints "kumo: <message>" to stderr: the same text the UI would show. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_status_error(kumo *k, kstatus s);
/* Ends a command that opened a session: prints the message of a failed step, closes the session, and returns the
   exit code (1 when s is a failure, else 0). */
int cli_done(kumo **k, kstatus s);
/* The file given with -o, or NULL after saying how to give it (ext: "xlsx" or "csv"). */
const char *cli_output(cli_ctx *c, const char *ext);
/* Finds "--name VALUE" or "--name=VALUE" in the command's arguments; NULL if absent. */
const char *cli_opt(cli_ctx *c, const char *name);
bool cli_flag(cli_ctx *c, const char *name);
/* The i-th argument that is not an option or an option's value (0-based, after the command words). */
const char *cli_arg(cli_ctx *c, int i, int skip_words);

int cli_init(cli_ctx *c);
int cli_demo(cli_ctx *c);
int cli_user(cli_ctx *c);
int cli_dept(cli_ctx *c);
int cli_export_register(cli_ctx *c);
int cli_show(cli_ctx *c);
int ui_main(const char *db_path);
int cli_export_applications(cli_ctx *c);
int cli_export_form(cli_ctx *c);
int cli_export_register_csv(cli_ctx *c);
int cli_import_register(cli_ctx *c);
int cli_review(cli_ctx *c);
int cli_terminate(cli_ctx *c);
int cli_manager(cli_ctx *c);
int cli_due(cli_ctx *c);
int cli_export_reviews(cli_ctx *c);
#endif
