/* kumo audit verify | head | export: the audit trail from the command line (cli/cmd_audit.c). */
#ifndef KUMO_CLI_CMD_AUDIT_H
#define KUMO_CLI_CMD_AUDIT_H
#include "cli/cli.h"

/* The rows of the command table, ending with a NULL name. */
extern const cli_command CLI_AUDIT_COMMANDS[];
#endif
