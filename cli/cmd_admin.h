/* The command line's user, dept: the システム管理者's commands (cli/cmd_admin.c). */
#ifndef KUMO_CLI_CMD_ADMIN_H
#define KUMO_CLI_CMD_ADMIN_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_ADMIN_COMMANDS[];
#endif
