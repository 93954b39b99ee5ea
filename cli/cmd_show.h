/* The command line's show: one application as text (cli/cmd_show.c). */
#ifndef KUMO_CLI_CMD_SHOW_H
#define KUMO_CLI_CMD_SHOW_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_SHOW_COMMANDS[];
#endif
