/* The command line's regulation: the yearly review of the regulation itself (規定003 §5) recorded and listed
   (cli/cmd_regulation.c). */
#ifndef KUMO_CLI_CMD_REGULATION_H
#define KUMO_CLI_CMD_REGULATION_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_REGULATION_COMMANDS[];
#endif
