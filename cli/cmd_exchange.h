/* The command line's export, import: registers and forms to and from files (cli/cmd_exchange.c). */
#ifndef KUMO_CLI_CMD_EXCHANGE_H
#define KUMO_CLI_CMD_EXCHANGE_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_EXCHANGE_COMMANDS[];
#endif
