/* The command line's due, review, terminate, manager: the life of an approved service (cli/cmd_lifecycle.c). */
#ifndef KUMO_CLI_CMD_LIFECYCLE_H
#define KUMO_CLI_CMD_LIFECYCLE_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_LIFECYCLE_COMMANDS[];
#endif
