/* The command line's filing and deciding: kumo app …, kumo decide, kumo change, kumo checklist (cli/cmd_app.c). */
#ifndef KUMO_CLI_CMD_APP_H
#define KUMO_CLI_CMD_APP_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_APP_COMMANDS[];
#endif
