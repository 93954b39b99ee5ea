/* The command line's init, demo: making a database (cli/cmd_setup.c). */
#ifndef KUMO_CLI_CMD_SETUP_H
#define KUMO_CLI_CMD_SETUP_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_SETUP_COMMANDS[];
#endif
