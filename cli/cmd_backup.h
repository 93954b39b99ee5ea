/* The command line's backup and restore (cli/cmd_backup.c). */
#ifndef KUMO_CLI_CMD_BACKUP_H
#define KUMO_CLI_CMD_BACKUP_H
#include "cli/cli.h"

/* The rows of the command table, ending with CLI_COMMANDS_END. */
extern const cli_command CLI_BACKUP_COMMANDS[];
#endif
