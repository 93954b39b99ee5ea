/* The command line's reminder mail and settings (cli/cmd_mail.c). */
#ifndef KUMO_CLI_CMD_MAIL_H
#define KUMO_CLI_CMD_MAIL_H
#include "cli/cli.h"

/* The rows of the command table, ending with CLI_COMMANDS_END. */
extern const cli_command CLI_MAIL_COMMANDS[];
#endif
